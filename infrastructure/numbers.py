"""Figures as the college prints them: credit hours without a needless ".0"."""

from decimal import Decimal, InvalidOperation


def hours_display(value) -> str:
    """12 → "12", Decimal("12.0") → "12", 1.5 → "1.5", 2.25 → "2.25"; None → ""."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if number == 0:
        return "0"
    if number == number.to_integral_value():
        return format(number.quantize(Decimal(1)), "f")
    return format(number.normalize(), "f")

from django import template

from infrastructure.numbers import hours_display

register = template.Library()


@register.filter
def hours(value) -> str:
    """Credit hours: "12" for 12.0, "1.5" for 1.5 (`{{ course.hours|hours }}`)."""
    return hours_display(value)

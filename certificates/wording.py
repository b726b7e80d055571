"""The certificate wording's placeholder language: named fields only.

Editors write text with placeholders such as {name} and {hours}. Nothing else is
interpreted: no attribute or item access, no format specs, no positional fields.
Wording is checked when a template is saved (naming any unknown placeholder), and
filling it is plain string replacement with every value cut to a bounded length,
so an editor's text can neither reach Python objects nor make a huge output.
"""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PLACEHOLDERS = (
    "name",
    "programme",
    "hours",
    "period",
    "completion_date",
    "start_date",
    "end_date",
    "issue_date",
)
# The official form (代表证书的规范表述): the deputy, when and what they attended,
# the required content completed, passed, allowed to finish.
DEFAULT_WORDING = (
    "{name}代表于{period}参加{programme}，完成规定学习内容，共计{hours}学时，"
    "成绩合格，准予结业。\n特发此证。"
)
SERIAL_PLACEHOLDERS = ("year", "number")
# A Chinese document number: issuer's short name, year in 〔〕, number in the year.
DEFAULT_SERIAL_FORMAT = "沪人大培〔{year}〕第{number}号"
SERIAL_MAX_LENGTH = 60
SERIAL_NUMBER_DIGITS = 4
MAX_WORDING_LENGTH = 1000
MAX_VALUE_LENGTH = 200

# "{{" and "}}" print a literal brace; "{...}" is a placeholder.
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


def validate_wording(text: str) -> None:
    """Refuse wording with unknown placeholders or stray braces, naming them."""
    _validate_placeholders(text, PLACEHOLDERS, max_length=MAX_WORDING_LENGTH)


def validate_serial_format(text: str) -> None:
    """A serial format with {year} and {number} and nothing else to fill in.

    Both are needed: without the number serials repeat, without the year each new
    year's numbering would collide with the last one's.
    """
    _validate_placeholders(text, SERIAL_PLACEHOLDERS, max_length=30)
    used = {m.group(1) for m in _TOKEN.finditer(text) if m.group(1)}
    missing = [name for name in SERIAL_PLACEHOLDERS if name not in used]
    if missing:
        raise ValidationError(
            _("The serial format needs %(missing)s.")
            % {"missing": " ".join("{" + name + "}" for name in missing)}
        )


def fill_serial(text: str, *, year: int, number: int) -> str:
    """The serial of the year's nth certificate in the template's format."""
    return fill_wording(
        text,
        {"year": year, "number": f"{number:0{SERIAL_NUMBER_DIGITS}d}"},
        placeholders=SERIAL_PLACEHOLDERS,
    )[:SERIAL_MAX_LENGTH]


def _validate_placeholders(
    text: str, placeholders: tuple[str, ...], *, max_length: int
) -> None:
    if len(text) > max_length:
        raise ValidationError(
            _("This text is longer than %(max)d characters.") % {"max": max_length}
        )
    unknown = []
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        if token in ("{", "}"):
            raise ValidationError(
                _(
                    "A brace “%(brace)s” stands alone; write {{ or }} for a "
                    "brace in the text."
                )
                % {"brace": token}
            )
        if match.group(1) not in placeholders:
            unknown.append(token)
    if unknown:
        raise ValidationError(
            _("Unknown placeholder %(unknown)s. Use only: %(known)s.")
            % {
                "unknown": "、".join(unknown),
                "known": " ".join("{" + name + "}" for name in placeholders),
            }
        )


def fill_wording(
    text: str, facts: dict, *, placeholders: tuple[str, ...] = PLACEHOLDERS
) -> str:
    """The wording with each placeholder replaced by its fact (unknown ones kept as
    written, for wording saved before it was checked)."""

    def replace(match: re.Match) -> str:
        token = match.group(0)
        if token in ("{{", "}}"):
            return token[0]
        name = match.group(1)
        if name in placeholders and name in facts:
            return str(facts[name])[:MAX_VALUE_LENGTH]
        return token

    return _TOKEN.sub(replace, text[:MAX_WORDING_LENGTH])


def hours_text(hours: Decimal | int | str) -> str:
    """12 for twelve hours, 1.5 for one and a half: never 12.0."""
    value = Decimal(str(hours))
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")

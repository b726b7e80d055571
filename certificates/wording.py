"""The certificate wording's placeholder language: named fields only.

Editors write text with placeholders such as {name} and {hours}. Nothing else is
interpreted: no attribute or item access, no format specs, no positional fields.
Wording is checked when a template is saved (naming any unknown placeholder), and
filling it is plain string replacement with every value cut to a bounded length,
so an editor's text can neither reach Python objects nor make a huge output.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PLACEHOLDERS = ("name", "programme", "hours", "start_date", "end_date", "issue_date")
MAX_WORDING_LENGTH = 1000
MAX_VALUE_LENGTH = 200

# "{{" and "}}" print a literal brace; "{...}" is a placeholder.
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


def validate_wording(text: str) -> None:
    """Refuse wording with unknown placeholders or stray braces, naming them."""
    if len(text) > MAX_WORDING_LENGTH:
        raise ValidationError(
            _("The wording is longer than %(max)d characters.")
            % {"max": MAX_WORDING_LENGTH}
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
        if match.group(1) not in PLACEHOLDERS:
            unknown.append(token)
    if unknown:
        raise ValidationError(
            _("Unknown placeholder %(unknown)s. Use only: %(known)s.")
            % {
                "unknown": "、".join(unknown),
                "known": " ".join("{" + name + "}" for name in PLACEHOLDERS),
            }
        )


def fill_wording(text: str, facts: dict) -> str:
    """The wording with each placeholder replaced by its fact (unknown ones kept as
    written, for wording saved before it was checked)."""

    def replace(match: re.Match) -> str:
        token = match.group(0)
        if token in ("{{", "}}"):
            return token[0]
        name = match.group(1)
        if name in PLACEHOLDERS and name in facts:
            return str(facts[name])[:MAX_VALUE_LENGTH]
        return token

    return _TOKEN.sub(replace, text[:MAX_WORDING_LENGTH])

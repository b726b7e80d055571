"""Text that comes from outside (rosters, forms, posts): normalised, and refused when
it holds characters that hide, reorder or fake what a reader sees.

Names are NFC-normalised and trimmed (full-width spaces too). Refused, with the
character's code point: control characters, format characters (bidi overrides
such as U+202E, zero-width spaces and joiners, the BOM), private-use, unassigned
and surrogate code points, and combining marks that do not sit on a letter they
can combine with (a mark at the start, after a space or a Chinese character, or a
pile of them).
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Unicode general categories refused anywhere in a name or a line of text.
REFUSED_CATEGORIES = {"Cc", "Cf", "Co", "Cn", "Cs", "Zl", "Zp"}
COMBINING = {"Mn", "Mc", "Me"}
# After NFC a real name keeps at most two marks on a letter (e.g. Vietnamese).
MAX_MARKS = 2


def text_normalise(value: str) -> str:
    """NFC, with surrounding white space (full-width included) removed."""
    return unicodedata.normalize("NFC", value).strip()


def text_match_key(value: str) -> str:
    """The form two names are compared in: NFKC (full-width letters and digits become
    ASCII) with every white space, inside the name too, removed."""
    return "".join(unicodedata.normalize("NFKC", value).split())


def _combines_with(base: str) -> bool:
    """Whether a combining mark may follow this character (a letter of an alphabet)."""
    if not base or unicodedata.category(base)[0] != "L":
        return False
    # Han, kana and hangul take no combining marks in names.
    name = unicodedata.name(base, "")
    return not name.startswith(("CJK ", "HIRAGANA", "KATAKANA", "HANGUL"))


def unsafe_characters(value: str) -> list[str]:
    """The characters of `value` that are refused, each once, in order."""
    found: list[str] = []
    base = ""
    marks = 0  # combining marks since the last base character
    for char in value:
        category = unicodedata.category(char)
        if category in COMBINING:
            marks += 1
            refused = not _combines_with(base) or marks > MAX_MARKS
        else:
            base, marks = char, 0
            refused = category in REFUSED_CATEGORIES
        if refused and char not in found:
            found.append(char)
    return found


def describe_characters(chars: list[str]) -> str:
    return "、".join(
        f"U+{ord(char):04X} {unicodedata.name(char, '')}".strip() for char in chars
    )


def validate_clean_text(value: str) -> None:
    """A model-field validator: refuse hidden, reordering or stray characters."""
    _refuse(unsafe_characters(value))


def validate_clean_paragraphs(value: str) -> None:
    """The same for text of several lines: line breaks are allowed."""
    _refuse([char for char in unsafe_characters(value) if char not in "\r\n"])


def _refuse(bad: list[str]) -> None:
    if bad:
        raise ValidationError(
            _("Contains characters that cannot be used: %(chars)s.")
            % {"chars": describe_characters(bad)},
            code="unsafe_characters",
        )

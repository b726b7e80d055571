"""Names and text from outside: normalised, hidden and reordering characters refused."""

import pytest
from django.core.exceptions import ValidationError

from infrastructure.text import text_normalise, unsafe_characters, validate_clean_text

REFUSED = {
    "张\u200b明": "\u200b",  # zero-width space
    "张\u202e明": "\u202e",  # right-to-left override
    "张\u2066明\u2069": "\u2066",  # isolate
    "张\ufeff明": "\ufeff",  # byte order mark
    "张\u0000明": "\u0000",  # NUL
    "张\u001b明": "\u001b",  # escape
    "张明\u0301": "\u0301",  # combining acute on a Han character
    "\u0301张明": "\u0301",  # combining mark at the start
    "Zoe\u0301\u0301\u0301\u0301": "\u0301",  # a pile of marks (one composes)
    "张\ue000明": "\ue000",  # private use
    "张\u2028明": "\u2028",  # line separator
}


@pytest.mark.parametrize(("value", "char"), REFUSED.items())
def test_hidden_reordering_and_stray_characters_are_refused(value, char):
    assert char in unsafe_characters(text_normalise(value))
    with pytest.raises(ValidationError) as refused:
        validate_clean_text(text_normalise(value))
    assert f"U+{ord(char):04X}" in " ".join(refused.value.messages)


@pytest.mark.parametrize(
    "value", ["张明", "李𠈌华", "阿依古丽·买买提", "Zoë", "Zoe\u0301", "O'Brien"]
)
def test_real_names_pass(value):
    validate_clean_text(text_normalise(value))


def test_names_are_composed_and_trimmed_of_full_width_spaces():
    assert text_normalise("\u3000 Zoe\u0301\u3000") == "Zoé"

"""Both catalogues are complete: no untranslated and no fuzzy entry."""

import subprocess
from pathlib import Path

import pytest
from django.utils import translation

LOCALE = Path(__file__).resolve().parent.parent / "locale"


@pytest.mark.parametrize("language", ["zh_Hans", "en"])
def test_catalogue_is_complete_and_compiles(language, tmp_path):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", str(tmp_path / "out.mo"), str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, (
        result.stderr
    )


def test_catalogue_covers_every_message_of_the_code(tmp_path):
    """A msgid added to the code but not to the catalogue fails here."""
    po = (LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    for msgid in [
        "Deputy College",
        "Initial-term learning",
        "Course catalogue",
        "Log in",
    ]:
        assert f'msgid "{msgid}"' in po


def test_chinese_is_what_users_see_by_default(client, home):
    html = client.get("/").content.decode()
    assert "课程目录" in html
    with translation.override("en"):
        assert translation.gettext("Course catalogue") == "Course catalogue"

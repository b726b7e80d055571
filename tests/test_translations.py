"""Both catalogues are complete: no untranslated and no fuzzy entry, none missing."""

import ast
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

BASE_DIR = Path(__file__).resolve().parent.parent
LOCALE = BASE_DIR / "locale"
# Not the project's code: environments, generated files, tests and documentation.
NOT_SCANNED = [
    ".*",
    "__pycache__",
    "var",
    "static_collected",
    "media",
    "node_modules",
    "locale",
    "tests",
    "docs",
    "build",
    "*.egg-info",
]


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


def _unquote(line: str) -> str:
    return ast.literal_eval(line.strip())


def _entries(po: Path) -> list[dict]:
    """A PO file's entries: msgctxt, msgid, msgid_plural, msgstr(s), flags, places."""
    entries, entry, field = [], None, None

    def close():
        if entry and "msgid" in entry:
            entries.append(entry)

    for line in po.read_text(encoding="utf-8").splitlines():
        if line.startswith("#~"):  # obsolete
            continue
        if not line.strip():
            close()
            entry, field = None, None
            continue
        if entry is None or (line.startswith("#") and "msgid" in entry):
            close()
            entry = {"flags": set(), "places": [], "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#:"):
            entry["places"].extend(line[2:].split())
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if field[0] == "msgstr":
                entry["msgstr"][field[1]] += _unquote(line)
            else:
                entry[field] += _unquote(line)
        else:
            keyword, _, value = line.partition(" ")
            if keyword.startswith("msgstr"):
                index = keyword[len("msgstr[") : -1] if "[" in keyword else "0"
                field = ("msgstr", index)
                entry["msgstr"][index] = _unquote(value)
            else:
                field = keyword
                entry[keyword] = _unquote(value)
    close()
    return [e for e in entries if e["msgid"]]  # the header has an empty msgid


def _key(entry: dict) -> tuple[str, str, str]:
    return entry.get("msgctxt", ""), entry["msgid"], entry.get("msgid_plural", "")


def _extracted_messages(tmp_path: Path, settings, monkeypatch) -> list[dict]:
    """Every msgid of the code and templates, as makemessages extracts it today."""
    copy = tmp_path / "project"
    shutil.copytree(BASE_DIR, copy, ignore=shutil.ignore_patterns(*NOT_SCANNED))
    (copy / "locale").mkdir()
    # Only the copy's own locale folder: nothing may be written to the real one.
    settings.LOCALE_PATHS = []
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["zh_Hans"], domain="django", verbosity=0)
    return _entries(copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po")


def test_catalogue_covers_every_message_of_the_code(tmp_path, settings, monkeypatch):
    """A msgid added to the code or a template but not translated fails here."""
    translated = {
        _key(entry)
        for entry in _entries(LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po")
        if "fuzzy" not in entry["flags"] and all(entry["msgstr"].values())
    }
    extracted = _extracted_messages(tmp_path, settings, monkeypatch)
    assert len(extracted) > 100, "makemessages found the project's messages"
    missing = [entry for entry in extracted if _key(entry) not in translated]
    assert not missing, (
        "no Chinese translation in zh_Hans/django.po for:\n"
        + "\n".join(
            f"  {entry['msgid']!r}"
            + (
                f" (plural {entry['msgid_plural']!r})"
                if "msgid_plural" in entry
                else ""
            )
            + (f" [context {entry['msgctxt']!r}]" if "msgctxt" in entry else "")
            + f"  at {' '.join(entry['places'][:3])}"
            for entry in missing
        )
    )


def test_chinese_is_what_users_see_by_default(client, home):
    html = client.get("/").content.decode()
    assert "课程目录" in html
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Course catalogue" in english and "课程目录" not in english

"""The project's catalogue does not override Wagtail's or Django's Chinese.

Django reads the project's catalogue (LOCALE_PATHS) before the apps' own, so a msgid
the project translates is translated that way everywhere, the admin included: the
sidebar's "Pages" read as pagination, a page's "slug" as another word. A msgid
(with the same msgctxt) that Wagtail or Django already translate must be
translated as they do, take a msgctxt of its own, or be listed in the glossary as
a deliberate override.
"""

import gettext
from pathlib import Path

import django
import wagtail

from tests.test_glossary import _code, glossary_table
from tests.test_translations import _entries

BASE_DIR = Path(__file__).resolve().parent.parent
CATALOGUE = BASE_DIR / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
OVERRIDES = "Deliberate overrides of Wagtail's and Django's Chinese (checked)"


def shipped_translations() -> dict:
    """msgid (or context + EOT + msgid) → {(translation, catalogue)}."""
    found: dict = {}
    for package in (wagtail, django):
        root = Path(package.__file__).parent
        for mo in root.rglob("locale/zh_Hans/LC_MESSAGES/django.mo"):
            with mo.open("rb") as file:
                catalog = gettext.GNUTranslations(file)._catalog  # type: ignore[attr-defined]
            for key, value in catalog.items():
                if key and value:
                    place = str(mo.relative_to(root.parent))
                    found.setdefault(key, set()).add((value, place))
    return found


def _key(entry: dict):
    key = entry["msgid"]
    if "msgctxt" in entry:
        key = entry["msgctxt"] + "\x04" + key
    return (key, 0) if "msgid_plural" in entry else key


def deliberate_overrides() -> set[str]:
    return {_code(row[0]) for row in glossary_table(OVERRIDES)}


def conflicts() -> dict[str, str]:
    shipped = shipped_translations()
    found = {}
    for entry in _entries(CATALOGUE):
        ours = entry["msgstr"].get("0")
        theirs = shipped.get(_key(entry))
        if ours and theirs and ours not in {value for value, _ in theirs}:
            found[entry["msgid"] if "msgctxt" not in entry else _key(entry)] = (
                f"ours {ours!r}, theirs "
                + ", ".join(sorted(f"{v!r} ({place})" for v, place in theirs))
            )
    return found


def test_wagtail_and_django_catalogues_were_read():
    shipped = shipped_translations()
    assert {value for value, _ in shipped["Pages"]} == {"页面"}
    assert ("注销", "wagtail/admin/locale/zh_Hans/LC_MESSAGES/django.mo") in shipped[
        "Log out"
    ]


def test_the_project_overrides_no_shipped_translation_unless_the_glossary_says_so():
    allowed = deliberate_overrides()
    found = {msgid: why for msgid, why in conflicts().items() if msgid not in allowed}
    assert not found, (
        "translated differently from Wagtail/Django (use pgettext with a context, "
        "their wording, or list it in docs/glossary.md):\n"
        + "\n".join(f"  {msgid!r}: {why}" for msgid, why in found.items())
    )


def test_every_deliberate_override_is_one():
    """The glossary's list does not keep msgids that no longer override anything."""
    stale = deliberate_overrides() - set(conflicts())
    assert not stale, f"listed as overrides but not overriding: {sorted(stale)}"


def test_a_deputys_name_and_a_delegations_name_read_as_the_admin_says(client):
    from django.utils import translation

    from people.models import Delegation, Deputy

    with translation.override("zh-hans"):
        assert str(Deputy._meta.get_field("name").verbose_name) == "姓名"
        assert str(Delegation._meta.get_field("name").verbose_name) == "名称"

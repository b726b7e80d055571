"""The college's admin reads in Chinese: no Wagtail string left in English.

Training administrators and course editors open their screens (lists, empty
lists, forms, the page tree and editor); no text on them may be a Wagtail message
that neither Wagtail's, Django's nor the project's zh_Hans catalogue translates.
"""

import gettext
import re
from html.parser import HTMLParser
from pathlib import Path

import django
import pytest
import wagtail
from django.contrib.auth.models import Group

from tests.test_translations import _entries

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


def _untranslated_wagtail_messages() -> list[re.Pattern]:
    translated: set = set()
    for package in (wagtail, django):
        for mo in Path(package.__file__).parent.rglob(
            "locale/zh_Hans/LC_MESSAGES/django.mo"
        ):
            with mo.open("rb") as file:
                translated.update(gettext.GNUTranslations(file)._catalog)  # type: ignore[attr-defined]
    ours = _entries(BASE_DIR / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po")
    translated.update(
        (e["msgctxt"] + "\x04" if "msgctxt" in e else "") + e["msgid"] for e in ours
    )
    patterns = []
    for po in Path(wagtail.__file__).parent.rglob("locale/en/LC_MESSAGES/django.po"):
        for entry in _entries(po):
            key = ("msgctxt" in entry and entry["msgctxt"] + "\x04" or "") + entry[
                "msgid"
            ]
            text = " ".join(entry["msgid"].split())
            if key in translated or "<" in text or len(text) < 4:
                continue
            parts = PLACEHOLDER.split(text)
            if not re.search(r"[A-Za-z]{3}", "".join(parts)):
                continue  # only placeholders: nothing English to see
            patterns.append(re.compile(".+?".join(re.escape(p) for p in parts)))
    return patterns


class _Reader(HTMLParser):
    """Text nodes and the labels screen readers read (aria-label, title, …)."""

    READ = {"aria-label", "title", "placeholder", "alt"}
    SKIP = {"script", "style", "template"}

    def __init__(self) -> None:
        super().__init__()
        self.texts: set[str] = set()
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        self.texts.update(value for name, value in attrs if name in self.READ and value)

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.texts.add(data)


def _texts(html: str) -> set[str]:
    reader = _Reader()
    reader.feed(html)
    return {" ".join(text.split()) for text in reader.texts} - {""}


def _english_leaks(client, urls, patterns) -> list[str]:
    leaks = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        for text in _texts(response.content.decode()):
            if any(pattern.fullmatch(text) for pattern in patterns):
                leaks.append(f"{url}: {text!r}")
    return leaks


def test_a_training_administrator_reads_the_admin_in_chinese(client, course, deputy):
    from django.contrib.auth import get_user_model

    trainer = get_user_model().objects.create_user("trainer-zh")
    trainer.groups.add(Group.objects.get(name="培训管理员"))
    client.force_login(trainer)
    urls = [
        "/admin/",
        "/admin/deputies/",
        "/admin/deputies/new/",
        "/admin/delegations/",
        "/admin/terms/",
        "/admin/requirements/",
        "/admin/exemptions/",
        "/admin/enrolments/",
        "/admin/hours/",
        "/admin/sessions/",
        "/admin/leave_requests/",
        "/admin/attendance/",
        "/admin/certificates_admin/",
    ]
    patterns = _untranslated_wagtail_messages()
    assert len(patterns) > 50, "Wagtail's untranslated messages were read"
    leaks = _english_leaks(client, urls, patterns)
    assert not leaks, "\n".join(leaks)


def test_a_course_editor_reads_the_admin_in_chinese(client, editor, plan, course):
    client.force_login(editor)
    urls = [
        "/admin/",
        f"/admin/pages/{plan.pk}/",
        f"/admin/pages/{course.pk}/",
        f"/admin/pages/{course.pk}/edit/",
        "/admin/images/",
        "/admin/documents/",
    ]
    leaks = _english_leaks(client, urls, _untranslated_wagtail_messages())
    assert not leaks, "\n".join(leaks)


def test_a_forum_moderator_reads_the_admin_in_chinese(client):
    from django.contrib.auth import get_user_model

    moderator = get_user_model().objects.create_user("moderator-zh")
    moderator.groups.add(Group.objects.get(name="论坛版主"))
    client.force_login(moderator)
    urls = [
        "/admin/",
        "/admin/snippets/forum/board/",
        "/admin/forum_moderation_log/",
        "/admin/forum_reports/",
    ]
    leaks = _english_leaks(client, urls, _untranslated_wagtail_messages())
    assert not leaks, "\n".join(leaks)

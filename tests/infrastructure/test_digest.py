"""The daily e-mail digest: opt-in per user, one message with the unread notices of
the day, sent once, through the task worker (immediate in tests)."""

import pytest
from django.core import mail
from django.core.management import call_command

from infrastructure.models import DigestPreference
from infrastructure.notifications import notify
from infrastructure.notifications.digest import digest_preference_set
from tests.factories.roster import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(db):
    return UserFactory(username="reader", email="reader@example.org")


def _notify(user, title, body="正文", url="/forum/p/1/"):
    notify(recipients=[user], kind="forum_reply", title=title, body=body, url=url)


def test_only_users_who_asked_receive_a_digest(reader):
    other = UserFactory(username="other", email="other@example.org")
    _notify(reader, "张明回复了“如何走访选民”")
    _notify(other, "不订阅的人")
    digest_preference_set(user=reader, daily_email=True)
    call_command("send_digests")
    assert [m.to for m in mail.outbox] == [["reader@example.org"]]
    message = mail.outbox[0]
    assert "张明回复了“如何走访选民”" in message.body
    assert "http://testserver/forum/p/1/" in message.body
    assert "不订阅的人" not in message.body


def test_a_notice_goes_out_in_one_digest_only(reader):
    digest_preference_set(user=reader, daily_email=True)
    _notify(reader, "第一条")
    call_command("send_digests")
    call_command("send_digests")
    assert len(mail.outbox) == 1
    _notify(reader, "第二条")
    call_command("send_digests")
    assert len(mail.outbox) == 2
    assert "第一条" not in mail.outbox[1].body


def test_read_notices_and_empty_days_send_nothing(reader):
    digest_preference_set(user=reader, daily_email=True)
    call_command("send_digests")
    assert mail.outbox == []


def test_the_digest_is_plain_text_so_nothing_in_it_runs(reader):
    digest_preference_set(user=reader, daily_email=True)
    _notify(reader, "<script>alert(1)</script>", body="<img src=x onerror=alert(1)>")
    call_command("send_digests")
    message = mail.outbox[0]
    assert message.alternatives == []  # no HTML part
    assert message.content_subtype == "plain"


def test_the_user_turns_the_digest_on_and_off_on_the_notifications_page(client, reader):
    client.force_login(reader)
    client.post("/notifications/digest/", {"on": "1"})
    assert DigestPreference.objects.get(user=reader).daily_email
    client.post("/notifications/digest/", {"on": "0"})
    assert not DigestPreference.objects.get(user=reader).daily_email


def test_without_an_address_the_digest_is_not_turned_on(client):
    user = UserFactory(username="noaddress", email="")
    client.force_login(user)
    client.post("/notifications/digest/", {"on": "1"})
    assert not DigestPreference.objects.filter(user=user, daily_email=True).exists()

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from wagtail.models import Site

from infrastructure.models import Delivery, Notification
from infrastructure.notifications import notify
from infrastructure.notifications.sms import BaseSmsBackend
from infrastructure.tasks import notifications_send_task

pytestmark = pytest.mark.django_db


class FailingBackend(BaseSmsBackend):
    def send(self, phone: str, text: str) -> None:
        raise ConnectionError("SMS gateway unreachable")


FAILING = "tests.infrastructure.test_notifications.FailingBackend"


def reminder(**options):
    return notify(
        kind="coverage_reminder",
        title="初任学习即将截止",
        body="请在 6 月 30 日前完成初任学习。",
        url="/my/",
        **options,
    )


def test_notify_creates_one_notice_per_recipient_and_sends_mail_and_sms(
    alice, bob, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        created = reminder(
            recipients=[alice, bob, alice],
            channels=("site", "email", "sms"),
            phones={alice.pk: "13800000001", bob.pk: "13800000002"},
        )
    assert created == 2
    assert Notification.objects.filter(recipient=alice).count() == 1
    assert Notification.objects.filter(recipient=bob).count() == 1
    assert sorted(message.to[0] for message in mail.outbox) == [
        "alice@example.org",
        "bob@example.org",
    ]
    assert mail.outbox[0].subject == "初任学习即将截止"
    # Links lead to the default site's root (make run points it at its address).
    site_root = Site.objects.get(is_default_site=True).root_url
    assert f"{site_root}/my/" in mail.outbox[0].body
    assert sorted(message.phone for message in sms_outbox) == [
        "13800000001",
        "13800000002",
    ]
    assert "请在 6 月 30 日前完成初任学习。" in sms_outbox[0].text
    assert Delivery.objects.filter(status="sent").count() == 4


def test_nothing_is_sent_when_the_senders_transaction_rolls_back(
    alice, sms_outbox, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        reminder(
            recipients=[alice],
            channels=("site", "email", "sms"),
            phones={alice.pk: "13800000001"},
        )
        raise RuntimeError("the sender failed after notifying")
    assert not Notification.objects.exists()
    assert mail.outbox == [] and sms_outbox == []


def test_a_recipient_without_address_is_logged_failed_for_that_channel_only(
    alice, bob, sms_outbox, django_capture_on_commit_callbacks
):
    bob.email = ""
    bob.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        reminder(
            recipients=[alice, bob],
            channels=("site", "email", "sms"),
            phones={bob.pk: "13800000002"},  # alice has no phone
        )
    assert [message.to for message in mail.outbox] == [["alice@example.org"]]
    assert [message.phone for message in sms_outbox] == ["13800000002"]
    failed = Delivery.objects.filter(status="failed")
    assert {(d.notification.recipient, d.channel) for d in failed} == {
        (bob, "email"),
        (alice, "sms"),
    }
    assert all(d.error for d in failed)
    assert Notification.objects.count() == 2


def test_a_failed_sms_is_logged_and_nothing_else_breaks(
    alice, bob, settings, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = FAILING
    with django_capture_on_commit_callbacks(execute=True):
        created = reminder(
            recipients=[alice, bob],
            channels=("site", "email", "sms"),
            phones={alice.pk: "13800000001", bob.pk: "13800000002"},
        )
    assert created == 2
    assert Notification.objects.inbox_of(alice).unread().count() == 1
    assert len(mail.outbox) == 2
    sms_log = Delivery.objects.filter(channel="sms")
    assert [d.status for d in sms_log] == ["failed", "failed"]
    assert sms_log[0].error == "SMS gateway unreachable"


def test_running_the_send_task_twice_sends_once(
    alice, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reminder(
            recipients=[alice],
            channels=("email", "sms"),
            phones={alice.pk: "13800000001"},
        )
    notice = Notification.objects.get()
    for channel in ("email", "sms"):
        again = notifications_send_task.enqueue(
            channel, [notice.pk], {str(alice.pk): "13800000001"}
        )
        assert again.return_value == 0
    assert len(mail.outbox) == 1 and len(sms_outbox) == 1
    assert Delivery.objects.filter(status="sent").count() == 2


def test_a_failed_sms_is_sent_by_the_next_run_and_only_then(
    alice, settings, sms_outbox, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = FAILING
    with django_capture_on_commit_callbacks(execute=True):
        reminder(
            recipients=[alice], channels=("sms",), phones={alice.pk: "13800000001"}
        )
    notice = Notification.objects.get()
    settings.SMS_BACKEND = "infrastructure.notifications.sms.LocmemBackend"
    for _ in range(2):
        notifications_send_task.enqueue(
            "sms", [notice.pk], {str(alice.pk): "13800000001"}
        )
    assert len(sms_outbox) == 1
    assert list(notice.deliveries.order_by("pk").values_list("status", flat=True)) == [
        "failed",
        "sent",
    ]


def test_without_the_site_channel_the_notice_is_not_in_the_inbox(
    alice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reminder(recipients=[alice], channels=("email",))
    assert len(mail.outbox) == 1
    assert not Notification.objects.inbox_of(alice).exists()


@pytest.mark.parametrize(
    "url", ["https://example.com/", "//example.com/my/", "/\\example.com", "my/"]
)
def test_a_link_outside_the_site_is_refused(alice, url):
    with pytest.raises(ValidationError):
        notify(recipients=[alice], kind="x", title="t", body="", url=url)
    assert not Notification.objects.exists()


def test_an_unknown_channel_is_refused(alice):
    with pytest.raises(ValueError, match="pigeon"):
        notify(recipients=[alice], kind="x", title="t", body="", channels=["pigeon"])


def test_no_recipients_creates_nothing():
    assert notify(recipients=[], kind="x", title="t", body="") == 0

import pytest

from infrastructure.notifications import sms


@pytest.fixture(autouse=True)
def sms_outbox(settings):
    """Text messages kept in memory, as mail.outbox keeps e-mail."""
    settings.SMS_BACKEND = "infrastructure.notifications.sms.LocmemBackend"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user(
        "alice", email="alice@example.org", password="pw-alice-123"
    )


@pytest.fixture
def bob(django_user_model):
    return django_user_model.objects.create_user(
        "bob", email="bob@example.org", password="pw-bob-123"
    )

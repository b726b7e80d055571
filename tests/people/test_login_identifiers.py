"""Login and password reset by any e-mail on the account: its own or the roster's."""

from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from people.selectors import account_for_identifier
from tests.accounts import log_in
from tests.factories.roster import DeputyFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "pw-secret-123"  # the factories' password


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def staff(db):
    return UserFactory(username="wang.trainer", email="Wang.Li@Example.ORG")


def test_a_staff_member_logs_in_by_the_account_s_e_mail_in_any_case(client, staff):
    assert log_in(client, "wang.li@example.org", PASSWORD)
    client.logout()
    assert log_in(client, " WANG.LI@EXAMPLE.ORG ", PASSWORD)


def test_a_deputy_logs_in_by_the_account_s_e_mail_or_the_roster_s(client):
    deputy = DeputyFactory(
        with_account=True, email="zhang@roster.example.org", user__email="zm@home.cn"
    )
    assert log_in(client, "zm@home.cn", PASSWORD)
    client.logout()
    assert log_in(client, "zhang@roster.example.org", PASSWORD)
    assert client.session["_auth_user_id"] == str(deputy.user_id)


def test_an_e_mail_on_two_accounts_logs_nobody_in(client, staff):
    DeputyFactory(with_account=True, email="wang.li@example.org")
    assert account_for_identifier("wang.li@example.org") is None
    assert not log_in(client, "wang.li@example.org", PASSWORD)
    # The account's other identifiers still work.
    assert log_in(client, "wang.trainer", PASSWORD)


def _hashes_computed(client, username: str) -> int:
    calls = []
    original = MD5PasswordHasher.encode

    def counting_encode(self, *args, **kwargs):
        calls.append(args)
        return original(self, *args, **kwargs)

    with mock.patch.object(MD5PasswordHasher, "encode", counting_encode):
        client.post("/accounts/login/", {"username": username, "password": "nope"})
    return len(calls)


def test_an_account_e_mail_and_an_unknown_one_cost_the_same_password_work(
    client, staff
):
    known = _hashes_computed(client, "wang.li@example.org")
    unknown = _hashes_computed(client, "nobody@example.org")
    assert (known, unknown) == (1, 1)


def test_the_account_e_mail_lookup_is_served_by_an_index(staff):
    with CaptureQueriesContext(connection) as queries:
        assert account_for_identifier("WANG.LI@example.org") == staff
    lookup = queries.captured_queries[-1]["sql"]
    assert "LOWER(" in lookup.upper() and "LIKE" not in lookup.upper()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # With a handful of rows PostgreSQL walks the primary key for the
            # ORDER BY ... LIMIT; with a real user table it takes the e-mail index.
            get_user_model().objects.bulk_create(
                get_user_model()(username=f"u{n}", email=f"u{n}@example.org")
                for n in range(5000)
            )
            cursor.execute("ANALYZE auth_user")
            cursor.execute("EXPLAIN " + lookup)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + lookup)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "people_user_email_lower_idx" in plan


def _reset(client, email: str):
    response = client.post("/accounts/password/reset/", {"email": email})
    assert response.status_code == 302
    return [message.to for message in mail.outbox]


def test_password_reset_reaches_a_staff_account_by_its_e_mail(client, staff):
    assert _reset(client, "WANG.LI@example.org") == [["Wang.Li@Example.ORG"]]


def test_password_reset_reaches_a_deputy_by_the_roster_e_mail(client):
    DeputyFactory(with_account=True, email="zhang@roster.example.org", user__email="")
    assert _reset(client, "Zhang@Roster.example.org") == [["zhang@roster.example.org"]]
    assert "/accounts/password/reset/" in mail.outbox[0].body


def test_password_reset_sends_nothing_for_an_unknown_or_departed_address(client):
    deputy = DeputyFactory(with_account=True, email="left@example.org")
    deputy.is_active = False
    deputy.left_on = timezone.localdate()
    deputy.save(update_fields=["is_active", "left_on"])
    assert _reset(client, "left@example.org") == []
    assert _reset(client, "nobody@example.org") == []

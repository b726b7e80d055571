"""Login: throttled, the same work whether or not an account exists, no way in after
leaving office, and an identifier lookup that an index serves."""

from unittest import mock

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from people.selectors import account_for_identifier
from tests.accounts import log_in
from tests.factories.roster import DeputyFactory

pytestmark = pytest.mark.django_db

PASSWORD = "pw-secret-123"  # the factory's password for deputies with an account


def _wrong_attempts(client, username: str, count: int) -> None:
    for _ in range(count):
        client.post("/accounts/login/", {"username": username, "password": "nope"})


def test_five_wrong_passwords_pause_the_account_even_for_the_right_one(client, deputy):
    _wrong_attempts(client, deputy.phone, 5)
    response = client.post(
        "/accounts/login/", {"username": deputy.phone, "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "登录尝试次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_pause_ends_after_the_cool_off(client, deputy, settings):
    _wrong_attempts(client, deputy.phone, 5)
    later = timezone.now() + settings.AXES_COOLOFF_TIME + timezone.timedelta(minutes=1)
    with (
        mock.patch("django.utils.timezone.now", return_value=later),
        mock.patch("axes.attempts.now", return_value=later),
        mock.patch("axes.handlers.proxy.now", return_value=later),
    ):
        assert log_in(client, deputy.phone, PASSWORD)


def test_failures_of_others_behind_one_office_address_lock_nobody_else_out(
    client, deputy
):
    # A district office: every deputy comes from the same NAT address.
    for number in range(5):
        client.post(
            "/accounts/login/", {"username": f"guess-{number}", "password": "nope"}
        )
    assert log_in(client, deputy.deputy_no, PASSWORD)


def test_a_paused_identifier_still_logs_in_from_another_address(client, deputy):
    office = {"REMOTE_ADDR": "10.1.1.1"}
    for _ in range(5):
        client.post(
            "/accounts/login/",
            {"username": deputy.phone, "password": "nope"},
            **office,
        )
    response = client.post(
        "/accounts/login/", {"username": deputy.phone, "password": PASSWORD}, **office
    )
    assert response.status_code == 429
    # Whoever guessed elsewhere cannot keep the deputy out of the college.
    client.post(
        "/accounts/login/",
        {"username": deputy.phone, "password": PASSWORD},
        REMOTE_ADDR="10.2.2.2",
    )
    assert "_auth_user_id" in client.session


def test_the_admin_login_is_throttled_as_well(client, django_user_model):
    django_user_model.objects.create_user("trainer", password="right-password-1")
    for _ in range(5):
        client.post("/admin/login/", {"username": "trainer", "password": "nope"})
    response = client.post(
        "/admin/login/", {"username": "trainer", "password": "right-password-1"}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def _hashes_computed(client, username: str) -> int:
    # Checking a password and hashing a dummy one both end in encode().
    calls = []
    original = MD5PasswordHasher.encode

    def counting_encode(self, *args, **kwargs):
        calls.append(args)
        return original(self, *args, **kwargs)

    with mock.patch.object(MD5PasswordHasher, "encode", counting_encode):
        client.post("/accounts/login/", {"username": username, "password": "nope"})
    return len(calls)


def test_a_known_and_an_unknown_identifier_cost_the_same_password_work(client, deputy):
    known = _hashes_computed(client, deputy.phone)
    unknown = _hashes_computed(client, "13900000000")
    unknown_email = _hashes_computed(client, "nobody@example.org")
    assert (known, unknown, unknown_email) == (1, 1, 1)


def test_a_deputy_who_left_office_cannot_log_in_by_any_identifier(client, deputy):
    deputy.is_active = False
    deputy.left_on = timezone.localdate()
    deputy.save(update_fields=["is_active", "left_on"])
    for identifier in [
        deputy.deputy_no,
        deputy.phone,
        deputy.email,
        deputy.user.username,
    ]:
        response = client.post(
            "/accounts/login/", {"username": identifier, "password": PASSWORD}
        )
        assert "_auth_user_id" not in client.session, identifier
        assert "已离任" in response.content.decode(), identifier


def test_an_open_session_ends_when_the_deputy_leaves_office(client, deputy):
    assert log_in(client, deputy.phone, PASSWORD)
    deputy.is_active = False
    deputy.left_on = timezone.localdate()
    deputy.save(update_fields=["is_active", "left_on"])
    response = client.get("/my/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_wrong_password_for_a_deputy_who_left_says_nothing_about_leaving(
    client, deputy
):
    deputy.is_active = False
    deputy.left_on = timezone.localdate()
    deputy.save(update_fields=["is_active", "left_on"])
    response = client.post(
        "/accounts/login/", {"username": deputy.phone, "password": "nope"}
    )
    assert "已离任" not in response.content.decode()


def test_email_login_ignores_case_without_upper_in_the_query(deputy):
    with CaptureQueriesContext(connection) as queries:
        user = account_for_identifier(deputy.email.upper())
    assert user == deputy.user
    sql = " ".join(q["sql"] for q in queries.captured_queries).upper()
    assert "UPPER(" not in sql and "LIKE" not in sql


def test_an_identifier_shared_by_two_deputies_logs_nobody_in(client):
    first = DeputyFactory(with_account=True, phone="13811112222")
    DeputyFactory(with_account=True, phone="13811112222")
    assert not log_in(client, "13811112222", PASSWORD)
    assert log_in(client, first.deputy_no, PASSWORD)


def test_password_reset_is_rate_limited_per_address(client, settings):
    settings.PASSWORD_RESET_RATE = "3/h"
    for number in range(3):
        response = client.post(
            "/accounts/password/reset/", {"email": f"someone{number}@example.org"}
        )
        assert response.status_code == 302
    response = client.post("/accounts/password/reset/", {"email": "x@example.org"})
    assert response.status_code == 429
    assert "操作过于频繁" in response.content.decode()


def test_staff_land_on_the_admin_and_deputies_on_their_learning(
    client, deputy, django_user_model
):
    from django.contrib.auth.models import Group

    trainer = django_user_model.objects.create_user("trainer", password="pw-trainer-9")
    trainer.groups.add(Group.objects.get(name="培训管理员"))
    response = client.post(
        "/accounts/login/", {"username": "trainer", "password": "pw-trainer-9"}
    )
    assert response["Location"] == "/admin/"
    client.logout()
    response = client.post(
        "/accounts/login/", {"username": deputy.phone, "password": PASSWORD}
    )
    assert response["Location"] == "/my/"

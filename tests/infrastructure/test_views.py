import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from infrastructure.models import Notification
from infrastructure.notifications import notify

pytestmark = pytest.mark.django_db


def notices(user, count, **fields):
    for n in range(count):
        notify(
            recipients=[user],
            kind="forum_reply",
            title=fields.get("title", f"回复通知 {n}"),
            body="有人回复了您的主题。",
            url=fields.get("url", "/forum/"),
        )
    return Notification.objects.inbox_of(user)


def test_anonymous_is_sent_to_log_in(client, alice):
    notice = notices(alice, 1).get()
    for response in [
        client.get("/notifications/"),
        client.post(f"/notifications/{notice.pk}/read/"),
        client.post("/notifications/read-all/"),
    ]:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    notice.refresh_from_db()
    assert notice.read_at is None


def test_the_list_shows_only_ones_own_notices_newest_first_unread_marked(
    client, alice, bob
):
    notices(alice, 1, title="爱丽丝的旧通知")
    notices(alice, 1, title="爱丽丝的新通知")
    notices(bob, 1, title="鲍勃的通知")
    Notification.objects.filter(title="爱丽丝的旧通知").update(
        created_at="2024-01-01T00:00:00Z"
    )
    client.force_login(alice)
    html = client.get("/notifications/").content.decode()
    assert "鲍勃的通知" not in html
    assert html.index("爱丽丝的新通知") < html.index("爱丽丝的旧通知")
    assert html.count("notification-unread") == 2


def test_another_users_notice_answers_404_and_stays_unread(client, alice, bob):
    notice = notices(bob, 1).get()
    client.force_login(alice)
    assert client.post(f"/notifications/{notice.pk}/read/").status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_marking_a_notice_read_and_opening_its_link(client, alice):
    first, second = notices(alice, 2, url="/my/")
    client.force_login(alice)
    response = client.post(f"/notifications/{first.pk}/read/", {"page": "1"})
    assert response["Location"] == "/notifications/?page=1"
    response = client.post(f"/notifications/{second.pk}/read/", {"open": "1"})
    assert response["Location"] == "/my/"
    assert not Notification.objects.inbox_of(alice).unread().exists()


def test_reading_needs_a_post(client, alice):
    notice = notices(alice, 1).get()
    client.force_login(alice)
    assert client.get(f"/notifications/{notice.pk}/read/").status_code == 405


def test_mark_all_read_touches_only_ones_own(client, alice, bob):
    notices(alice, 3)
    notices(bob, 2)
    client.force_login(alice)
    client.post("/notifications/read-all/")
    assert Notification.objects.inbox_of(alice).unread().count() == 0
    assert Notification.objects.inbox_of(bob).unread().count() == 2


def test_the_list_is_paginated(client, alice):
    notices(alice, 25)
    client.force_login(alice)
    first = client.get("/notifications/").content.decode()
    second = client.get("/notifications/?page=2").content.decode()
    assert first.count('<li class="card') == 20
    assert second.count('<li class="card') == 5


def list_page_queries(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/notifications/").status_code == 200
    return len(queries)


def test_the_list_page_makes_as_many_queries_for_3_notices_as_for_40(
    client, alice, bob
):
    notices(alice, 3)
    notices(bob, 40)
    assert list_page_queries(client, alice) == list_page_queries(client, bob)


def test_the_header_counts_unread_notices(client, alice):
    notices(alice, 3)
    client.force_login(alice)
    html = client.get("/courses/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="/notifications/" aria-label="Notifications (3 unread)"' in html
    client.post("/notifications/read-all/")
    html = client.get("/courses/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "unread)" not in html and 'href="/notifications/"' in html


def test_the_header_has_no_counter_for_anonymous_visitors(client):
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/courses/").content.decode()
    assert 'href="/notifications/"' not in html
    assert not any("infrastructure_notification" in q["sql"] for q in queries)

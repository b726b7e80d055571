"""Findings of the walk through /coverage/: filters kept, exports as filtered,
deputies without an account still reminded, and the annual plan's execution."""

import csv
import io
from datetime import timedelta
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from courses.models import OfflineSession
from coverage.models import ReminderLog
from coverage.services import reminders_send
from infrastructure.models import Delivery
from people.models import Deputy
from tests.factories.pages import CoursePageFactory
from tests.factories.roster import DelegationFactory, DeputyFactory

pytestmark = pytest.mark.django_db


def test_reminding_returns_to_the_same_filtered_list(
    client, roster, django_capture_on_commit_callbacks
):
    people = roster["people"]
    client.force_login(roster["city"])
    filters = (
        f"requirement=initial-16&delegation={roster['xuhui'].pk}&newly_elected=yes"
    )
    page = client.get(f"/coverage/?{filters}")
    assert 'name="back"' in page.text
    back = page.context["filter_query"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/coverage/remind/",
            {"requirement": "initial-16", "deputies": [people["G"].pk], "back": back},
        )
    assert response.status_code == 302
    kept = parse_qs(urlsplit(response["Location"]).query)
    assert kept["delegation"] == [str(roster["xuhui"].pk)]
    assert kept["newly_elected"] == ["yes"]
    assert kept["requirement"] == ["initial-16"]
    after = client.get(response["Location"])
    assert people["G"].name in after.text and people["B"].name not in after.text


def test_a_refused_reminder_also_keeps_the_filters(client, roster):
    client.force_login(roster["city"])
    back = f"requirement=initial-16&level=municipal&delegation={roster['xuhui'].pk}"
    response = client.post(
        "/coverage/remind/", {"requirement": "initial-16", "back": back}
    )
    kept = parse_qs(urlsplit(response["Location"]).query)
    assert kept["delegation"] == [str(roster["xuhui"].pk)]
    assert not ReminderLog.objects.exists()


def test_back_query_cannot_widen_the_scope_or_leave_the_page(client, roster):
    client.force_login(roster["district"])
    back = f"delegation={roster['xuhui'].pk}&next=https://evil.example/"
    response = client.post(
        "/coverage/remind/", {"requirement": "initial-16", "back": back}
    )
    assert response["Location"].startswith("/coverage/")
    kept = parse_qs(urlsplit(response["Location"]).query)
    assert "delegation" not in kept and "next" not in kept


def test_exports_hold_what_the_page_shows_when_filtered(client, roster):
    people = roster["people"]
    client.force_login(roster["city"])
    page = client.get("/coverage/", {"delegation": roster["xuhui"].pk})
    export_query = page.context["export_query"]
    assert f"delegation={roster['xuhui'].pk}" in export_query
    assert f"export.xlsx?{export_query}".replace("&", "&amp;") in page.text
    workbook = load_workbook(
        io.BytesIO(client.get(f"/coverage/export.xlsx?{export_query}").content)
    )
    uncovered = [r[0] for r in workbook["未完成代表"].iter_rows(values_only=True)][1:]
    assert sorted(uncovered) == sorted([people["G"].deputy_no, people["H"].deputy_no])
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(
                    f"/coverage/export.csv?{export_query}&view=uncovered"
                ).content.decode("utf-8-sig")
            )
        )
    )
    assert sorted(r[0] for r in rows[1:]) == sorted(uncovered)
    summary = client.get(f"/coverage/export.csv?{export_query}&view=summary")
    assert summary.content.startswith("\ufeff".encode())
    summary_rows = dict(csv.reader(io.StringIO(summary.content.decode("utf-8-sig"))))
    assert summary_rows["范围"] == "全市"
    assert summary_rows["应学人数"] == "5"


def test_district_export_summary_names_its_scope(client, roster):
    client.force_login(roster["district"])
    workbook = load_workbook(io.BytesIO(client.get("/coverage/export.xlsx").content))
    summary = dict(list(workbook["汇总"].iter_rows(values_only=True))[1:])
    assert summary["范围"] == "黄浦区"
    assert summary["应学人数"] == 2


def test_deputies_without_account_are_reminded_at_roster_contacts(
    roster, sms_outbox, django_capture_on_commit_callbacks
):
    xuhui = roster["xuhui"]
    by_phone = DeputyFactory(delegation=xuhui, email="", phone="13900000001")
    by_mail = DeputyFactory(delegation=xuhui, email="wang@example.org", phone="")
    nowhere = DeputyFactory(delegation=xuhui, email="", phone="")
    with django_capture_on_commit_callbacks(execute=True):
        result = reminders_send(
            requirement=roster["requirement"],
            deputy_ids=[by_phone.pk, by_mail.pk, nowhere.pk],
            sent_by=roster["city"],
        )
    assert (result.sent, result.unreachable) == (2, 1)
    assert [m.phone for m in sms_outbox] == ["13900000001"]
    assert [m.to for m in mail.outbox] == [["wang@example.org"]]
    logs = {log.deputy_id: log for log in ReminderLog.objects.all()}
    assert set(logs) == {by_phone.pk, by_mail.pk}
    assert logs[by_phone.pk].channels == "email,sms"
    deliveries = set(
        Delivery.objects.filter(
            notification=logs[by_phone.pk].notification
        ).values_list("channel", "status")
    )
    assert deliveries == {("sms", "sent"), ("email", "failed")}
    # Nobody's inbox on the site shows a notice without a recipient.
    assert logs[by_mail.pk].notification.recipient is None
    assert not logs[by_mail.pk].notification.on_site


def test_page_says_who_cannot_be_reminded_and_why(
    client, roster, django_capture_on_commit_callbacks
):
    nowhere = DeputyFactory(
        delegation=roster["xuhui"], email="", phone="", name="无联系人"
    )
    DeputyFactory(delegation=roster["xuhui"], name="有手机", email="")
    client.force_login(roster["city"])
    page = client.get("/coverage/", {"delegation": roster["xuhui"].pk})
    reach = {u.name: how for u, how in page.context["uncovered"]}
    assert reach["无联系人"] == "none" and reach["有手机"] == "contact"
    assert reach[roster["people"]["G"].name] == "account"
    assert "无法提醒" in page.text or "Cannot be reminded" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/coverage/remind/",
            {"requirement": "initial-16", "deputies": [nowhere.pk]},
            follow=True,
        )
    warnings = [str(m) for m in response.context["messages"]]
    assert any("1" in m and ("roster" in m or "名册" in m) for m in warnings)
    assert not ReminderLog.objects.filter(deputy=nowhere).exists()


@pytest.fixture
def plan_roster(roster, annual, quizless_course):
    """The 2023 plan: the quizless course (started) and one not yet started."""
    CoursePageFactory(
        parent=annual,
        title="尚未开课",
        slug="later",
        hours="2",
        start_date=timezone.localdate() + timedelta(days=30),
        end_date=timezone.localdate() + timedelta(days=60),
    )
    now = timezone.now()
    OfflineSession.objects.create(
        course=quizless_course,
        title="已结束的班",
        starts_at=now - timedelta(days=3, hours=3),
        ends_at=now - timedelta(days=3),
        venue="礼堂",
    )
    return roster


def test_plan_execution_per_delegation(client, plan_roster, annual):
    roster = plan_roster
    client.force_login(roster["city"])
    page = client.get("/coverage/plans/", {"plan": annual.pk})
    execution = page.context["execution"]
    assert execution.plan == annual
    assert (execution.courses_planned, execution.courses_delivered) == (2, 1)
    # The roster's session (under way) and the one that ended three days ago.
    assert (execution.sessions_planned, execution.sessions_delivered) == (2, 1)
    rows = {d.delegation: d for d in execution.by_delegation}
    # Seats: A B C D E in 黄浦区 and F G H in 徐汇区 on the roster's session; A present.
    assert (rows["黄浦区"].seats, rows["黄浦区"].attended) == (5, 1)
    assert (rows["徐汇区"].seats, rows["徐汇区"].attended) == (3, 0)
    # Enrolled in the 6-hour course: the cohort A B F G H; completed A F.
    assert (rows["黄浦区"].enrolled, rows["黄浦区"].completed) == (2, 1)
    assert rows["黄浦区"].hours_planned == Decimal("12")
    assert rows["黄浦区"].hours_earned == Decimal("6")
    assert (execution.hours_planned, execution.hours_earned) == (
        Decimal("30"),
        Decimal("12"),
    )
    assert 'data-figure="courses">1 / 2<' in page.text


def test_plan_execution_within_the_district(client, plan_roster, annual):
    client.force_login(plan_roster["district"])
    page = client.get("/coverage/plans/", {"plan": annual.pk})
    execution = page.context["execution"]
    assert [d.delegation for d in execution.by_delegation] == ["黄浦区"]
    assert (execution.seats, execution.attended) == (5, 1)
    assert "徐汇区" not in page.text


@pytest.mark.parametrize("role", ["city", "district"])
def test_plan_execution_queries_do_not_grow(client, plan_roster, annual, role):
    client.force_login(plan_roster[role])
    client.get("/coverage/plans/", {"plan": annual.pk})
    counts = []
    for size in (5, 60):
        DeputyFactory.create_batch(size, delegation=plan_roster["huangpu"])
        DeputyFactory.create_batch(size, delegation=DelegationFactory())
        with CaptureQueriesContext(connection) as queries:
            assert (
                client.get("/coverage/plans/", {"plan": annual.pk}).status_code == 200
            )
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert Deputy.objects.count() > 65

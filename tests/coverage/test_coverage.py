"""Coverage figures, dashboard, exports and reminders against a hand-counted roster.

黄浦区: A (modules done, attended), B (modules done, absent), C (exempted),
        D (left office), E (re-elected: outside a newly-elected cohort).
徐汇区: F (modules done, approved leave from a session that allows make-up),
        G (nothing done), H (by-election, nothing done).
Cohort: A B F G H = 5; covered: A F = 2. 黄浦区 2/1, 徐汇区 3/1.
"""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from courses.selectors.coverage import coverage_report
from coverage.models import ReminderLog
from coverage.services import reminders_send
from infrastructure.models import Delivery
from people.models import Deputy
from tests.factories.roster import (
    DeputyFactory,
)
from tests.html import visible_text


def test_figures_match_the_hand_count(roster):
    report = coverage_report(requirement=roster["requirement"])
    assert (report.cohort_size, report.covered) == (5, 2)
    assert {(d.delegation, d.cohort_size, d.covered) for d in report.by_delegation} == {
        ("黄浦区", 2, 1),
        ("徐汇区", 3, 1),
    }
    people = roster["people"]
    assert {u.deputy_no for u in report.uncovered} == {
        people[k].deputy_no for k in "BGH"
    }


def test_city_administrator_sees_every_delegation(client, roster):
    client.force_login(roster["city"])
    page = client.get("/coverage/")
    assert page.status_code == 200
    assert 'data-figure="cohort">5<' in page.text
    assert 'data-figure="covered">2<' in page.text
    assert "徐汇区" in page.text and "<svg" in page.text


def test_district_administrator_sees_only_their_district(client, roster):
    people = roster["people"]
    client.force_login(roster["district"])
    page = client.get("/coverage/")
    assert 'data-figure="cohort">2<' in page.text
    assert 'data-figure="covered">1<' in page.text
    assert people["B"].name in page.text
    assert f"/records/{people['B'].pk}/" in page.text
    assert people["G"].name not in page.text
    assert "徐汇区" not in page.text


def test_uncovered_list_filters(client, roster):
    people = roster["people"]
    client.force_login(roster["city"])
    page = client.get("/coverage/", {"delegation": roster["xuhui"].pk})
    assert people["G"].name in page.text and people["B"].name not in page.text
    page = client.get("/coverage/", {"newly_elected": "no"})
    assert people["G"].name not in page.text


def test_deputy_cannot_open_coverage(client, roster):
    client.force_login(roster["people"]["A"].user)
    assert client.get("/coverage/").status_code == 403
    assert client.get("/coverage/export.json").status_code == 403
    assert client.get("/coverage/plans/").status_code == 403


def test_exports_respect_the_scope_and_read_back(client, roster):
    people = roster["people"]
    client.force_login(roster["district"])
    data = json.loads(client.get("/coverage/export.json").content)
    assert (data["cohort_size"], data["covered"]) == (2, 1)
    assert [u["deputy_no"] for u in data["uncovered"]] == [people["B"].deputy_no]

    rows = list(
        csv.reader(
            io.StringIO(
                client.get(
                    "/coverage/export.csv", {"view": "uncovered"}
                ).content.decode("utf-8-sig")
            )
        )
    )
    assert rows[0] == ["代表证号", "姓名", "代表团", "尚缺"]
    assert [r[0] for r in rows[1:]] == [people["B"].deputy_no]

    workbook = load_workbook(io.BytesIO(client.get("/coverage/export.xlsx").content))
    assert workbook.sheetnames == ["汇总", "各代表团", "未完成代表"]
    delegations = list(workbook["各代表团"].iter_rows(values_only=True))
    assert delegations == [
        ("代表团", "应学人数", "已完成人数", "覆盖率"),
        ("黄浦区", 2, 1, 0.5),
    ]
    uncovered = list(workbook["未完成代表"].iter_rows(values_only=True))
    assert [r[0] for r in uncovered[1:]] == [people["B"].deputy_no]


@pytest.mark.parametrize("role", ["city", "district"])
def test_dashboard_query_count_does_not_grow_with_deputies(
    client, roster, django_assert_max_num_queries, role
):
    client.force_login(roster[role])
    client.get("/coverage/")  # session and permission caches warm
    counts = []
    delegation = roster["huangpu"] if role == "district" else roster["xuhui"]
    for size in (5, 60):
        DeputyFactory.create_batch(size, delegation=delegation)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/coverage/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(counts[0]):
        client.get("/coverage/export.xlsx")


def test_reminders_reach_uncovered_deputies_once_a_day(
    roster, django_capture_on_commit_callbacks
):
    people = roster["people"]
    ids = [people[k].pk for k in "ABG"]
    people["B"].user.email = people["B"].email
    people["B"].user.save()
    with django_capture_on_commit_callbacks(execute=True):
        first = reminders_send(
            requirement=roster["requirement"], deputy_ids=ids, sent_by=roster["city"]
        )
    # A is covered: not reminded.
    assert first.sent == 2
    logged = ReminderLog.objects.filter(deputy__in=[people["B"], people["G"]])
    assert logged.count() == 2
    log = logged.get(deputy=people["B"])
    assert log.sent_by == roster["city"] and log.notification is not None
    assert set(
        Delivery.objects.filter(notification=log.notification).values_list(
            "channel", "status"
        )
    ) == {("email", "sent"), ("sms", "sent")}
    # G's account has no e-mail address: logged as failed, not lost.
    assert Delivery.objects.get(
        notification=logged.get(deputy=people["G"]).notification, channel="email"
    ).status == ("failed")
    assert len(mail.outbox) == 1
    again = reminders_send(
        requirement=roster["requirement"], deputy_ids=ids, sent_by=roster["city"]
    )
    assert (again.sent, again.throttled) == (0, 2)
    assert ReminderLog.objects.count() == 2


def test_reminder_a_day_later_is_sent(roster):
    people = roster["people"]
    reminders_send(requirement=roster["requirement"], deputy_ids=[people["B"].pk])
    ReminderLog.objects.update(sent_at=timezone.now() - timedelta(hours=25))
    again = reminders_send(
        requirement=roster["requirement"], deputy_ids=[people["B"].pk]
    )
    assert again.sent == 1


def test_district_administrator_cannot_remind_another_district(
    client, roster, django_capture_on_commit_callbacks
):
    people = roster["people"]
    client.force_login(roster["district"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/coverage/remind/",
            {
                "requirement": "initial-16",
                "deputies": [people["G"].pk, people["B"].pk],
            },
        )
    assert list(ReminderLog.objects.values_list("deputy", flat=True)) == [
        people["B"].pk
    ]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/coverage/remind/",
            {"requirement": "initial-16", "delegation": roster["xuhui"].pk},
        )
    assert not ReminderLog.objects.filter(deputy__delegation=roster["xuhui"]).exists()


def test_a_whole_delegation_is_reminded(
    client, roster, django_capture_on_commit_callbacks
):
    client.force_login(roster["city"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/coverage/remind/",
            {"requirement": "initial-16", "delegation": roster["xuhui"].pk},
        )
    people = roster["people"]
    assert set(ReminderLog.objects.values_list("deputy", flat=True)) == {
        people["G"].pk,
        people["H"].pk,
    }


def test_send_reminders_command_for_cron(roster, capsys):
    requirement = roster["requirement"]
    call_command("send_reminders", "--requirement", "initial-16", "--due-within", "30")
    assert not ReminderLog.objects.exists()  # the deadline is far away
    requirement.deadline = timezone.localdate() + timedelta(days=10)
    requirement.save()
    people = roster["people"]
    Deputy.objects.filter(pk=people["H"].pk).update(
        elected_on=timezone.localdate() - timedelta(days=10)
    )
    call_command("send_reminders", "--requirement", "initial-16", "--due-within", "30")
    people = roster["people"]
    # H, elected in a by-election, has longer than the deadline: not yet.
    assert set(ReminderLog.objects.values_list("deputy", flat=True)) == {
        people["B"].pk,
        people["G"].pk,
    }
    assert ReminderLog.objects.first().sent_by is None


def test_admin_dashboard_shows_the_coverage_panel(client, roster):
    client.force_login(roster["district"])
    page = client.get("/admin/")
    assert page.status_code == 200
    assert "/coverage/" in page.text


def test_reminder_log_in_admin_is_scoped(client, roster):
    people = roster["people"]
    reminders_send(
        requirement=roster["requirement"],
        deputy_ids=[people["B"].pk, people["G"].pk],
    )
    client.force_login(roster["district"])
    page = client.get("/admin/reminders/")
    assert page.status_code == 200
    assert people["B"].name in page.text and people["G"].name not in page.text


def test_dashboard_counts_each_session_within_the_scope(client, roster):
    client.force_login(roster["district"])
    page = client.get("/coverage/")
    # 黄浦区's cohort: A and B on the list, A present (C is exempted, D left office).
    assert page.context["sessions"][0].seated == 2
    assert page.context["sessions"][0].attended == 1
    client.force_login(roster["city"])
    sessions = client.get("/coverage/").context["sessions"]
    assert (sessions[0].seated, sessions[0].attended) == (5, 1)


def test_cumulative_line_reaches_the_covered_count(client, roster):
    from coverage.selectors import coverage_over_time

    points = coverage_over_time(requirement=roster["requirement"], user=roster["city"])
    assert points and points[-1][1] == 2
    client.force_login(roster["district"])
    page = client.get("/coverage/")
    assert page.context["line"]["last_value"] == 1
    assert "<polyline" in page.text


def test_past_the_deadline_only_those_without_a_later_one_are_overdue(client, roster):
    """G is overdue; H, elected a month ago in a by-election, still has time."""
    requirement = roster["requirement"]
    requirement.deadline = timezone.localdate() - timedelta(days=10)
    requirement.save()
    roster["people"]["H"].elected_on = timezone.localdate() - timedelta(days=30)
    roster["people"]["H"].save()
    client.force_login(roster["city"])
    page = client.get("/coverage/")
    assert page.context["days_overdue"] == 10
    assert (page.context["overdue"], page.context["later_deadline"]) == (2, 1)
    text = visible_text(page.content.decode())
    assert "逾期未完成 2" in text
    assert "其余 1 名尚未完成的代表为补选代表" in text
    client.force_login(roster["district"])  # 黄浦区: B only
    page = client.get("/coverage/")
    assert (page.context["overdue"], page.context["later_deadline"]) == (1, 0)

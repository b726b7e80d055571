import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import F, Q
from django.utils import timezone
from wagtail.models import Page

from courses.models import (
    AnnualPlanPage,
    Attendance,
    CourseLecturer,
    CoursePage,
    Enrolment,
    HoursEntry,
    LeaveRequest,
    ModulePage,
    OfflineSession,
    Requirement,
    SessionSeat,
    TrainingPlanPage,
)
from courses.selectors.coverage import coverage_report
from courses.selectors.requirements import initial_requirement
from forum.models import Post, Report, Topic
from tests.accounts import log_in

pytestmark = pytest.mark.django_db


def counts() -> dict:
    return {
        "pages": Page.objects.count(),
        "courses": CoursePage.objects.count(),
        "modules": ModulePage.objects.count(),
        "users": get_user_model().objects.count(),
        "sessions": OfflineSession.objects.count(),
        "seats": SessionSeat.objects.count(),
        "attendance": Attendance.objects.count(),
        "leave": LeaveRequest.objects.count(),
        "posts": Post.objects.count(),
        "reports": Report.objects.count(),
    }


def test_seed_demo_twice_gives_the_same_college(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo")
    assert counts() == first


def test_seed_demo_builds_the_plan_the_issue_asks_for(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    assert sorted(AnnualPlanPage.objects.values_list("year", flat=True)) == [
        2023,
        2024,
        2025,
        2026,
        2027,
    ]
    assert CoursePage.objects.count() >= 15
    assert set(CoursePage.objects.values_list("category", flat=True)) == {
        "initial",
        "performance",
        "thematic",
    }
    titles = set(CoursePage.objects.values_list("title", flat=True))
    assert {
        "代表建议专题研讨班",
        "代表工作小组专题培训班",
        "长三角地区代表工作交流",
        "法律专家库法规宣讲",
    } <= titles
    for course in CoursePage.objects.all():
        modules = ModulePage.objects.child_of(course)
        assert modules.count() >= 3
        # Every reading module checks what was read; the optional video guide is
        # completed by watching (ADR 0013).
        assert all(module.quizzes for module in modules if module.is_required)
    users = set(get_user_model().objects.values_list("username", flat=True))
    assert {"admin", "editor", "trainer", "moderator", "deputy"} <= users


def test_seed_demo_holds_classes_with_attendance_and_leave(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    assert OfflineSession.objects.filter(is_required=True).count() >= 2
    assert Attendance.objects.exists()
    assert {"approved", "pending"} <= set(
        LeaveRequest.objects.values_list("status", flat=True)
    )
    report = coverage_report(requirement=initial_requirement(), with_uncovered=False)
    assert 0 < report.covered < report.cohort_size
    # The demo deputy has a place in today's class, to try the QR check-in.
    today = timezone.localdate()
    held_today = [
        timezone.localdate(seat.session.starts_at)
        for seat in SessionSeat.objects.filter(
            deputy__user__username="deputy"
        ).select_related("session")
    ]
    assert today in held_today


def test_demo_accounts_log_in_with_the_demo_password(settings, client):
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "another-demo-pw"
    call_command("seed_demo")
    assert log_in(client, "editor", "another-demo-pw")


def test_seed_demo_refuses_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert CoursePage.objects.count() == 0


def test_the_demo_term_is_consistent(settings):
    """A credible term: what the plan promises, the courses can deliver."""
    settings.DEBUG = True
    call_command("seed_demo")
    plan = TrainingPlanPage.objects.get()
    hours = dict(
        CoursePage.objects.values_list("path", "hours")
    )  # each annual plan offers at least the annual target
    for annual in AnnualPlanPage.objects.child_of(plan):
        offered = sum(
            hours[path]
            for path in CoursePage.objects.descendant_of(annual).values_list(
                "path", flat=True
            )
        )
        assert offered >= plan.annual_hours_target, annual.year
    assert f"{plan.annual_hours_target:.0f}学时" in plan.goals
    # 必修 means what a requirement says.
    in_requirements = set(
        Requirement.objects.values_list("courses__slug", flat=True).exclude(
            courses__slug=None
        )
    )
    required = set(
        CoursePage.objects.filter(is_required=True).values_list("slug", flat=True)
    )
    assert required == in_requirements
    # Every completion falls inside its course's dates.
    outside = Enrolment.objects.filter(completed_at__isnull=False).filter(
        Q(completed_at__date__lt=F("course__start_date"))
        | Q(completed_at__date__gt=F("course__end_date"))
    )
    assert not outside.exists()
    assert not HoursEntry.objects.filter(
        Q(earned_on__lt=F("course__start_date"))
        | Q(earned_on__gt=F("course__end_date"))
    ).exists()
    # One institution per lecturer.
    institutions = {}
    for name, affiliation in CourseLecturer.objects.values_list("name", "affiliation"):
        assert institutions.setdefault(name, affiliation) == affiliation, name
    assert "市社科院" not in institutions.values()
    # Each module asks its own question, and its minutes follow its text.
    prompts = []
    for module in ModulePage.objects.filter(is_required=True):
        text = "".join(
            block.value.source for block in module.body if block.block_type == "text"
        )
        characters = len(re.sub(r"<[^>]+>", "", text))
        assert characters >= 70, module.title
        assert module.minutes <= characters / 300 + 4, module.title
        prompts += [
            q["prompt"] for quiz in module.quizzes for q in quiz.value["questions"]
        ]
    assert len(prompts) == len(set(prompts))


def test_the_demo_moderator_finds_a_queued_reply_and_open_reports(settings, client):
    settings.DEBUG = True
    call_command("seed_demo")
    queued = Post.objects.get(status="pending")
    call = queued.topic
    # The queued reply waits on the coming edition's pre-moderated board and is
    # not yet counted in its topic.
    assert call.board.premoderated and queued.author.username == "deputy"
    assert call.post_count == 1
    reports = list(Report.objects.filter(resolved_at__isnull=True))
    assert len(reports) == 2
    assert all(report.reporter_id != report.post.author_id for report in reports)

    assert log_in(client, "moderator", settings.DEMO_PASSWORD)
    queue = client.get("/forum/moderation/").content.decode()
    assert queued.body_text[:20] in queue and call.title in queue
    for report in reports:
        assert report.reason in queue and report.post.topic.title in queue
    admin_list = client.get("/admin/forum_reports/").content.decode()
    assert all(report.reason in admin_list for report in reports)

    # Approving it from the queue publishes it and counts it.
    response = client.post(
        f"/forum/p/{queued.pk}/approve/", {"next": "queue", "reason": ""}
    )
    assert response.status_code == 302
    assert (
        queued.body_text[:20] not in client.get("/forum/moderation/").content.decode()
    )
    assert Topic.objects.get(pk=call.pk).post_count == 2

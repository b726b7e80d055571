"""Demo offline sessions: classes of the initial learning with attendance and leave.

The initial-term course is blended: its two classes are required, and a deputy on
approved leave may make them up online. Those who completed the course attended
their class (a few were on approved leave instead); some who have not completed it
attended, some asked for leave. One class is held today, so that the QR check-in
can be tried with the demo deputy.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from courses.models import (
    Attendance,
    CoursePage,
    Enrolment,
    LeaveRequest,
    OfflineSession,
    Requirement,
    SessionSeat,
)
from courses.selectors.requirements import requirement_cohort
from courses.services.sessions import session_seats_assign
from people.models import Deputy

INITIAL_COURSE = "initial-term-learning"
SEMINAR_COURSE = "suggestion-quality-2026"
LEAVE_REASONS = ["出差在外", "参加区人大常委会会议", "身体不适", "单位重要工作安排"]


def _aware(day, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _session(course: CoursePage, title: str, **fields) -> OfflineSession:
    session, _created = OfflineSession.objects.get_or_create(
        course=course, title=title, defaults=fields
    )
    return session


def seed_sessions(requirement: Requirement) -> int:
    """Returns how many sessions the demo college holds."""
    course = CoursePage.objects.filter(slug=INITIAL_COURSE).first()
    if course is None:
        return 0
    first_day = requirement.term.starts_on + timedelta(days=60)
    common = {
        "venue": "市人大常委会机关会议厅",
        "lecturer": "市人大常委会代表工作室",
        "hours": Decimal("4"),
        "is_required": True,
        "makeup_online": True,
    }
    batches = [
        _session(
            course,
            "初任培训集中学习（第一期）",
            starts_at=_aware(first_day, 9),
            ends_at=_aware(first_day, 16),
            capacity=500,
            **common,
        ),
        _session(
            course,
            "初任培训集中学习（第二期）",
            starts_at=_aware(first_day + timedelta(days=7), 9),
            ends_at=_aware(first_day + timedelta(days=7), 16),
            capacity=500,
            **common,
        ),
    ]
    # Those elected later (by-elections) were not deputies yet at the first classes.
    cohort = requirement_cohort(requirement=requirement).filter(
        Q(elected_on__isnull=True) | Q(elected_on__lte=first_day)
    )
    first_half = cohort.filter(delegation__sort_order__lte=8)
    session_seats_assign(session=batches[0], deputies=first_half)
    session_seats_assign(
        session=batches[1], deputies=cohort.exclude(pk__in=first_half.values("pk"))
    )
    trainer = get_user_model().objects.filter(username="trainer").first()
    for session in batches:
        _attendance_and_leave(session=session, course=course, decided_by=trainer)
    _today_and_upcoming(requirement=requirement)
    return OfflineSession.objects.count()


def _attendance_and_leave(*, session: OfflineSession, course: CoursePage, decided_by):
    if Attendance.objects.filter(session=session).exists():
        return
    seated = list(
        SessionSeat.objects.filter(session=session)
        .order_by("deputy_id")
        .values_list("deputy_id", flat=True)
    )
    completed = set(
        Enrolment.objects.filter(
            course=course, deputy_id__in=seated, completed_at__isnull=False
        ).values_list("deputy_id", flat=True)
    )
    # One in twelve of those who completed was on approved leave and made it up
    # online; one in five of the others attended anyway; one in six asked for leave.
    excused = [d for i, d in enumerate(sorted(completed)) if i % 12 == 5]
    others = [d for d in seated if d not in completed]
    present = [d for d in completed if d not in excused] + others[::5]
    pending = [d for i, d in enumerate(others) if i % 6 == 3]
    checked_in = session.starts_at - timedelta(minutes=10)
    Attendance.objects.bulk_create(
        [
            Attendance(
                session=session,
                deputy_id=deputy_id,
                checked_in_at=checked_in + timedelta(seconds=7 * n),
                method=Attendance.Method.QR if n % 9 else Attendance.Method.MANUAL,
                recorded_by=None if n % 9 else decided_by,
            )
            for n, deputy_id in enumerate(present)
        ],
        batch_size=500,
        ignore_conflicts=True,
    )
    requested = session.starts_at - timedelta(days=3)
    LeaveRequest.objects.bulk_create(
        [
            LeaveRequest(
                session=session,
                deputy_id=deputy_id,
                reason=LEAVE_REASONS[n % len(LEAVE_REASONS)],
                status=LeaveRequest.Status.APPROVED,
                decided_by=decided_by,
                decided_at=requested + timedelta(hours=5),
            )
            for n, deputy_id in enumerate(excused)
        ]
        + [
            LeaveRequest(
                session=session,
                deputy_id=deputy_id,
                reason=LEAVE_REASONS[n % len(LEAVE_REASONS)],
            )
            for n, deputy_id in enumerate(pending)
        ],
        ignore_conflicts=True,
    )
    # requested_at is set on creation; show them asked a few days before the class.
    LeaveRequest.objects.filter(session=session).update(requested_at=requested)


def _today_and_upcoming(*, requirement: Requirement) -> None:
    """A make-up class held today (QR check-in), and a seminar open to register."""
    course = CoursePage.objects.filter(slug=INITIAL_COURSE).first()
    today = timezone.localdate()
    makeup = _session(
        course,
        "补选代表初任培训集中学习",
        starts_at=_aware(today, 8),
        ends_at=_aware(today, 20),
        venue="市人大常委会机关第三会议室",
        lecturer="市人大常委会代表工作室",
        hours=Decimal("4"),
        capacity=60,
        is_required=False,
        makeup_online=True,
    )
    demo = Deputy.objects.filter(user__username="deputy")
    session_seats_assign(session=makeup, deputies=demo)
    seminar = CoursePage.objects.filter(slug=SEMINAR_COURSE).first()
    if seminar is not None:
        _session(
            seminar,
            "代表建议质量提升研讨班",
            starts_at=_aware(today + timedelta(days=21), 9),
            ends_at=_aware(today + timedelta(days=21), 17),
            venue="市人大常委会机关报告厅",
            lecturer="市人大常委会代表工作室",
            hours=Decimal("6"),
            capacity=80,
            is_required=False,
            registration_open=True,
        )

"""Progress: opening and completing modules, quizzes, course completion and hours.

Every write here is idempotent and safe under concurrency: a unique constraint
stands behind each "only one", and the enrolment row is locked while its
progress figure is recomputed, in the same transaction as the event.
"""

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.extensions import extra_conditions_met
from courses.learning_pages import learning_changed
from courses.models import (
    Attendance,
    CoursePage,
    Enrolment,
    HoursEntry,
    LeaveRequest,
    ModulePage,
    ModuleProgress,
    OfflineSession,
    QuizAttempt,
    SessionSeat,
)
from courses.selectors.exams import course_exam_satisfied
from courses.selectors.rounds import quiz_states_for, quiz_wait_message
from courses.selectors.viewing import viewing_done
from courses.services.grading import Grade, quiz_grade
from courses.services.rounds import quiz_wait_refresh
from courses.services.standings import standings_deferred
from courses.signals import course_completed
from infrastructure.fragments import generation_bumps_deferred
from people.models import Deputy

if TYPE_CHECKING:
    pass


def course_of(module: ModulePage) -> CoursePage:
    return CoursePage.objects.parent_of(module).get()


def _required_sessions(
    *, deputy: Deputy, course: CoursePage
) -> list[Mapping[str, object]]:
    """The course's required sessions with what the deputy did about each (1 query)."""
    of_deputy = {"session": OuterRef("pk"), "deputy": deputy}
    return list(
        OfflineSession.objects.filter(course=course, is_required=True)
        .annotate(
            seated=Exists(SessionSeat.objects.filter(**of_deputy)),
            attended=Exists(Attendance.objects.filter(**of_deputy)),
            on_leave=Exists(
                LeaveRequest.objects.filter(
                    **of_deputy, status=LeaveRequest.Status.APPROVED
                )
            ),
        )
        .values("makeup_online", "seated", "attended", "on_leave")
    )


def _sessions_satisfied(rows: list[Mapping[str, object]]) -> bool:
    # The sessions that concern the deputy: those on their list, attended or excused
    # from (a course held in several batches seats each deputy in one of them).
    concerned = [r for r in rows if r["seated"] or r["attended"] or r["on_leave"]]
    return bool(concerned) and all(
        r["attended"] or (r["on_leave"] and r["makeup_online"]) for r in concerned
    )


def offline_sessions_attended(*, deputy: Deputy, course: CoursePage) -> bool:
    """Whether the deputy has done the course's required offline sessions.

    A course without required sessions asks nothing. Otherwise the deputy must be
    concerned by at least one (seated, present or excused) and, for each, have
    attended it (a make-up online counts as attendance) or be on approved leave
    from a session that allows making it up online.
    """
    rows = _required_sessions(deputy=deputy, course=course)
    return not rows or _sessions_satisfied(rows)


@transaction.atomic
def course_enrol(
    *, deputy: Deputy, course: CoursePage, source: str = Enrolment.Source.SELF
) -> Enrolment:
    """Enrol a deputy in a course; enrolling twice returns the same enrolment."""
    try:
        with transaction.atomic():
            enrolment, _created = Enrolment.objects.get_or_create(
                deputy=deputy,
                course=course,
                # Right from enrolment: "0 of 5 modules", never "0 of 0".
                defaults={"source": source, "modules_total": _required_count(course)},
            )
    except IntegrityError:
        enrolment = Enrolment.objects.get(deputy=deputy, course=course)
    return enrolment


def _required_count(course: CoursePage) -> int:
    return ModulePage.objects.live().child_of(course).filter(is_required=True).count()


def _progress_row(*, deputy: Deputy, module: ModulePage) -> ModuleProgress:
    try:
        with transaction.atomic():
            row, _created = ModuleProgress.objects.get_or_create(
                deputy=deputy, module=module, defaults={"opened_at": timezone.now()}
            )
    except IntegrityError:
        row = ModuleProgress.objects.get(deputy=deputy, module=module)
    return row


def quizzes_passed(*, deputy: Deputy, module: ModulePage) -> bool:
    quiz_ids = {block.id for block in module.quizzes}
    if not quiz_ids:
        return True
    passed = set(
        QuizAttempt.objects.filter(
            deputy=deputy, module=module, passed=True
        ).values_list("block_id", flat=True)
    )
    return quiz_ids <= passed


@transaction.atomic
@generation_bumps_deferred()
def module_open(*, deputy: Deputy, module: ModulePage) -> ModuleProgress:
    """Record that the deputy opened a module; complete it when its rules are met.

    The rules: its reading and watching time spent (ADR 0013) and its quizzes passed;
    a module that asks for neither is complete once opened.
    """
    course = course_of(module)
    course_enrol(deputy=deputy, course=course)
    row = _progress_row(deputy=deputy, module=module)
    if (
        row.completed_at is None
        and quizzes_passed(deputy=deputy, module=module)
        and viewing_done(deputy=deputy, module=module)
    ):
        module_complete(deputy=deputy, module=module)
        row.refresh_from_db()
    else:
        enrolment_refresh(deputy=deputy, course=course, last_module=module)
    return row


@transaction.atomic
@generation_bumps_deferred()
def module_complete(*, deputy: Deputy, module: ModulePage) -> bool:
    """Complete a module once; returns True only for the call that completed it."""
    course = course_of(module)
    course_enrol(deputy=deputy, course=course)
    _progress_row(deputy=deputy, module=module)
    completed = ModuleProgress.objects.filter(
        deputy=deputy, module=module, completed_at__isnull=True
    ).update(completed_at=timezone.now())
    if completed:  # an update sends no signal
        learning_changed(deputy_ids=[deputy.pk])
    enrolment_refresh(deputy=deputy, course=course, last_module=module)
    return bool(completed)


def enrolment_refresh(
    *, deputy: Deputy, course: CoursePage, last_module: ModulePage | None = None
) -> Enrolment:
    """Recompute an enrolment's progress and complete the course when its rule is met.

    Precondition: inside a transaction; the enrolment row is locked here so that
    concurrent events for one deputy and course are applied one after another.
    """
    enrolment = Enrolment.objects.select_for_update().get(deputy=deputy, course=course)
    required = ModulePage.objects.live().child_of(course).filter(is_required=True)
    total = required.count()
    done = ModuleProgress.objects.filter(
        deputy=deputy, module__in=required.values("pk"), completed_at__isnull=False
    ).count()
    sessions = _required_sessions(deputy=deputy, course=course)
    sessions_done = not sessions or _sessions_satisfied(sessions)
    # A course ending with a required exam: passing it is one more step (ADR 0012).
    exam = course_exam_satisfied(deputy=deputy, course=course)
    exam_done = exam is not False
    now = timezone.now()
    enrolment.modules_total, enrolment.modules_done = total, done
    if total:
        steps = total + (exam is not None)
        enrolment.progress = round(100 * (done + (exam is True)) / steps)
    else:
        # A course held only in class: its sessions are the whole of its progress.
        enrolment.progress = 100 if sessions and sessions_done else 0
    enrolment.last_activity_at = now
    fields = ["modules_total", "modules_done", "progress", "last_activity_at"]
    if last_module is not None:
        enrolment.last_module = last_module
        fields.append("last_module")
    completing = (
        enrolment.completed_at is None
        and (total or sessions)
        and done == total
        and sessions_done
        and extra_conditions_met(deputy=deputy, course=course)
        and exam_done
    )
    # The completion and its hours change the deputy's coverage once (ADR 0017).
    with standings_deferred():
        if completing:
            enrolment.completed_at = now
            fields.append("completed_at")
            _course_hours_record(
                deputy=deputy, course=course, on=timezone.localdate(now)
            )
            transaction.on_commit(
                lambda: course_completed.send(sender=Enrolment, enrolment=enrolment)
            )
        enrolment.save(update_fields=fields)
    return enrolment


def _course_hours_record(*, deputy: Deputy, course: CoursePage, on: date) -> None:
    try:
        with transaction.atomic():
            HoursEntry.objects.get_or_create(
                deputy=deputy,
                course=course,
                source=HoursEntry.Source.COURSE,
                defaults={
                    "year": on.year,
                    "category": course.category,
                    "required": course.is_required,
                    "hours": course.hours,
                    "description": course.title,
                    "earned_on": on,
                },
            )
    except IntegrityError:
        pass  # another transaction recorded the same completion first


@transaction.atomic
@generation_bumps_deferred()
def quiz_submit(
    *, deputy: Deputy, module: ModulePage, block_id: str, answers: dict[int, set[int]]
) -> Grade:
    """Grade an attempt, record it, complete the module when every quiz is passed."""
    block = next((b for b in module.quizzes if b.id == block_id), None)
    if block is None:
        raise ValidationError(_("This quiz no longer exists; reload the page."))
    Deputy.objects.select_for_update().filter(pk=deputy.pk).first()
    attempts = QuizAttempt.objects.filter(
        deputy=deputy, module=module, block_id=block_id
    )
    if attempts.filter(passed=True).exists():
        raise ValidationError(_("You have already passed this quiz."))
    used = attempts.count()
    # Rounds (courses.selectors.rounds): the attempts of a round, then a cool-down.
    state = quiz_states_for(deputy=deputy, modules=[module])[module.pk, block_id]
    if state.attempts_left <= 0:
        raise ValidationError(quiz_wait_message(state.opens_at))
    grade = quiz_grade(quiz=block.value, answers=answers)
    QuizAttempt.objects.create(
        deputy=deputy,
        module=module,
        block_id=block_id,
        number=used + 1,
        score=grade.score,
        passed=grade.passed,
        answers={str(k): sorted(v) for k, v in answers.items()},
    )
    module_open(deputy=deputy, module=module)
    if not grade.passed:
        quiz_wait_refresh(deputy=deputy, module=module)
    return grade

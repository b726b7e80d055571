"""Reads of one deputy's learning: course and module state, /my/, the record."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from courses.models import (
    CoursePage,
    Enrolment,
    HoursEntry,
    ModulePage,
    ModuleProgress,
    TrainingPlanPage,
)
from courses.selectors.exams import course_exam, exam_passed
from courses.selectors.next_step import NextStep
from courses.selectors.next_step import (
    deputy_next_step as deputy_next_step,  # the portal's import
)
from courses.selectors.requirements import (
    requirement_deadline_for,
    requirements_for_deputy,
)
from courses.selectors.rounds import quiz_states_for, quiz_wait_message
from infrastructure.identity import AnyUser, deputy_for_user
from people.models import Deputy


def course_progress_for_user(
    *, course: CoursePage, modules: list[ModulePage], user: AnyUser
) -> dict:
    deputy = deputy_for_user(user)
    context = {
        "can_study": user.is_authenticated,
        "deputy": deputy,
        "enrolment": None,
        "completed_module_ids": set(),
    }
    if deputy is None:
        return context
    context["enrolment"] = Enrolment.objects.filter(
        deputy=deputy, course=course
    ).first()
    rows = ModuleProgress.objects.filter(
        deputy=deputy, module_id__in=[m.pk for m in modules]
    ).values_list("module_id", "completed_at", "retry_at")
    now = timezone.now()
    context["completed_module_ids"] = {m for m, done, _r in rows if done}
    # Modules whose quiz waits for its next round (courses.selectors.rounds).
    waiting = {m: r for m, done, r in rows if not done and r and r > now}
    context["next_module"] = next(
        (
            m
            for m in modules
            if m.is_required
            and m.pk not in context["completed_module_ids"]
            and m.pk not in waiting
        ),
        None,
    )
    context["next_opens_at"] = None
    if context["next_module"] is None and waiting:
        context["next_opens_at"] = min(waiting.values())
    elif context["next_module"] is None:
        exam = course_exam(course=course)
        if exam is not None and not exam_passed(deputy=deputy, exam=exam):
            context["next_module"] = exam
    return context


def module_state_for_user(
    *, module: ModulePage, course: CoursePage, user: AnyUser
) -> dict:
    deputy = deputy_for_user(user)
    context = {
        "can_study": user.is_authenticated,
        "deputy": deputy,
        "module_progress": None,
        "quiz_states": {},
    }
    if deputy is None:
        return context
    context["module_progress"] = ModuleProgress.objects.filter(
        deputy=deputy, module=module
    ).first()
    # Rounds and cool-downs: courses.selectors.rounds.
    states = quiz_states_for(deputy=deputy, modules=[module])
    context["quiz_states"] = {
        block_id: state for (_m, block_id), state in states.items()
    }
    context["quiz_wait"] = next(
        (
            quiz_wait_message(state.opens_at)
            for state in context["quiz_states"].values()
            if state.locked
        ),
        "",
    )
    context["quiz_action"] = reverse("courses:quiz_submit", args=[module.pk])
    context["open_action"] = reverse("courses:module_open", args=[module.pk])
    return context


@dataclass
class RequirementStatus:
    requirement: object
    deadline: object
    courses: list
    done: int
    overdue: bool


@dataclass
class Dashboard:
    deputy: Deputy
    required: list[Enrolment]
    electives: list[Enrolment]
    completed: list[Enrolment]
    continue_with: Enrolment | None
    requirements: list[RequirementStatus]
    hours_this_year: Decimal
    hours_target: Decimal
    hours_by_category: dict = field(default_factory=dict)
    # Never a completed module, nor one waiting for its next round.
    next_step: NextStep | None = None

    @property
    def hours_percent(self) -> int:
        if not self.hours_target:
            return 100
        return min(100, int(100 * self.hours_this_year / self.hours_target))


def deputy_dashboard(*, deputy: Deputy, hours_target: Decimal) -> Dashboard:
    """Everything /my/ shows, in a fixed number of queries."""
    enrolments = list(
        Enrolment.objects.filter(deputy=deputy)
        .select_related("course")
        .order_by("completed_at", "course__start_date")
    )
    requirements = requirements_for_deputy(deputy=deputy)
    required_ids = {course.pk for r in requirements for course in r.courses.all()}
    open_enrolments = [e for e in enrolments if e.completed_at is None]
    by_course = {e.course_id: e for e in enrolments}
    statuses = []
    today = timezone.localdate()
    for requirement in requirements:
        courses = list(requirement.courses.all())
        done = sum(
            1 for c in courses if by_course.get(c.pk) and by_course[c.pk].completed_at
        )
        deadline = requirement_deadline_for(requirement=requirement, deputy=deputy)
        statuses.append(
            RequirementStatus(
                requirement,
                deadline,
                courses,
                done,
                deadline < today and done < len(courses),
            )
        )
    year = today.year
    hours = HoursEntry.objects.filter(deputy=deputy, year=year)
    by_category = dict(
        hours.values_list("category").annotate(total=Sum("hours")).order_by()
    )
    started = [e for e in open_enrolments if e.last_activity_at]
    return Dashboard(
        deputy=deputy,
        required=[
            e
            for e in open_enrolments
            if e.course_id in required_ids or e.course.is_required
        ],
        electives=[
            e
            for e in open_enrolments
            if e.course_id not in required_ids and not e.course.is_required
        ],
        completed=[e for e in enrolments if e.completed_at],
        # `started` holds only enrolments with a last activity: none is None.
        continue_with=max(started, key=lambda e: e.last_activity_at)  # type: ignore[arg-type,return-value]
        if started
        else None,
        requirements=statuses,
        hours_this_year=sum(by_category.values(), Decimal("0")),
        hours_target=hours_target,
        hours_by_category=by_category,
        next_step=deputy_next_step(deputy=deputy, enrolments=open_enrolments)
        if open_enrolments
        else None,
    )


DEFAULT_HOURS_TARGET = Decimal("50")


def hours_target_for(*, deputy: Deputy) -> Decimal:
    """The annual hours target set by the plan that covers this year."""
    year = timezone.localdate().year
    target = (
        TrainingPlanPage.objects.live()
        .filter(start_year__lte=year, end_year__gte=year)
        .values_list("annual_hours_target", flat=True)
        .first()
    )
    return target if target is not None else DEFAULT_HOURS_TARGET

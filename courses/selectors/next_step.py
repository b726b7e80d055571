"""What a deputy can do next: never a completed module, nor one awaiting a round."""

from dataclasses import dataclass
from datetime import datetime
from functools import reduce
from operator import or_

from django.db.models import Exists, F, Min, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import (
    CoursePage,
    Enrolment,
    ExamAttempt,
    ExamPage,
    ModulePage,
    ModuleProgress,
)
from courses.selectors.rounds import opens_at_display
from people.models import Deputy

# Open courses looked at, most recently active first: enough for any deputy's plan.
COURSES_CONSIDERED = 30


@dataclass
class NextStep:
    label: str
    url: str


def _within(courses: list[CoursePage]) -> Q:
    """Children of these courses, as ranges of the page tree's indexed path.

    A child's path is its parent's and one step of `steplen` characters from the
    tree's alphabet; a range reads the index where `startswith` reads every page.
    """
    alphabet = CoursePage.alphabet
    first, last = alphabet[0] * CoursePage.steplen, alphabet[-1] * CoursePage.steplen
    return reduce(
        or_,
        (
            Q(path__range=(c.path + first, c.path + last), depth=c.depth + 1)
            for c in courses
        ),
    )


def available_modules(
    *, deputy: Deputy, courses: list[CoursePage], now: datetime
) -> list[ModulePage]:
    """Required live modules of these courses neither completed nor waiting (1 query).

    Optional modules are not a next step: they never hold back a course.
    """
    progress = ModuleProgress.objects.filter(deputy=deputy, module=OuterRef("pk"))
    return list(
        ModulePage.objects.live()
        .filter(_within(courses), is_required=True)
        .exclude(Exists(progress.filter(completed_at__isnull=False)))
        .exclude(Exists(progress.filter(retry_at__gt=now)))
        .order_by("path")
    )


def first_retry(
    *, deputy: Deputy, courses: list[CoursePage], now: datetime
) -> datetime | None:
    """When the earliest waiting module of these courses opens its next round."""
    return ModuleProgress.objects.filter(
        deputy=deputy,
        module__in=ModulePage.objects.live().filter(_within(courses)),
        completed_at__isnull=True,
        retry_at__gt=now,
    ).aggregate(first=Min("retry_at"))["first"]


def exams_to_pass(*, deputy: Deputy, courses: list[CoursePage]) -> list[ExamPage]:
    """The live exams of these courses the deputy has not passed (1 query)."""
    passed = ExamAttempt.objects.filter(deputy=deputy, exam=OuterRef("pk"), passed=True)
    return list(
        ExamPage.objects.live()
        .filter(_within(courses))
        .exclude(Exists(passed))
        .order_by("path")
    )


def _parent_path(page: ModulePage | ExamPage) -> str:
    return page.path[: -page.steplen]


def deputy_next_step(
    *, deputy: Deputy, enrolments: list[Enrolment] | None = None
) -> NextStep | None:
    """The page to open next: in the course last worked on, else the next one due.

    A module completed, or waiting for its quiz's next round, is skipped; a course
    whose modules are all done points at its exam. Two queries in the common case.
    """
    if enrolments is None:
        enrolments = list(
            Enrolment.objects.filter(deputy=deputy, completed_at__isnull=True)
            .select_related("course")
            .order_by(
                F("last_activity_at").desc(nulls_last=True),
                "course__end_date",
                "course__path",
            )[:COURSES_CONSIDERED]
        )
    else:
        enrolments = sorted(
            (e for e in enrolments if e.completed_at is None),
            key=lambda e: (
                -(e.last_activity_at.timestamp() if e.last_activity_at else 0),
                e.course.end_date or timezone.localdate().max,
                e.course.path,
            ),
        )[:COURSES_CONSIDERED]
    if not enrolments:
        return None
    courses = [e.course for e in enrolments]
    now = timezone.now()
    pages: dict[str, ModulePage | ExamPage] = {}
    for module in available_modules(deputy=deputy, courses=courses, now=now):
        pages.setdefault(_parent_path(module), module)
    if len(pages) < len(courses):
        for exam in exams_to_pass(deputy=deputy, courses=courses):
            pages.setdefault(_parent_path(exam), exam)
    for course in courses:
        if course.path in pages:
            page = pages[course.path]
            return NextStep(label=f"{course.title} · {page.title}", url=page.url)
    opens_at = first_retry(deputy=deputy, courses=courses, now=now)
    course = courses[0]
    if opens_at is None:
        return NextStep(label=course.title, url=course.url)
    label = _("%(course)s · the next round opens on %(when)s") % {
        "course": course.title,
        "when": opens_at_display(opens_at),
    }
    return NextStep(label=label, url=course.url)

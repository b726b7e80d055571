"""The learning record (参训记录) of one deputy as plain, JSON-ready facts.

The certificates app freezes these facts when it issues the record as a document,
and compares them with today's to tell whether an issued record still holds, so
everything here is plain data (strings, numbers, lists, dicts) in a stable order.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Max
from django.utils import timezone

from courses.models import (
    Category,
    CoursePage,
    Enrolment,
    Exemption,
    HoursEntry,
    QuizAttempt,
    TrainingPlanPage,
)
from courses.selectors.requirements import requirements_for_deputy
from people.models import Deputy

KINDS = [value for value, _label in Category.choices]
# Treebeard's path step: a module's path is its course's path and four characters.
PATH_STEP = 4


class Status:
    COMPLETED = "completed"
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"
    EXEMPTED = "exempted"


def _number(value: Decimal) -> str:
    """Hours as text, 12 rather than 12.0, so that equal facts compare equal."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def _totals(entries: list[HoursEntry], target: Decimal | None) -> dict:
    by_kind = dict.fromkeys(KINDS, Decimal("0"))
    required = elective = Decimal("0")
    for entry in entries:
        by_kind[entry.category] = by_kind.get(entry.category, 0) + entry.hours
        if entry.required:
            required += entry.hours
        else:
            elective += entry.hours
    total = required + elective
    return {
        "by_kind": {kind: _number(hours) for kind, hours in by_kind.items()},
        "required": _number(required),
        "elective": _number(elective),
        "total": _number(total),
        "target": _number(target) if target is not None else None,
        "met": target is not None and total >= target,
    }


def _targets() -> list[tuple[int, int, Decimal]]:
    return list(
        TrainingPlanPage.objects.live().values_list(
            "start_year", "end_year", "annual_hours_target"
        )
    )


def _target_for(year: int, targets: list[tuple[int, int, Decimal]]) -> Decimal | None:
    return next((t for start, end, t in targets if start <= year <= end), None)


def _scores(deputy: Deputy) -> dict[str, int]:
    """Each course's score: the mean of the best score of each of its quizzes."""
    best = (
        QuizAttempt.objects.filter(deputy=deputy)
        .values("module__path", "block_id")
        .annotate(best=Max("score"))
        .order_by()
    )
    by_course: dict[str, list[int]] = defaultdict(list)
    for row in best:
        by_course[row["module__path"][:-PATH_STEP]].append(row["best"])
    return {path: round(sum(s) / len(s)) for path, s in by_course.items()}


def learning_record_facts(*, deputy: Deputy) -> dict:
    """Hours by year and for the term, by kind and required/elective against the
    annual target; every course the deputy has or must take, with its status and
    score. A fixed number of queries whatever the record's length."""
    entries = list(
        HoursEntry.objects.filter(deputy=deputy).order_by("year", "earned_on", "pk")
    )
    targets = _targets()
    by_year: dict[int, list[HoursEntry]] = defaultdict(list)
    for entry in entries:
        by_year[entry.year].append(entry)
    years = [
        {
            "year": year,
            **_totals(year_entries, _target_for(year, targets)),
            "entries": [
                {
                    "date": entry.earned_on.isoformat(),
                    "description": entry.description,
                    "kind": entry.category,
                    "required": entry.required,
                    "hours": _number(entry.hours),
                }
                for entry in year_entries
            ],
        }
        for year, year_entries in sorted(by_year.items())
    ]
    term_totals = _totals(entries, None)
    return {
        "name": deputy.name,
        "deputy_no": deputy.deputy_no,
        "delegation": str(deputy.delegation),
        "term": str(deputy.term),
        "years": years,
        "term_totals": term_totals,
        "courses": _courses(deputy),
    }


def _courses(deputy: Deputy) -> list[dict]:
    enrolments = {
        e.course_id: e for e in Enrolment.objects.filter(deputy=deputy).order_by()
    }
    requirements = requirements_for_deputy(deputy=deputy)
    exempted = set(
        Exemption.objects.filter(deputy=deputy).values_list("requirement_id", flat=True)
    )
    required_ids: set[int] = set()
    exempted_ids: set[int] = set()
    for requirement in requirements:
        ids = {course.pk for course in requirement.courses.all()}
        required_ids |= ids
        if requirement.pk in exempted:
            exempted_ids |= ids
    courses = CoursePage.objects.filter(pk__in=set(enrolments) | required_ids).order_by(
        "start_date", "path"
    )
    scores = _scores(deputy)
    rows = []
    for course in courses:
        enrolment = enrolments.get(course.pk)
        if enrolment is not None and enrolment.completed_at is not None:
            status = Status.COMPLETED
        elif course.pk in exempted_ids:
            status = Status.EXEMPTED
        elif enrolment is not None and enrolment.modules_done:
            status = Status.IN_PROGRESS
        else:
            status = Status.NOT_STARTED
        rows.append(
            {
                "title": course.title,
                "kind": course.category,
                "required": course.pk in required_ids or course.is_required,
                "hours": _number(course.hours),
                "status": status,
                "completed_on": timezone.localdate(enrolment.completed_at).isoformat()
                if status == Status.COMPLETED and enrolment and enrolment.completed_at
                else None,
                "score": scores.get(course.path),
            }
        )
    return rows

"""Keeping the coverage standings in line with the facts they are read from (ADR 0017).

A standing is written from the recount itself (`cohort_with_coverage`), for some
deputies when one of their facts changes, and for a whole requirement when the
requirement or the roster changes. `standings_drift` compares the two.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import (
    Aggregate,
    BigIntegerField,
    Case,
    DateTimeField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.utils import timezone

from courses.models import CoverageStanding, Enrolment, Requirement
from courses.models.standings import MAX_REQUIRED_COURSES
from courses.selectors.coverage import cohort_with_coverage, course_bits
from courses.selectors.requirements import requirement_cohort
from infrastructure.deferral import Deferral
from people.models import Deputy

# The columns a standing is made of, besides its requirement and deputy.
FACTS = (
    "delegation_id",
    "courses_done",
    "courses_mask",
    "required_hours",
    "elective_hours",
    "covered",
    "covered_month",
)
BATCH = 2000


def required_course_ids(requirement: Requirement) -> list[int]:
    return list(requirement.courses.values_list("pk", flat=True))


def _completions(course_ids: list[int], **aggregate: Aggregate) -> Subquery:
    """One figure over the deputy's completed enrolments in the required courses."""
    ((name, expression),) = aggregate.items()
    rows = (
        Enrolment.objects.filter(
            deputy=OuterRef("pk"), course_id__in=course_ids, completed_at__isnull=False
        )
        .values("deputy")
        .annotate(**{name: expression})
        .values(name)
    )
    return Subquery(rows, output_field=expression.output_field)


def _month(moment: datetime | None) -> date | None:
    return timezone.localtime(moment).date().replace(day=1) if moment else None


def _recount(
    requirement: Requirement, course_ids: list[int], deputies: QuerySet[Deputy] | None
) -> list[CoverageStanding]:
    """The standings as the recount has them now, for the cohort or part of it."""
    if len(course_ids) > MAX_REQUIRED_COURSES:
        raise ValueError(
            f"{requirement.slug}: more than {MAX_REQUIRED_COURSES} required courses"
        )
    bits = [
        When(course_id=pk, then=Value(bit))
        for pk, bit in course_bits(course_ids).items()
    ]
    mask = Sum(Case(*bits, default=Value(0)), output_field=BigIntegerField())
    rows = (
        cohort_with_coverage(
            requirement=requirement, deputies=deputies, course_ids=course_ids
        )
        .annotate(
            mask=_completions(course_ids, mask=mask),
            last=_completions(
                course_ids, last=Max("completed_at", output_field=DateTimeField())
            ),
        )
        .order_by()
        .values_list(
            "pk",
            "delegation_id",
            "courses_done",
            "mask",
            "required_hours",
            "elective_hours",
            "covered",
            "last",
        )
    )
    return [
        CoverageStanding(
            requirement=requirement,
            deputy_id=pk,
            delegation_id=delegation_id,
            courses_done=done,
            courses_mask=bitmask or 0,
            required_hours=required,
            elective_hours=elective,
            covered=covered,
            covered_month=_month(last) if covered else None,
        )
        for pk, delegation_id, done, bitmask, required, elective, covered, last in rows
    ]


def _write(rows: list[CoverageStanding]) -> None:
    CoverageStanding.objects.bulk_create(
        rows,
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["requirement", "deputy"],
        update_fields=[f.removesuffix("_id") for f in FACTS],
    )


@transaction.atomic
def standings_rebuild(*, requirement: Requirement) -> int:
    """Recount a whole requirement (it or the roster changed); returns its size."""
    rows = _recount(requirement, required_course_ids(requirement), None)
    CoverageStanding.objects.filter(requirement=requirement).exclude(
        deputy__in=requirement_cohort(requirement=requirement).values("pk")
    ).delete()
    _write(rows)
    return len(rows)


def standings_rebuild_term(*, term_id: int) -> int:
    return sum(
        standings_rebuild(requirement=r)
        for r in Requirement.objects.filter(term_id=term_id)
    )


def _facts(standing: CoverageStanding) -> tuple:
    return tuple(getattr(standing, f) for f in FACTS)


@transaction.atomic(savepoint=False)
def standings_refresh(*, deputy_ids: Iterable[int]) -> None:
    """Recount these deputies' standings after one of their facts changed.

    Runs in the transaction of the change. The deputies' standing rows are locked
    first, so that two changes for one deputy are recounted one after the other,
    each seeing the other's facts (PostgreSQL reads committed data per statement).
    Rows that did not change are not written.
    """
    ids = sorted(set(deputy_ids))
    if not ids:
        return
    held = {
        (s.requirement_id, s.deputy_id): s
        for s in CoverageStanding.objects.select_for_update().filter(deputy_id__in=ids)
    }
    requirements = list(
        Requirement.objects.filter(
            Q(term_id__in=Deputy.objects.filter(pk__in=ids).values("term_id"))
            | Q(pk__in={key[0] for key in held})
        ).select_related("term")
    )
    courses: dict[int, list[int]] = {r.pk: [] for r in requirements}
    for requirement_id, course_id in Requirement.courses.through.objects.filter(
        requirement_id__in=courses
    ).values_list("requirement_id", "coursepage_id"):
        courses[requirement_id].append(course_id)
    deputies = Deputy.objects.filter(pk__in=ids)
    changed, gone = [], []
    for requirement in requirements:
        fresh = {
            row.deputy_id: row
            for row in _recount(requirement, courses[requirement.pk], deputies)
        }
        for deputy_id in ids:
            before = held.get((requirement.pk, deputy_id))
            now = fresh.get(deputy_id)
            if now is None and before is not None:
                gone.append(before.pk)
            elif now is not None and (before is None or _facts(before) != _facts(now)):
                changed.append(now)
    if gone:
        CoverageStanding.objects.filter(pk__in=gone).delete()
    if changed:
        _write(changed)


# Deputies whose changes wait for the end of a `standings_deferred` block: a course
# completed writes its enrolment and its hours, two changes and one recount.
_deferred: Deferral[int] = Deferral(
    "standings_deferred", lambda ids: standings_refresh(deputy_ids=ids)
)
standings_deferred = _deferred.block


def standings_changed(*, deputy_ids: Iterable[int]) -> None:
    """A fact of these deputies changed: recount now, or at the end of the block."""
    if not _deferred.gather(deputy_ids):
        standings_refresh(deputy_ids=deputy_ids)


@dataclass
class Drift:
    requirement: str
    missing: int  # in the cohort, no standing
    extra: int  # a standing, not in the cohort
    different: int  # both, with other facts

    @property
    def any(self) -> bool:
        return bool(self.missing or self.extra or self.different)


def standings_drift(*, requirement: Requirement) -> Drift:
    """How the kept standings differ from a recount now (all zero when in line)."""
    fresh = {
        row.deputy_id: _facts(row)
        for row in _recount(requirement, required_course_ids(requirement), None)
    }
    kept = {
        row.deputy_id: _facts(row)
        for row in CoverageStanding.objects.filter(requirement=requirement)
    }
    return Drift(
        requirement=requirement.slug,
        missing=len(fresh.keys() - kept.keys()),
        extra=len(kept.keys() - fresh.keys()),
        different=sum(1 for pk in fresh.keys() & kept.keys() if fresh[pk] != kept[pk]),
    )

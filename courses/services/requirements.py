"""Requirements: enrolments that follow the cohort, and exemptions."""

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.learning_pages import learning_changed_for_all
from courses.models import Enrolment, Exemption, ModulePage, Requirement
from courses.selectors.requirements import requirement_cohort
from people.models import Deputy

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@transaction.atomic
def enrolments_sync(*, requirement: Requirement) -> int:
    """Enrol every cohort member in the requirement's courses; return how many joined.

    One INSERT ... SELECT per course: the cohort never travels through Python.
    """
    cohort_sql, cohort_params = (
        requirement_cohort(requirement=requirement)
        .order_by()
        .values("pk")
        .query.sql_with_params()
    )
    table = connection.ops.quote_name(Enrolment._meta.db_table)
    added = 0
    with connection.cursor() as cursor:
        for course in requirement.courses.all():
            # Progress figures are right from enrolment: "0 of 5 modules".
            total = (
                ModulePage.objects.live().child_of(course).filter(is_required=True)
            ).count()
            # "WHERE 1=1" keeps SQLite from reading ON CONFLICT as part of a join.
            # S608: names come from the ORM, values go as parameters.
            cursor.execute(
                f"INSERT INTO {table} (deputy_id, course_id, source, enrolled_at, "  # noqa: S608
                "modules_total, modules_done, progress) "
                "SELECT cohort.pk, %s, %s, %s, %s, 0, 0 "
                f"FROM ({cohort_sql}) AS cohort WHERE 1=1 "
                "ON CONFLICT (deputy_id, course_id) DO NOTHING",
                [
                    course.pk,
                    Enrolment.Source.REQUIREMENT,
                    timezone.now(),
                    total,
                    *cohort_params,
                ],
            )
            added += max(cursor.rowcount, 0)
    if added:
        # Rows written in SQL send no signal; whom they enrolled stays in the database.
        learning_changed_for_all()
    return added


def enrolments_sync_term(*, term_id: int) -> int:
    """Follow every requirement of a term after its roster changed."""
    return sum(
        enrolments_sync(requirement=r)
        for r in Requirement.objects.filter(term_id=term_id)
    )


@transaction.atomic
def exemption_grant(
    *,
    requirement: Requirement,
    deputy: Deputy,
    reason: str,
    granted_by: "User | None" = None,
) -> Exemption:
    """Excuse a deputy from a requirement: out of its cohort, the reason on record."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for the exemption."))
    if deputy.term_id != requirement.term_id:
        raise ValidationError(
            _("The deputy belongs to another term than the requirement.")
        )
    try:
        with transaction.atomic():
            return Exemption.objects.create(
                requirement=requirement,
                deputy=deputy,
                reason=reason,
                granted_by=granted_by,
            )
    except IntegrityError:
        raise ValidationError(
            _("This deputy is already exempted from this requirement.")
        ) from None

"""Requirements: enrolments that follow the cohort, and exemptions."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from courses.models import Deputy, Enrolment, Exemption, Requirement
from courses.selectors.requirements import requirement_cohort


@transaction.atomic
def enrolments_sync(*, requirement: Requirement) -> int:
    """Enrol every cohort member in the requirement's courses; returns how many were added."""
    course_ids = list(requirement.courses.values_list("pk", flat=True))
    if not course_ids:
        return 0
    deputy_ids = requirement_cohort(requirement=requirement).values_list("pk", flat=True)
    existing = set(
        Enrolment.objects.filter(course_id__in=course_ids, deputy_id__in=deputy_ids).values_list("deputy_id", "course_id")
    )
    missing = [
        Enrolment(deputy_id=deputy_id, course_id=course_id, source=Enrolment.Source.REQUIREMENT)
        for deputy_id in deputy_ids
        for course_id in course_ids
        if (deputy_id, course_id) not in existing
    ]
    Enrolment.objects.bulk_create(missing, batch_size=1000, ignore_conflicts=True)
    return len(missing)


def enrolments_sync_term(*, term_id: int) -> int:
    """Follow every requirement of a term after its roster changed."""
    return sum(enrolments_sync(requirement=r) for r in Requirement.objects.filter(term_id=term_id))


@transaction.atomic
def exemption_grant(*, requirement: Requirement, deputy: Deputy, reason: str, granted_by=None) -> Exemption:
    """Excuse a deputy from a requirement; the deputy leaves its cohort with the reason on record."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for the exemption."))
    if deputy.term_id != requirement.term_id:
        raise ValidationError(_("The deputy belongs to another term than the requirement."))
    try:
        with transaction.atomic():
            return Exemption.objects.create(requirement=requirement, deputy=deputy, reason=reason, granted_by=granted_by)
    except IntegrityError:
        raise ValidationError(_("This deputy is already exempted from this requirement.")) from None

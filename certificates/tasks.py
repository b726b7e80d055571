"""Background issuing: thin wrappers around services, safe to run twice."""

import logging

from django.core.exceptions import ValidationError
from django_tasks import task

from certificates.services import certificate_eligible_deputies, certificate_issue
from courses.models import CoursePage, Requirement
from people.models import Deputy

logger = logging.getLogger("deputy_college.certificates")


@task()
def certificate_issue_task(
    deputy_id: int, course_id: int | None = None, requirement_id: int | None = None
) -> str:
    deputy = Deputy.objects.get(pk=deputy_id)
    course = CoursePage.objects.get(pk=course_id) if course_id else None
    requirement = Requirement.objects.get(pk=requirement_id) if requirement_id else None
    if (
        requirement is not None
        and not certificate_eligible_deputies(requirement=requirement)
        .filter(pk=deputy_id)
        .exists()
    ):
        return ""  # the requirement is not met yet, or its certificate is already held
    try:
        return certificate_issue(
            deputy=deputy, course=course, requirement=requirement
        ).serial
    except ValidationError as error:
        # Not eligible (yet) or unprintable name: recorded, not retried.
        logger.warning(
            "Certificate not issued to deputy %s: %s",
            deputy_id,
            "; ".join(error.messages),
        )
        return ""

"""A completed course issues its certificate, and those of requirements it completes."""

from django.dispatch import receiver

from certificates.tasks import certificate_issue_task
from courses.signals import course_completed


@receiver(course_completed)
def issue_on_completion(sender, enrolment, **kwargs):
    # course_completed is sent on commit already: enqueue straight away.
    course = enrolment.course
    if course.awards_certificate:
        certificate_issue_task.enqueue(enrolment.deputy_id, course_id=course.pk)
    for requirement_id in course.requirements.filter(
        awards_certificate=True
    ).values_list("pk", flat=True):
        certificate_issue_task.enqueue(
            enrolment.deputy_id, requirement_id=requirement_id
        )

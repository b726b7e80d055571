"""A completed course issues its certificate, and those of requirements it completes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from certificates.models import Certificate
from certificates.tasks import certificate_issue_task
from courses.learning_pages import learning_changed
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


@receiver(post_save, sender=Certificate, dispatch_uid="learning_certificate_saved")
@receiver(post_delete, sender=Certificate, dispatch_uid="learning_certificate_gone")
def certificate_changed(sender, instance, raw=False, **kwargs):
    # /my/ lists the deputy's certificates (courses.learning_pages, ADR 0018).
    if not raw:
        learning_changed(deputy_ids=[instance.deputy_id])

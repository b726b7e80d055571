"""Cohort enrolments follow the requirements whenever an administrator edits one;
a deputy with a one-time password is sent to change it after logging in."""

from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from courses.middleware import SESSION_KEY
from courses.models import Deputy, Requirement


def _sync_later(requirement_id: int) -> None:
    from courses.tasks import enrolments_sync_task

    transaction.on_commit(lambda: enrolments_sync_task.enqueue(requirement_id))


@receiver(post_save, sender=Requirement)
def requirement_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _sync_later(instance.pk)


@receiver(m2m_changed, sender=Requirement.courses.through)
@receiver(m2m_changed, sender=Requirement.delegations.through)
def requirement_scope_changed(sender, instance, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"} and isinstance(
        instance, Requirement
    ):
        _sync_later(instance.pk)


@receiver(user_logged_in)
def remember_password_change_required(sender, request, user, **kwargs):
    if Deputy.objects.filter(user=user, password_change_required=True).exists():
        request.session[SESSION_KEY] = True

"""Cohort enrolments follow the requirements whenever an administrator edits one,
and the roster whenever an import changes it."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from courses.models import Requirement
from courses.tasks import enrolments_sync_task, enrolments_sync_term_task
from people.signals import roster_changed


def _sync_later(requirement_id: int) -> None:
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


@receiver(roster_changed)
def roster_imported(sender, term_ids, **kwargs):
    # Sent on commit already: enqueue straight away.
    for term_id in term_ids:
        enrolments_sync_term_task.enqueue(term_id)

"""Cohort enrolments and coverage standings follow the requirements whenever an
administrator edits one, and the roster whenever an import changes it; a
deputy's standings follow each change of their own facts (ADR 0017)."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from courses.models import Enrolment, Exemption, HoursEntry, Requirement
from courses.services.standings import standings_changed
from courses.tasks import (
    enrolments_sync_task,
    enrolments_sync_term_task,
    standings_rebuild_task,
    standings_rebuild_term_task,
)
from people.models import Deputy, Term
from people.signals import roster_changed


def _sync_later(requirement_id: int) -> None:
    # The whole cohort is recounted by the worker, after the change is committed.
    transaction.on_commit(lambda: enrolments_sync_task.enqueue(requirement_id))
    transaction.on_commit(lambda: standings_rebuild_task.enqueue(requirement_id))


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
        standings_rebuild_term_task.enqueue(term_id)


@receiver(post_save, sender=Term)
def term_saved(sender, instance, created, raw=False, **kwargs):
    # The term's years bound the hours that count.
    if not (raw or created):
        term_id = instance.pk
        transaction.on_commit(lambda: standings_rebuild_term_task.enqueue(term_id))


@receiver(post_delete, sender=Requirement.courses.through)
def requirement_course_deleted(sender, instance, origin=None, **kwargs):
    # A course page deleted with no enrolment leaves its requirements silently.
    _sync_later(instance.requirement_id)


# One deputy's facts --------------------------------------------------------------


def _deleted_with_the_deputy(origin) -> bool:
    # Deleting a deputy deletes their standings too: nothing is left to recount.
    return isinstance(origin, Deputy) or getattr(origin, "model", None) is Deputy


@receiver(post_save, sender=Deputy)
def deputy_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        standings_changed(deputy_ids=[instance.pk])


@receiver(post_save, sender=Enrolment)
def enrolment_saved(sender, instance, created, raw=False, update_fields=None, **kw):
    # Only completion counts: progress is saved at every module opened.
    if raw or (created and instance.completed_at is None):
        return
    if update_fields is None or "completed_at" in update_fields:
        standings_changed(deputy_ids=[instance.deputy_id])


@receiver(post_save, sender=HoursEntry)
@receiver(post_save, sender=Exemption)
def deputy_fact_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        standings_changed(deputy_ids=[instance.deputy_id])


@receiver(post_delete, sender=Enrolment)
@receiver(post_delete, sender=HoursEntry)
@receiver(post_delete, sender=Exemption)
def deputy_fact_deleted(sender, instance, origin=None, **kwargs):
    if not _deleted_with_the_deputy(origin):
        standings_changed(deputy_ids=[instance.deputy_id])

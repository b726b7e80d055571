"""Cohort enrolments and coverage standings follow the requirements whenever an
administrator edits one, and the roster whenever an import changes it; a
deputy's standings follow each change of their own facts (ADR 0017). The pages
kept rendered for deputies follow the same changes (ADR 0018)."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from courses.learning_pages import learning_changed, learning_changed_for_all
from courses.models import (
    AttemptGrant,
    Enrolment,
    ExamAttempt,
    Exemption,
    HoursEntry,
    ModuleProgress,
    QuizAttempt,
    Requirement,
)
from courses.services.standings import standings_changed
from courses.tasks import (
    enrolments_sync_task,
    enrolments_sync_term_task,
    standings_rebuild_task,
    standings_rebuild_term_task,
)
from people.models import Delegation, Deputy, Term
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


def _deputies_of(instance) -> list[int]:
    # The deputy of the row, and the one it left if the admin gave it to another.
    before = getattr(instance, _DEPUTY_BEFORE, None)
    return [d for d in (instance.deputy_id, before) if d is not None]


@receiver(post_save, sender=Enrolment)
def enrolment_saved(sender, instance, created, raw=False, update_fields=None, **kw):
    # Only completion counts: progress is saved at every module opened.
    if raw or (created and instance.completed_at is None):
        return
    moved = getattr(instance, _DEPUTY_BEFORE, None) is not None
    if moved or update_fields is None or "completed_at" in update_fields:
        standings_changed(deputy_ids=_deputies_of(instance))


@receiver(post_save, sender=HoursEntry)
@receiver(post_save, sender=Exemption)
def deputy_fact_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        standings_changed(deputy_ids=_deputies_of(instance))


@receiver(post_delete, sender=Enrolment)
@receiver(post_delete, sender=HoursEntry)
@receiver(post_delete, sender=Exemption)
def deputy_fact_deleted(sender, instance, origin=None, **kwargs):
    if not _deleted_with_the_deputy(origin):
        standings_changed(deputy_ids=[instance.deputy_id])


# The pages kept rendered for deputies (ADR 0018) ----------------------------------


@receiver(post_save, sender=Deputy, dispatch_uid="learning_deputy_saved")
@receiver(post_delete, sender=Deputy, dispatch_uid="learning_deputy_deleted")
def learning_deputy_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        learning_changed(deputy_ids=[instance.pk])


# Facts of one deputy; the admin edits some of them, deputy included.
DEPUTY_FACTS = (
    Enrolment,
    ModuleProgress,
    QuizAttempt,
    ExamAttempt,
    AttemptGrant,
    HoursEntry,
    Exemption,
)
# Where a fact given to another deputy keeps the one it leaves, for the post_save
# receivers of the standings (above) and of the kept pages.
_DEPUTY_BEFORE = "_learning_deputy_before"


def deputy_fact_moving(sender, instance, raw=False, update_fields=None, **kwargs):
    # Hours entered for the wrong deputy and corrected in the admin leave the first
    # deputy's page as well as reaching the second's.
    instance.__dict__.pop(_DEPUTY_BEFORE, None)
    if raw or instance._state.adding:
        return
    if update_fields is not None and not {"deputy", "deputy_id"} & set(update_fields):
        return
    before = (
        sender._base_manager.filter(pk=instance.pk)
        .values_list("deputy_id", flat=True)
        .first()
    )
    if before != instance.deputy_id:
        setattr(instance, _DEPUTY_BEFORE, before)


for _fact in DEPUTY_FACTS:
    pre_save.connect(
        deputy_fact_moving,
        sender=_fact,
        dispatch_uid=f"deputy_{_fact._meta.model_name}_moving",
    )


@receiver(post_save, sender=Enrolment, dispatch_uid="learning_enrolment_saved")
@receiver(post_save, sender=ModuleProgress, dispatch_uid="learning_progress_saved")
@receiver(post_save, sender=QuizAttempt, dispatch_uid="learning_quiz_saved")
@receiver(post_save, sender=ExamAttempt, dispatch_uid="learning_exam_saved")
@receiver(post_save, sender=AttemptGrant, dispatch_uid="learning_grant_saved")
@receiver(post_save, sender=HoursEntry, dispatch_uid="learning_hours_saved")
@receiver(post_save, sender=Exemption, dispatch_uid="learning_exemption_saved")
@receiver(post_delete, sender=Enrolment, dispatch_uid="learning_enrolment_deleted")
@receiver(post_delete, sender=ModuleProgress, dispatch_uid="learning_progress_deleted")
@receiver(post_delete, sender=QuizAttempt, dispatch_uid="learning_quiz_deleted")
@receiver(post_delete, sender=ExamAttempt, dispatch_uid="learning_exam_deleted")
@receiver(post_delete, sender=AttemptGrant, dispatch_uid="learning_grant_deleted")
@receiver(post_delete, sender=HoursEntry, dispatch_uid="learning_hours_deleted")
@receiver(post_delete, sender=Exemption, dispatch_uid="learning_exemption_deleted")
def learning_fact_changed(sender, instance, raw=False, origin=None, **kwargs):
    if not (raw or _deleted_with_the_deputy(origin)):
        learning_changed(deputy_ids=_deputies_of(instance))


@receiver(post_save, dispatch_uid="learning_page_saved")
@receiver(post_delete, sender=Page, dispatch_uid="learning_page_deleted")
def learning_page_changed(sender, instance, raw=False, **kwargs):
    # Any page row: published or unpublished in the admin, or added live by code.
    # A deleted page of any type deletes its `Page` row; a delete receiver for
    # every model would cost every other model its fast (unfetched) delete.
    if not raw and isinstance(instance, Page):
        learning_changed_for_all()


@receiver(page_published, dispatch_uid="learning_page_published")
@receiver(page_unpublished, dispatch_uid="learning_page_unpublished")
@receiver(post_page_move, dispatch_uid="learning_page_moved")
@receiver(post_save, sender=Requirement, dispatch_uid="learning_requirement_saved")
@receiver(post_delete, sender=Requirement, dispatch_uid="learning_requirement_gone")
@receiver(post_save, sender=Term, dispatch_uid="learning_term_saved")
@receiver(post_save, sender=Delegation, dispatch_uid="learning_delegation_saved")
def learning_shown_to_all_changed(sender, raw=False, **kwargs):
    if not raw:
        learning_changed_for_all()


@receiver(post_save, sender=get_image_model(), dispatch_uid="learning_image_saved")
@receiver(post_delete, sender=get_image_model(), dispatch_uid="learning_image_gone")
def learning_image_changed(sender, raw=False, **kwargs):
    # A course's cover: a new file or a deleted image takes its renditions away,
    # and a deleted one leaves the page through an update (SET_NULL), no signal.
    if not raw:
        learning_changed_for_all()


@receiver(m2m_changed, sender=Requirement.courses.through, dispatch_uid="learning_rc")
@receiver(
    m2m_changed, sender=Requirement.delegations.through, dispatch_uid="learning_rd"
)
def learning_requirement_scope_changed(sender, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        learning_changed_for_all()


@receiver(roster_changed, dispatch_uid="learning_roster_changed")
def learning_roster_changed(sender, **kwargs):
    # Sent on commit: an import updates deputies in bulk, without their signals.
    learning_changed_for_all()

"""Granting extra attempts at a quiz or an exam (the rounds: selectors.rounds)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from courses.learning_pages import learning_changed
from courses.models import AttemptGrant, ExamPage, ModulePage, ModuleProgress
from courses.selectors.rounds import quiz_states_for
from infrastructure.identity import AnyUser
from people.models import Deputy


@transaction.atomic
def attempts_grant(
    *,
    deputy: Deputy,
    granted_by: AnyUser,
    attempts: int,
    reason: str,
    module: ModulePage | None = None,
    block_id: str = "",
    exam: ExamPage | None = None,
) -> AttemptGrant:
    """Give a deputy extra attempts at a module's quiz or a course exam, logged."""
    if (module is None) == (exam is None):
        raise ValidationError(_("Choose one quiz or one exam."))
    if module is not None and not any(b.id == block_id for b in module.quizzes):
        raise ValidationError(_("This quiz no longer exists; reload the page."))
    if not 1 <= attempts <= 10:
        raise ValidationError(_("Grant between 1 and 10 attempts."))
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Say why the attempts are granted."))
    grant = AttemptGrant.objects.create(
        deputy=deputy,
        module=module,
        block_id=block_id if module is not None else "",
        exam=exam,
        attempts=attempts,
        reason=reason[:200],
        granted_by=granted_by if granted_by.is_authenticated else None,
    )
    if module is not None:
        quiz_wait_refresh(deputy=deputy, module=module)
    return grant


def quiz_wait_refresh(*, deputy: Deputy, module: ModulePage) -> None:
    """Keep ModuleProgress.retry_at: when the module's waiting quiz opens, or None."""
    states = quiz_states_for(deputy=deputy, modules=[module])
    waits = [s.opens_at for s in states.values() if s.locked and s.opens_at]
    ModuleProgress.objects.filter(deputy=deputy, module=module).update(
        retry_at=min(waits) if waits else None
    )
    learning_changed(deputy_ids=[deputy.pk])  # an update sends no signal

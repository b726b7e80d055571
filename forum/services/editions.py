"""Registration for the forum's editions (上海人大代表论坛), and attendance."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from wagtail.models import Page

from forum.models import EditionRegistration, ForumEditionPage
from people.models import Deputy


@transaction.atomic
def edition_register(
    *, edition: ForumEditionPage, deputy: Deputy
) -> EditionRegistration:
    """Register a deputy; registering twice changes nothing; places are respected.

    The edition's page row is locked while the places are counted, so that two
    deputies taking the last place at once cannot both have it.
    """
    existing = EditionRegistration.objects.filter(
        edition=edition, deputy=deputy
    ).first()
    if existing is not None:
        return existing
    if not edition.registration_open or edition.has_taken_place:
        raise ValidationError(
            _("Registration for this edition is closed."), code="closed"
        )
    Page.objects.select_for_update().filter(pk=edition.pk).first()
    if edition.capacity is not None:
        taken = EditionRegistration.objects.filter(edition=edition).count()
        if taken >= edition.capacity:
            raise ValidationError(
                _("All places for this edition are taken."), code="full"
            )
    try:
        with transaction.atomic():
            return EditionRegistration.objects.create(edition=edition, deputy=deputy)
    except IntegrityError:
        return EditionRegistration.objects.get(edition=edition, deputy=deputy)


@transaction.atomic
def edition_unregister(*, edition: ForumEditionPage, deputy: Deputy) -> bool:
    """Withdraw a registration before the event; returns whether there was one."""
    if edition.has_taken_place:
        raise ValidationError(
            _("The edition has taken place: the registration stays on record."),
            code="past",
        )
    deleted, _rows = EditionRegistration.objects.filter(
        edition=edition, deputy=deputy
    ).delete()
    return bool(deleted)


@transaction.atomic
def edition_attendance_set(
    *, registration: EditionRegistration, attended: bool
) -> EditionRegistration:
    """Staff record whether a registered deputy attended."""
    registration.attended = attended
    registration.save(update_fields=["attended"])
    return registration

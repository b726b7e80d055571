"""Must-read notices: marking a staff topic as required reading, and reminding."""

from datetime import timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Requirement
from forum.models import Board, MustReadNotice, Topic
from forum.permissions import can_manage_notices
from forum.selectors.notices import notice_unread_in_scope
from forum.services.discussion import post_url
from infrastructure.models import Channel, Notification
from infrastructure.notifications import notify
from people.models import Delegation
from people.querysets import delegation_scope

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# A deputy is reminded of one notice at most once in this time, whoever sends it.
REMIND_INTERVAL = timedelta(hours=1)
NOTICE_KIND = "forum_must_read"

Audience = MustReadNotice.Audience


@transaction.atomic
def notice_mark(
    *,
    topic: Topic,
    actor: "User",
    audience: str,
    delegation: Delegation | None = None,
    requirement: Requirement | None = None,
) -> MustReadNotice:
    """Make a topic of a staff board required reading for its audience (or change it).

    Staff limited to some delegations may name only one of those delegations.
    """
    if not can_manage_notices(actor):
        raise PermissionDenied
    if topic.board.post_access != Board.PostAccess.STAFF or not topic.is_public:
        raise ValidationError(
            _("Only a published topic of a staff board can be a must-read notice."),
            code="not_staff_board",
        )
    if audience not in Audience.values:
        raise ValidationError(_("Choose who must read it."), code="audience")
    delegation = delegation if audience == Audience.DELEGATION else None
    requirement = requirement if audience == Audience.COHORT else None
    if audience == Audience.DELEGATION and delegation is None:
        raise ValidationError(_("Choose the delegation."), code="no_delegation")
    if audience == Audience.COHORT and requirement is None:
        raise ValidationError(
            _("Choose the learning requirement whose cohort must read it."),
            code="no_requirement",
        )
    scope = delegation_scope(actor)
    if scope is not None and (delegation is None or delegation.pk not in scope):
        raise ValidationError(
            _("You may address a notice only to a delegation you administer."),
            code="out_of_scope",
        )
    notice, _created = MustReadNotice.objects.update_or_create(
        topic=topic,
        defaults={
            "audience": audience,
            "delegation": delegation,
            "requirement": requirement,
            "created_by": actor,
        },
    )
    return notice


@transaction.atomic
def notice_clear(*, topic: Topic, actor: "User") -> None:
    """The topic is no longer required reading."""
    if not can_manage_notices(actor):
        raise PermissionDenied
    notice = MustReadNotice.objects.filter(topic=topic).first()
    if notice is None:
        return
    scope = delegation_scope(actor)
    if scope is not None and notice.delegation_id not in scope:
        raise PermissionDenied
    notice.delete()


@transaction.atomic
def notice_remind(*, notice: MustReadNotice, actor: "User") -> int:
    """Remind the deputies in the actor's scope who have not read the notice.

    On the site and by e-mail (sent by the task worker); a deputy reminded of this
    notice within the last hour is not reminded again. Returns how many were told.
    """
    if not can_manage_notices(actor):
        raise PermissionDenied
    url = post_url(notice.topic.posts.get(number=1))
    since = timezone.now() - REMIND_INTERVAL
    recently = Notification.objects.filter(
        kind=NOTICE_KIND, url=url, created_at__gte=since
    ).values("recipient_id")
    deputies = (
        notice_unread_in_scope(notice=notice, user=actor)
        .exclude(user_id__in=recently)
        .select_related("user")
    )
    users = [deputy.user for deputy in deputies if deputy.user is not None]
    told = notify(
        recipients=users,
        kind=NOTICE_KIND,
        title=_("Please read the notice “%(topic)s”") % {"topic": notice.topic.title},
        body=_("This notice is required reading for you."),
        url=url,
        channels=(Channel.SITE, Channel.EMAIL),
    )
    MustReadNotice.objects.filter(pk=notice.pk).update(last_reminded_at=timezone.now())
    return told

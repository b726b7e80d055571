"""Who reads what in the forum: every list, page, count, search and notice filters here.

A board is readable by everyone (public), by logged-in deputies and staff
(members), or only by its members (closed: deputies of its delegations, its named
deputies, the participants of its course) and staff whose delegation scope meets
its delegations. Topics and posts are readable when their board is, and when
published and not hidden (or they are the reader's own, or the reader moderates).
"""

from typing import TYPE_CHECKING, Self, cast

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.expressions import Combinable

from infrastructure.identity import AnyUser, deputy_for_user
from people.querysets import DeputyDataQuerySet, delegation_scope

if TYPE_CHECKING:
    from people.models import Deputy

NOTHING = Q(pk__in=[])


def is_forum_staff(user: "AnyUser | None") -> bool:
    """College staff: anyone who may enter the Wagtail admin."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.has_perm("wagtailadmin.access_admin")
    )


def is_forum_moderator(user: "AnyUser | None") -> bool:
    """论坛版主 and the staff granted moderation (on the boards they may read)."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.has_perm("forum.moderate_board")
    )


def forum_deputy(user: "AnyUser | None") -> "Deputy | None":
    """The deputy in office behind this account, or None."""
    if user is None or not user.is_active:
        return None
    deputy = deputy_for_user(user)
    return deputy if deputy is not None and deputy.is_active else None


def board_filter(user: "AnyUser | None", *, prefix: str = "") -> Q:
    """The Q selecting the boards this user may read; prefix reaches the board."""
    from forum.models import Board

    public = Q(**{f"{prefix}read_access": Board.ReadAccess.PUBLIC})
    if user is None or not user.is_authenticated or not user.is_active:
        return public
    if user.is_superuser:
        return Q()
    deputy = forum_deputy(user)
    staff = is_forum_staff(user)
    if deputy is None and not staff:
        return public
    board_ref = OuterRef(f"{prefix}pk" if prefix else "pk")
    closed = Q(**{f"{prefix}read_access": Board.ReadAccess.CLOSED})
    allowed = public | Q(**{f"{prefix}read_access": Board.ReadAccess.MEMBERS})
    member: Q | Combinable = NOTHING
    if deputy is not None:
        from courses.models import Enrolment

        member = (
            Exists(
                Board.delegations.through.objects.filter(
                    board_id=board_ref, delegation_id=deputy.delegation_id
                )
            )
            | Exists(
                Board.members.through.objects.filter(
                    board_id=board_ref, deputy_id=deputy.pk
                )
            )
            | Exists(
                Enrolment.objects.filter(
                    deputy_id=deputy.pk,
                    course_id=OuterRef(f"{prefix}course_id"),
                )
            )
        )
    if staff:
        scope = delegation_scope(user)
        if scope is None:
            member = Q()
        else:
            member |= Exists(
                Board.delegations.through.objects.filter(
                    board_id=board_ref, delegation_id__in=scope
                )
            )
    return cast(Q, allowed | (closed & member))


class BoardQuerySet(models.QuerySet):
    def visible_to(self, user: "AnyUser | None") -> Self:
        return self.filter(board_filter(user))


def _public(prefix: str = "") -> Q:
    return Q(**{f"{prefix}status": "published", f"{prefix}is_hidden": False})


class TopicQuerySet(models.QuerySet):
    def public(self) -> Self:
        """Published and not hidden: what everyone who reads the board sees."""
        return self.filter(_public())

    def visible_to(self, user: "AnyUser | None") -> Self:
        readable = self.filter(board_filter(user, prefix="board__"))
        if is_forum_moderator(user):
            return readable
        if user is not None and user.is_authenticated:
            return readable.filter(_public() | Q(author=user, is_hidden=False))
        return readable.filter(_public())


class PostQuerySet(models.QuerySet):
    def public(self) -> Self:
        """Published, not hidden, not deleted, in a public topic."""
        return self.filter(_public(), _public("topic__"), deleted_at__isnull=True)

    def visible_to(self, user: "AnyUser | None") -> Self:
        """Posts shown to this user (deleted ones show as a placeholder)."""
        readable = self.filter(board_filter(user, prefix="topic__board__"))
        if is_forum_moderator(user):
            return readable
        own = NOTHING
        if user is not None and user.is_authenticated:
            own = Q(author=user, is_hidden=False, topic__is_hidden=False)
        return readable.filter((_public() & _public("topic__")) | own)


class TopicReadQuerySet(DeputyDataQuerySet):
    """Read marks are deputies' data: own rows, and staff within their scope."""

    deputy_path = "user__deputy__"


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user: "AnyUser | None") -> Self:
        """Moderators see the reports on the boards they read."""
        if not is_forum_moderator(user):
            return self.none()
        return self.filter(board_filter(user, prefix="post__topic__board__"))

    def open(self) -> Self:
        return self.filter(resolved_at__isnull=True)


class ModerationActionQuerySet(models.QuerySet):
    def visible_to(self, user: "AnyUser | None") -> Self:
        """Moderators see the log of the boards they read."""
        if not is_forum_moderator(user):
            return self.none()
        return self.filter(board_filter(user, prefix="topic__board__"))


class MustReadNoticeQuerySet(models.QuerySet):
    def visible_to(self, user: "AnyUser | None") -> Self:
        """Notices on topics this user may read."""
        from forum.models import Topic

        return self.filter(topic__in=Topic.objects.visible_to(user).values("pk"))


class AttachmentQuerySet(models.QuerySet):
    def visible_to(self, user: "AnyUser | None") -> Self:
        """Files of posts this user may read; a deleted post's only to moderators."""
        from forum.models import Post

        posts = Post.objects.visible_to(user)
        if not is_forum_moderator(user):
            posts = posts.filter(deleted_at__isnull=True)
        return self.filter(post__in=posts.values("pk"))


class EditionRegistrationQuerySet(DeputyDataQuerySet):
    """Registrations are deputies' data: own rows, and staff within their scope."""

"""Who may do what in the forum: the one place views, templates and admin ask.

Shaped like django-machina's permission handler: `can_*(user, obj)` predicates.
Which boards, topics and posts a user may read at all is decided by the
querysets' `visible_to(user)` (forum/querysets.py); these predicates build on it.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from forum.models import Board, Post, Topic
from forum.querysets import forum_deputy, is_forum_moderator, is_forum_staff
from infrastructure.identity import AnyUser

__all__ = [
    "can_delete_post",
    "can_edit_post",
    "can_moderate",
    "can_post_in_board",
    "can_read_board",
    "can_read_topic",
    "can_reply",
    "can_report",
    "can_start_topic",
    "edit_window",
    "is_forum_moderator",
    "can_manage_notices",
    "is_forum_staff",
]


def edit_window() -> timedelta:
    return timedelta(minutes=settings.FORUM_EDIT_WINDOW_MINUTES)


def can_read_board(user: AnyUser, board: Board) -> bool:
    return Board.objects.visible_to(user).filter(pk=board.pk).exists()


def can_read_topic(user: AnyUser, topic: Topic) -> bool:
    return Topic.objects.visible_to(user).filter(pk=topic.pk).exists()


def can_moderate(user: AnyUser, board: Board) -> bool:
    """Moderators and staff granted moderation, on a board they may read."""
    return is_forum_moderator(user) and can_read_board(user, board)


def _may_post(user: AnyUser, board: Board) -> bool:
    """A deputy in office or staff; staff only on a staff board (no read check)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or is_forum_staff(user):
        return True
    return (
        board.post_access == Board.PostAccess.MEMBERS and forum_deputy(user) is not None
    )


def can_post_in_board(user: AnyUser, board: Board) -> bool:
    return _may_post(user, board) and can_read_board(user, board)


def can_start_topic(user: AnyUser, board: Board) -> bool:
    return can_post_in_board(user, board)


def can_reply(
    user: AnyUser,
    topic: Topic,
    *,
    moderator: bool | None = None,
    readable: bool = False,
) -> bool:
    """Posters may reply to an open, published topic; moderators even when locked.

    `readable`: the caller found the topic through `visible_to(user)` already.
    """
    if not _may_post(user, topic.board):
        return False
    if not readable and not can_read_topic(user, topic):
        return False
    if moderator is None:
        moderator = is_forum_moderator(user)
    return moderator or (topic.is_public and not topic.is_locked)


def can_edit_post(
    user: AnyUser,
    post: Post,
    *,
    moderator: bool = False,
    now: datetime | None = None,
) -> bool:
    """The author within the edit window of an open topic; moderators always.

    Asks no query: `moderator` is `can_moderate(user, board)`, worked out once per
    page by the caller, and `post` is one the user may read.
    """
    if not user.is_authenticated or post.deleted_at is not None:
        return False
    if moderator:
        return True
    now = now or timezone.now()
    return (
        post.author_id == user.pk
        and not post.topic.is_locked
        and not post.is_hidden
        and now - post.created_at <= edit_window()
    )


def can_delete_post(user: AnyUser, post: Post, *, moderator: bool = False) -> bool:
    """The author may delete a reply of theirs in an open topic; moderators any post.

    The opening post stays while its topic does: a moderator hides the topic.
    """
    if not user.is_authenticated or post.deleted_at is not None:
        return False
    if moderator:
        return True
    return post.author_id == user.pk and post.number > 1 and not post.topic.is_locked


def can_report(user: AnyUser, post: Post) -> bool:
    """Any logged-in reader may report someone else's visible post."""
    return (
        user.is_authenticated
        and user.is_active
        and post.author_id != user.pk
        and post.deleted_at is None
    )


def can_manage_notices(user: AnyUser) -> bool:
    """Staff who mark must-read notices, see who has not read them and remind them."""
    return (
        is_forum_staff(user)
        and user.has_perm("forum.add_mustreadnotice")
        and user.has_perm("people.view_deputy")
    )


def can_mark_notice(user: AnyUser, topic: Topic) -> bool:
    """A published topic of a staff board, by staff who manage notices."""
    return (
        can_manage_notices(user)
        and topic.board.post_access == Board.PostAccess.STAFF
        and topic.is_public
    )


def can_register_for_edition(user: AnyUser) -> bool:
    """Deputies in office register for the forum's editions."""
    return forum_deputy(user) is not None

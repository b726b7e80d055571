"""Writes in the forum: topics, replies, edits, deletes, reading, reports, moderation.

Every write that changes what readers see ends with `topic_refresh`, which keeps
the topic's counters (posts, last post) from its published, visible posts only, so
that board lists never count or quote a pending, hidden or deleted post.
"""

import re
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.learning_pages import learning_changed
from forum.models import (
    Board,
    BoardRead,
    ModerationAction,
    MustReadNotice,
    Post,
    PostRevision,
    Report,
    Status,
    Subscription,
    Topic,
    TopicRead,
)
from forum.querysets import is_forum_moderator, is_forum_staff
from forum.rendering import excerpt, markdown_render, plain_text
from forum.services.attachments import CheckedFile, attachments_save
from forum.services.courses import reflection_counted
from infrastructure.identity import deputy_for_user
from infrastructure.notifications import notify
from people.models import Deputy

if TYPE_CHECKING:
    from django.contrib.auth.models import User

MAX_BODY = 20_000
MAX_MENTIONS = 10
# @ then a name: Chinese characters (with the middle dot of some names) or Latin.
MENTION = re.compile(r"@([\u3400-\u9fff·A-Za-z]{2,20})")


def display_name(user: "User") -> str:
    """The name shown for an author: the deputy's name, else the account's."""
    deputy = getattr(user, "deputy", None)
    if deputy is not None:
        return str(deputy.name)
    full = getattr(user, "get_full_name", lambda: "")()
    return str(full or user.get_username())


def _check_body(body: str) -> str:
    body = body.replace("\r\n", "\n").strip()
    if not body:
        raise ValidationError(_("Write something first."), code="empty")
    if len(body) > MAX_BODY:
        raise ValidationError(
            _("A post can be at most %(max)d characters long.") % {"max": MAX_BODY},
            code="too_long",
        )
    return body


def _fill(post: Post, body: str) -> None:
    post.body = body
    post.body_html = markdown_render(body)
    post.body_text = plain_text(post.body_html)


def post_url(post: Post) -> str:
    return reverse("forum:post", args=[post.pk])


@transaction.atomic
def topic_refresh(*, topic: Topic) -> Topic:
    """Recompute a topic's counters from its visible posts, the topic row locked."""
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    visible = Post.objects.filter(
        topic=topic, status=Status.PUBLISHED, is_hidden=False, deleted_at__isnull=True
    )
    last = visible.order_by("-number").first()
    topic.post_count = visible.count()
    topic.last_number = last.number if last else 0
    topic.last_post = last
    topic.last_post_at = last.created_at if last else topic.created_at
    topic.save(update_fields=["post_count", "last_number", "last_post", "last_post_at"])
    return topic


def _existing(author: "User", token: uuid.UUID | None) -> Post | None:
    if token is None:
        return None
    return (
        Post.objects.select_related("topic")
        .filter(author=author, client_token=token)
        .first()
    )


def _needs_approval(board: Board, author: "User") -> bool:
    return board.premoderated and not (
        is_forum_staff(author) or is_forum_moderator(author)
    )


def _post_add(
    *,
    topic: Topic,
    author: "User",
    body: str,
    status: str,
    client_token: uuid.UUID | None,
) -> Post:
    """Number and save a post, the topic row locked so that numbers never clash."""
    locked = Topic.objects.select_for_update().get(pk=topic.pk)
    locked.numbers_used += 1
    locked.save(update_fields=["numbers_used"])
    post = Post(
        topic=locked,
        number=locked.numbers_used,
        author=author,
        status=status,
        client_token=client_token,
    )
    _fill(post, body)
    post.save()
    return post


def _created_once(
    make: Callable[[], Post], author: "User", token: uuid.UUID | None
) -> Post:
    """Run make() in a savepoint; a double submit that lost the race finds the post."""
    try:
        with transaction.atomic():
            return make()
    except IntegrityError:
        existing = _existing(author, token)
        if existing is None:
            raise
        return existing


@transaction.atomic
def topic_create(
    *,
    board: Board,
    author: "User",
    title: str,
    body: str,
    client_token: uuid.UUID | None = None,
    attachments: "list[CheckedFile] | None" = None,
) -> Topic:
    """Start a topic with its opening post; the same form sent twice makes one."""
    existing = _existing(author, client_token)
    if existing is not None:
        return existing.topic
    title = " ".join(title.split())
    if not title:
        raise ValidationError(_("Give the topic a title."), code="no_title")
    body = _check_body(body)
    status = Status.PENDING if _needs_approval(board, author) else Status.PUBLISHED

    def make() -> Post:
        topic = Topic.objects.create(
            board=board,
            title=title[:120],
            author=author,
            status=status,
            last_post_at=timezone.now(),
        )
        post = _post_add(
            topic=topic,
            author=author,
            body=body,
            status=status,
            client_token=client_token,
        )
        attachments_save(post=post, files=attachments or [])
        return post

    post = _created_once(make, author, client_token)
    topic = topic_refresh(topic=post.topic)
    _subscribe(user=author, topic=topic)
    if post.is_public:
        _post_announce(post=post, topic=topic)
    return topic


@transaction.atomic
def post_reply(
    *,
    topic: Topic,
    author: "User",
    body: str,
    client_token: uuid.UUID | None = None,
    attachments: "list[CheckedFile] | None" = None,
) -> Post:
    """Reply to a topic; subscribes the author; notifies subscribers and mentioned."""
    existing = _existing(author, client_token)
    if existing is not None:
        return existing
    body = _check_body(body)
    status = (
        Status.PENDING if _needs_approval(topic.board, author) else Status.PUBLISHED
    )

    def make() -> Post:
        post = _post_add(
            topic=topic,
            author=author,
            body=body,
            status=status,
            client_token=client_token,
        )
        attachments_save(post=post, files=attachments or [])
        return post

    post = _created_once(make, author, client_token)
    topic = topic_refresh(topic=topic)
    _subscribe(user=author, topic=topic)
    if post.is_public:
        _post_announce(post=post, topic=topic)
    return post


def _subscribe(*, user: "User", topic: Topic) -> None:
    Subscription.objects.get_or_create(user=user, topic=topic)


@transaction.atomic
def subscription_set(*, user: "User", topic: Topic, on: bool) -> None:
    """Follow or stop following a topic."""
    if on:
        _subscribe(user=user, topic=topic)
    else:
        Subscription.objects.filter(user=user, topic=topic).delete()


def mentions_find(*, body: str, board: Board) -> list[Deputy]:
    """Deputies named as @name in the text who may read the board (others are not told).

    A name is matched as the longest roster name that starts the text after "@", so
    that “@张明你好” finds 张明. Two deputies with the same name are both told.
    """
    tokens = MENTION.findall(body)[:MAX_MENTIONS]
    if not tokens:
        return []
    prefixes = {token[:n] for token in tokens for n in range(2, len(token) + 1)}
    candidates = list(
        Deputy.objects.active()
        .filter(name__in=prefixes, user__isnull=False, user__is_active=True)
        .select_related("user")
    )
    names = {deputy.name for deputy in candidates}
    wanted: set[str] = set()
    for token in tokens:
        for n in range(len(token), 1, -1):
            if token[:n] in names:
                wanted.add(token[:n])
                break
    return [
        deputy
        for deputy in candidates
        if deputy.name in wanted
        and Board.objects.visible_to(deputy.user).filter(pk=board.pk).exists()
    ]


def _mentions_announce(*, post: Post, topic: Topic) -> list[Deputy]:
    """Tell the deputies newly @mentioned in a visible post; subscribe them."""
    author = post.author
    known = set(post.mentioned.values_list("pk", flat=True))
    mentioned = [
        deputy
        for deputy in mentions_find(body=post.body, board=topic.board)
        if deputy.user_id != author.pk and deputy.pk not in known
    ]
    if mentioned:
        post.mentioned.add(*mentioned)
        users = [d.user for d in mentioned if d.user is not None]
        for user in users:
            _subscribe(user=user, topic=topic)
        notify(
            recipients=users,
            kind="forum_mention",
            title=_("%(name)s mentioned you in “%(topic)s”")
            % {"name": display_name(author), "topic": topic.title},
            body=excerpt(post.body_text, 200),
            url=post_url(post),
        )
    return mentioned


def _post_announce(*, post: Post, topic: Topic) -> None:
    """A post became visible: tell the mentioned deputies and the topic's followers.

    A post in a course's discussion may be the reflection the course asks for: the
    author's enrolment is refreshed, which may complete the course.
    """
    author = post.author
    reflection_counted(post=post, topic=topic)
    name = display_name(author)
    text = excerpt(post.body_text, 200)
    url = post_url(post)
    mentioned = _mentions_announce(post=post, topic=topic)
    told = {author.pk, *(d.user_id for d in mentioned if d.user_id is not None)}
    followers = [
        s.user
        for s in Subscription.objects.filter(topic=topic)
        .exclude(user_id__in=told)
        .select_related("user")
    ]
    # A follower who can no longer read the topic (moved to a closed board, left
    # office) is not told, so that no notice carries what they may not read.
    readers = [
        user
        for user in followers
        if Topic.objects.visible_to(user).filter(pk=topic.pk).exists()
    ]
    if readers and post.number > 1:
        notify(
            recipients=readers,
            kind="forum_reply",
            title=_("%(name)s replied in “%(topic)s”")
            % {"name": name, "topic": topic.title},
            body=text,
            url=url,
        )


@transaction.atomic
def post_edit(
    *,
    post: Post,
    editor: "User",
    body: str,
    reason: str = "",
    as_moderator: bool = False,
) -> Post:
    """Change a post's text, keeping the earlier text; a moderator's edit is logged."""
    body = _check_body(body)
    reason = reason.strip()
    if as_moderator and post.author_id != editor.pk and not reason:
        raise ValidationError(_("Say why you edit this post."), code="no_reason")
    if body == post.body:
        return post
    PostRevision.objects.create(
        post=post,
        body=post.body,
        edited_by=editor,
        reason=reason,
    )
    _fill(post, body)
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "body_html", "body_text", "edited_at"])
    if post.is_public:
        # A name added by the edit is told once; those told before are not again.
        _mentions_announce(post=post, topic=post.topic)
    if as_moderator and post.author_id != editor.pk:
        _log(
            actor=editor, action=ModerationAction.Action.EDIT, post=post, reason=reason
        )
    return post


@transaction.atomic
def post_delete(
    *,
    post: Post,
    user: "User",
    reason: str = "",
    as_moderator: bool = False,
) -> Post:
    """Soft delete: the text stays in the database, readers see that it was deleted."""
    if post.deleted_at is not None:
        return post
    post.deleted_at = timezone.now()
    post.deleted_by = user
    post.save(update_fields=["deleted_at", "deleted_by"])
    if as_moderator and post.author_id != user.pk:
        _log(
            actor=user, action=ModerationAction.Action.DELETE, post=post, reason=reason
        )
    topic_refresh(topic=post.topic)
    return post


@transaction.atomic
def post_report(*, post: Post, reporter: "User", reason: str) -> Report:
    """Report a post to the moderators; reporting it again changes nothing."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Say what is wrong with this post."), code="no_reason")
    try:
        with transaction.atomic():
            report, _created = Report.objects.get_or_create(
                post=post, reporter=reporter, defaults={"reason": reason[:500]}
            )
    except IntegrityError:
        report = Report.objects.get(post=post, reporter=reporter)
    return report


@transaction.atomic
def topic_mark_read(*, user: "User", topic: Topic, number: int) -> None:
    """Remember that the user has read up to post `number`; never moves backwards."""
    if not user.is_authenticated or number <= 0:
        return
    updated = TopicRead.objects.filter(
        user=user, topic=topic, last_read_number__lt=number
    ).update(last_read_number=number, read_at=timezone.now())
    if updated:
        return
    try:
        with transaction.atomic():
            _read, created = TopicRead.objects.get_or_create(
                user=user, topic=topic, defaults={"last_read_number": number}
            )
    except IntegrityError:
        TopicRead.objects.filter(
            user=user, topic=topic, last_read_number__lt=number
        ).update(last_read_number=number)
        return
    if created and MustReadNotice.objects.filter(topic=topic).exists():
        # A must-read notice opened for the first time leaves the deputy's /my/.
        deputy = deputy_for_user(user)
        learning_changed(deputy_ids=[deputy.pk if deputy else None])


@transaction.atomic
def board_mark_read(*, user: "User", board: Board) -> datetime:
    """Mark every topic of a board read as of now."""
    now = timezone.now()
    BoardRead.objects.update_or_create(
        user=user, board=board, defaults={"marked_at": now}
    )
    return now


def _log(
    *,
    actor: "User",
    action: str,
    topic: Topic | None = None,
    post: Post | None = None,
    reason: str = "",
    detail: str = "",
) -> ModerationAction:
    return ModerationAction.objects.create(
        actor=actor,
        action=action,
        topic=topic or post.topic,  # type: ignore[union-attr]
        post=post,
        reason=reason.strip()[:500],
        detail=detail[:200],
    )


A = ModerationAction.Action


@transaction.atomic
def post_approve(*, post: Post, actor: "User", reason: str = "") -> Post:
    """Publish a queued post (and its topic, when it is the opening post)."""
    if post.status == Status.PUBLISHED:
        return post
    post.status = Status.PUBLISHED
    post.save(update_fields=["status"])
    topic = post.topic
    if post.number == 1 and topic.status == Status.PENDING:
        topic.status = Status.PUBLISHED
        topic.save(update_fields=["status"])
    _log(actor=actor, action=A.APPROVE, post=post, reason=reason)
    topic = topic_refresh(topic=topic)
    _post_announce(post=post, topic=topic)
    return post


@transaction.atomic
def post_hide(*, post: Post, actor: "User", reason: str, hidden: bool = True) -> Post:
    """Hide a post from readers (or show it again), with a reason."""
    if not reason.strip():
        raise ValidationError(_("Say why."), code="no_reason")
    was_hidden = post.is_hidden
    post.is_hidden = hidden
    post.save(update_fields=["is_hidden"])
    _log(actor=actor, action=A.HIDE if hidden else A.UNHIDE, post=post, reason=reason)
    topic = topic_refresh(topic=post.topic)
    if hidden and not was_hidden and post.author_id != actor.pk:
        # The author is told why; the link goes to the topic (the post is hidden
        # from them too), and only if they still read the topic.
        readable = Topic.objects.visible_to(post.author).filter(pk=topic.pk).exists()
        notify(
            recipients=[post.author],
            kind="forum_post_hidden",
            title=_("A moderator hid your post in “%(topic)s”")
            % {"topic": topic.title if readable else _("a forum topic")},
            body=_("Reason: %(reason)s") % {"reason": reason.strip()[:500]},
            url=reverse("forum:topic", args=[topic.pk]) if readable else "",
        )
    return post


TOPIC_FLAGS: dict[str, tuple[str, bool]] = {
    A.HIDE: ("is_hidden", True),
    A.UNHIDE: ("is_hidden", False),
    A.LOCK: ("is_locked", True),
    A.UNLOCK: ("is_locked", False),
    A.PIN: ("is_pinned", True),
    A.UNPIN: ("is_pinned", False),
}


@transaction.atomic
def topic_moderate(*, topic: Topic, actor: "User", action: str, reason: str) -> Topic:
    """Hide, show, lock, unlock, pin or unpin a topic, with a reason, logged."""
    if action not in TOPIC_FLAGS:
        raise ValueError(f"Unknown topic action: {action}")
    if not reason.strip():
        raise ValidationError(_("Say why."), code="no_reason")
    field, value = TOPIC_FLAGS[action]
    setattr(topic, field, value)
    topic.save(update_fields=[field])
    _log(actor=actor, action=action, topic=topic, reason=reason)
    return topic


@transaction.atomic
def topic_move(*, topic: Topic, actor: "User", board: Board, reason: str) -> Topic:
    """Move a topic to another board, logged with both boards' names."""
    if not reason.strip():
        raise ValidationError(_("Say why."), code="no_reason")
    if board.pk == topic.board_id:
        return topic
    detail = f"{topic.board.title} → {board.title}"
    topic.board = board
    topic.save(update_fields=["board"])
    _log(actor=actor, action=A.MOVE, topic=topic, reason=reason, detail=detail)
    return topic


@transaction.atomic
def report_resolve(*, report: Report, actor: "User", reason: str) -> Report:
    """Close a report (and every other open report of the same post), logged."""
    now = timezone.now()
    Report.objects.filter(post=report.post, resolved_at__isnull=True).update(
        resolved_at=now, resolved_by=actor
    )
    report.resolved_at = now
    _log(actor=actor, action=A.RESOLVE, post=report.post, reason=reason)
    return report

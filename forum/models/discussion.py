"""The deputy forum: boards, topics, posts and their history, reading, moderation."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from courses.models import CoursePage
from forum.querysets import (
    BoardQuerySet,
    ModerationActionQuerySet,
    PostQuerySet,
    ReportQuerySet,
    TopicQuerySet,
    TopicReadQuerySet,
)
from people.models import Delegation, Deputy


class Board(models.Model):
    """版块: managed by editors in Wagtail (a snippet); who reads and who posts."""

    class ReadAccess(models.TextChoices):
        PUBLIC = "public", _("Everyone, also without logging in")
        MEMBERS = "members", _("Logged-in deputies and staff")
        CLOSED = "closed", _("Only the board's members and staff in scope")

    class PostAccess(models.TextChoices):
        MEMBERS = "members", _("Deputies and staff who may read it")
        STAFF = "staff", _("Staff only")

    title = models.CharField(_("title"), max_length=60)
    slug = models.SlugField(_("slug"), max_length=60, unique=True, allow_unicode=False)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    read_access = models.CharField(
        _("who may read"),
        max_length=10,
        choices=ReadAccess.choices,
        default=ReadAccess.MEMBERS,
    )
    post_access = models.CharField(
        _("who may start topics and reply"),
        max_length=10,
        choices=PostAccess.choices,
        default=PostAccess.MEMBERS,
    )
    premoderated = models.BooleanField(
        _("pre-moderation"),
        default=False,
        help_text=_("Deputies' posts appear only after a moderator approves them."),
    )
    delegations = models.ManyToManyField(
        Delegation,
        verbose_name=_("member delegations"),
        blank=True,
        related_name="forum_boards",
        help_text=_("A closed board: the deputies of these delegations may read it."),
    )
    members = models.ManyToManyField(
        Deputy,
        verbose_name=_("member deputies"),
        blank=True,
        related_name="forum_boards",
        help_text=_("A closed board: these deputies may read it."),
    )
    course = models.ForeignKey(
        CoursePage,
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forum_boards",
        help_text=_(
            "A closed board: the deputies enrolled in this course may read it."
        ),
    )

    objects = BoardQuerySet.as_manager()

    class Meta:
        verbose_name = _("forum board")
        verbose_name_plural = _("forum boards")
        ordering = ["sort_order", "pk"]
        permissions = [("moderate_board", _("Can moderate the forum"))]

    def __str__(self) -> str:
        return self.title


class Status(models.TextChoices):
    PUBLISHED = "published", _("Published")
    PENDING = "pending", _("Awaiting approval")


class Topic(models.Model):
    """主题: a thread; its counters are kept by the services from visible posts."""

    board = models.ForeignKey(
        Board, verbose_name=_("board"), on_delete=models.PROTECT, related_name="topics"
    )
    title = models.CharField(_("title"), max_length=120)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="forum_topics",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PUBLISHED
    )
    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_locked = models.BooleanField(_("locked"), default=False)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Numbers given to posts so far (pending, hidden and deleted ones included).
    numbers_used = models.PositiveIntegerField(_("posts numbered"), default=0)
    # Kept by topic_refresh from published, visible posts only.
    post_count = models.PositiveIntegerField(_("posts"), default=0)
    last_number = models.PositiveIntegerField(_("last visible post number"), default=0)
    last_post_at = models.DateTimeField(_("last post at"), null=True, blank=True)
    last_post = models.ForeignKey(
        "Post",
        verbose_name=_("last post"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = TopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("forum topic")
        verbose_name_plural = _("forum topics")
        ordering = ["-is_pinned", "-last_post_at", "-pk"]
        indexes = [
            # The board page: pinned first, then by last activity.
            models.Index(
                fields=["board", "-is_pinned", "-last_post_at", "-id"],
                name="forum_topic_board_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status == Status.PUBLISHED and not self.is_hidden


class Post(models.Model):
    """帖子: the opening post (number 1) or a reply; Markdown kept, HTML derived."""

    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.CASCADE, related_name="posts"
    )
    number = models.PositiveIntegerField(_("number in topic"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="forum_posts",
    )
    body = models.TextField(_("text (Markdown)"))
    body_html = models.TextField(_("text (sanitised HTML)"), editable=False)
    body_text = models.TextField(_("text (plain)"), editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PUBLISHED
    )
    is_hidden = models.BooleanField(_("hidden by a moderator"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    edited_at = models.DateTimeField(_("last edited at"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deleted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The form's one-time token: a double submit finds the post it made.
    client_token = models.UUIDField(_("submission token"), null=True, blank=True)
    mentioned = models.ManyToManyField(
        Deputy,
        verbose_name=_("mentioned deputies"),
        blank=True,
        related_name="forum_mentions",
    )

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("forum post")
        verbose_name_plural = _("forum posts")
        ordering = ["topic", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "number"], name="forum_post_number_unique"
            ),
            models.UniqueConstraint(
                fields=["author", "client_token"],
                condition=models.Q(client_token__isnull=False),
                name="forum_post_submitted_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic} #{self.number}"

    @property
    def is_public(self) -> bool:
        return (
            self.status == Status.PUBLISHED
            and not self.is_hidden
            and self.deleted_at is None
        )


class PostRevision(models.Model):
    """An earlier text of a post, kept when it is edited."""

    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="revisions"
    )
    body = models.TextField(_("earlier text"))
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("edited by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    edited_at = models.DateTimeField(_("edited at"), auto_now_add=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("post revision")
        verbose_name_plural = _("post revisions")
        ordering = ["post", "-edited_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.post} {self.edited_at:%Y-%m-%d %H:%M}"


class TopicRead(models.Model):
    """How far a user has read a topic (the highest post number seen)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="forum_reads",
        db_index=False,  # the unique constraint's index starts with the user
    )
    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.CASCADE, related_name="reads"
    )
    last_read_number = models.PositiveIntegerField(_("last post read"), default=0)
    read_at = models.DateTimeField(_("read at"), auto_now=True)

    objects = TopicReadQuerySet.as_manager()

    class Meta:
        verbose_name = _("topic read mark")
        verbose_name_plural = _("topic read marks")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "topic"], name="forum_topic_read_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.topic_id} {self.last_read_number}"


class BoardRead(models.Model):
    """“Mark all read” on a board: topics with no post after this time are read."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="forum_board_reads",
        db_index=False,
    )
    board = models.ForeignKey(
        Board, verbose_name=_("board"), on_delete=models.CASCADE, related_name="reads"
    )
    marked_at = models.DateTimeField(_("marked read at"))

    class Meta:
        verbose_name = _("board read mark")
        verbose_name_plural = _("board read marks")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "board"], name="forum_board_read_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.board_id}"


class Subscription(models.Model):
    """A user follows a topic: notified of each reply."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="forum_subscriptions",
        db_index=False,
    )
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("topic"),
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("topic subscription")
        verbose_name_plural = _("topic subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "topic"], name="forum_subscription_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.topic_id}"


class Report(models.Model):
    """A user's report of a post; open reports form the moderators' queue."""

    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.CASCADE,
        related_name="forum_reports",
    )
    reason = models.CharField(_("reason"), max_length=500)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("post report")
        verbose_name_plural = _("post reports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reporter"], name="forum_report_once_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.post} · {self.reason[:30]}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class ModerationAction(models.Model):
    """One moderator's action: who, when, what, on which topic or post, and why."""

    class Action(models.TextChoices):
        APPROVE = "approve", _("Approved")
        HIDE = "hide", _("Hidden")
        UNHIDE = "unhide", _("Shown again")
        LOCK = "lock", _("Locked")
        UNLOCK = "unlock", _("Unlocked")
        PIN = "pin", _("Pinned")
        UNPIN = "unpin", _("Unpinned")
        MOVE = "move", _("Moved")
        EDIT = "edit", _("Edited")
        DELETE = "delete", _("Deleted")
        RESOLVE = "resolve", _("Report handled")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderator"),
        on_delete=models.PROTECT,
        related_name="forum_moderation_actions",
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("topic"),
        on_delete=models.CASCADE,
        related_name="moderation_actions",
    )
    post = models.ForeignKey(
        Post,
        verbose_name=_("post"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="moderation_actions",
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    objects = ModerationActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation log")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.topic}"

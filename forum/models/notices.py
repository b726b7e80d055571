"""Must-read notices (必读通知) and the files attached to posts."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from courses.models import Requirement
from forum.models.discussion import Post, Topic
from forum.querysets import AttachmentQuerySet, MustReadNoticeQuerySet
from infrastructure.storage import private_storage
from people.models import Delegation


class MustReadNotice(models.Model):
    """A topic of a staff board that a cohort, a delegation or everyone must read.

    A deputy has read it once they opened the topic (a `TopicRead` row exists).
    """

    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("Every deputy in office")
        DELEGATION = "delegation", _("The deputies of one delegation")
        COHORT = "cohort", _("The cohort of a learning requirement")

    topic = models.OneToOneField(
        Topic,
        verbose_name=_("topic"),
        on_delete=models.CASCADE,
        related_name="must_read",
    )
    audience = models.CharField(
        _("who must read it"), max_length=12, choices=Audience.choices
    )
    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("delegation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forum_notices",
    )
    requirement = models.ForeignKey(
        Requirement,
        verbose_name=_("learning requirement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forum_notices",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("marked at"), auto_now_add=True)
    last_reminded_at = models.DateTimeField(
        _("last reminder sent at"), null=True, blank=True
    )

    objects = MustReadNoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("must-read notice")
        verbose_name_plural = _("must-read notices")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        audience="everyone",
                        delegation__isnull=True,
                        requirement__isnull=True,
                    )
                    | models.Q(
                        audience="delegation",
                        delegation__isnull=False,
                        requirement__isnull=True,
                    )
                    | models.Q(
                        audience="cohort",
                        delegation__isnull=True,
                        requirement__isnull=False,
                    )
                ),
                name="forum_notice_audience_named",
            )
        ]

    def __str__(self) -> str:
        return str(self.topic)


class Attachment(models.Model):
    """An image (JPEG, PNG, WebP, re-encoded) or a PDF attached to a post.

    Kept outside MEDIA_ROOT: only `forum:attachment` serves it, to readers of the post.
    """

    class Kind(models.TextChoices):
        IMAGE = "image", _("Image")
        PDF = "pdf", _("PDF")

    post = models.ForeignKey(
        Post,
        verbose_name=_("post"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(
        pgettext_lazy("attachment", "file"),
        upload_to="forum/%Y/%m/",
        storage=private_storage,
        max_length=200,
    )
    name = models.CharField(_("file name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    content_type = models.CharField(
        pgettext_lazy("attachment", "content type"), max_length=40
    )
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["post", "pk"]

    def __str__(self) -> str:
        return self.name

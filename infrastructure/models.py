"""Notifications: the in-site notice every app sends, and each e-mail or SMS sent."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def validate_site_relative_url(value: str) -> None:
    """A link inside this site: starts with "/", never "//" or "/\\" (another host)."""
    if value and (not value.startswith("/") or value[1:2] in {"/", "\\"}):
        raise ValidationError(
            _("Enter a link inside this site, starting with “/”."),
            code="site_relative_url",
        )


class NotificationQuerySet(models.QuerySet):
    def inbox_of(self, user) -> "NotificationQuerySet":
        """The notices a user sees on the site, newest first."""
        return self.filter(recipient=user, on_site=True).order_by("-created_at", "-pk")

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One message to one user: shown on the site; its e-mails and SMS hang from it.

    A message to someone without an account (a deputy known only from the roster)
    has no recipient: it goes to the contact address and phone it carries.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,  # the composite indexes below start with the recipient
    )
    contact_email = models.EmailField(
        _("contact e-mail"),
        blank=True,
        help_text=_("Where the e-mail went when the recipient has no account."),
    )
    contact_phone = models.CharField(
        _("contact mobile phone"),
        max_length=20,
        blank=True,
        help_text=_("Where the SMS went when the recipient has no account."),
    )
    kind = models.SlugField(
        _("kind"),
        max_length=50,
        help_text=_("Chosen by the sending app, e.g. certificate_issued."),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(
        _("link"),
        max_length=500,
        blank=True,
        validators=[validate_site_relative_url],
    )
    on_site = models.BooleanField(_("shown on the site"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    # A notice points at no page or snippet: nothing for Wagtail's usage report.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Someone to tell: an account, or an address from the roster (never shown
            # on the site, which has nobody to show it to).
            models.CheckConstraint(
                condition=models.Q(recipient__isnull=False)
                | (
                    models.Q(on_site=False)
                    & (~models.Q(contact_email="") | ~models.Q(contact_phone=""))
                ),
                name="notification_has_someone_to_tell",
            ),
            models.CheckConstraint(
                condition=models.Q(url="")
                | (
                    models.Q(url__startswith="/")
                    & ~models.Q(url__startswith="//")
                    & ~models.Q(url__startswith="/\\")
                ),
                name="notification_url_site_relative",
            ),
        ]
        indexes = [
            # The list page: a user's notices, newest first.
            models.Index(
                fields=["recipient", "-created_at", "-id"],
                name="notification_inbox_idx",
            ),
            # The header's counter: a user's unread notices, newest first.
            models.Index(
                fields=["recipient", "-created_at", "-id"],
                condition=models.Q(read_at__isnull=True, on_site=True),
                name="notification_unread_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Channel(models.TextChoices):
    SITE = "site", _("On the site")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class Delivery(models.Model):
    """One attempt to send a notification by e-mail or SMS, sent or failed and why."""

    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    notification = models.ForeignKey(
        Notification,
        verbose_name=_("notification"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    error = models.TextField(_("error"), blank=True)
    attempted_at = models.DateTimeField(_("attempted at"), default=timezone.now)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-attempted_at", "-pk"]
        constraints = [
            # Sent once per channel: a task run twice finds it and sends nothing.
            models.UniqueConstraint(
                fields=["notification", "channel"],
                condition=models.Q(status="sent"),
                name="delivery_sent_once_per_channel",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.notification_id} {self.channel} {self.status}"


class DigestPreference(models.Model):
    """A user's choice of a daily e-mail digest of their unread notices."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="digest_preference",
    )
    daily_email = models.BooleanField(_("daily e-mail digest"), default=False)
    # Notices created up to this time were in a digest already.
    covered_until = models.DateTimeField(_("digest sent up to"), null=True, blank=True)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("digest preference")
        verbose_name_plural = _("digest preferences")

    def __str__(self) -> str:
        return f"{self.user} {self.daily_email}"


class Generation(models.Model):
    """A token that changes whenever what a cached fragment shows may have changed.

    Kept in the database, beside the data it stands for, so that a change and its
    new token commit together (infrastructure.fragments, ADR 0018).
    """

    scope = models.CharField(max_length=80, primary_key=True)
    token = models.BigIntegerField()

    wagtail_reference_index_ignore = True

    def __str__(self) -> str:
        return f"{self.scope}: {self.token}"

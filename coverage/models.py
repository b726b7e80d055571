"""Reminders sent to deputies who have not yet met a requirement."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from courses.models import Requirement
from infrastructure.models import Notification
from people.models import Deputy
from people.querysets import DeputyDataQuerySet


class ReminderLog(models.Model):
    """One reminder to one deputy: when, by whom, by which channels, and its notice.

    Whether each channel delivered is on the notice's Delivery rows.
    """

    deputy = models.ForeignKey(
        Deputy,
        verbose_name=_("deputy"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    requirement = models.ForeignKey(
        Requirement,
        verbose_name=_("learning requirement"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    sent_at = models.DateTimeField(_("sent at"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when the scheduled command sent it."),
    )
    channels = models.CharField(_("channels"), max_length=40)
    notification = models.OneToOneField(
        Notification,
        verbose_name=_("notice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reminder",
    )

    objects = DeputyDataQuerySet.as_manager()

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at"]
        constraints = [
            # The 24-hour rule is kept by the service under a lock on the deputies;
            # the database refuses two reminders to one deputy at the same moment.
            models.UniqueConstraint(
                fields=["deputy", "sent_at"], name="reminder_once_per_moment"
            ),
            models.CheckConstraint(
                condition=~models.Q(channels=""), name="reminder_has_channels"
            ),
        ]
        indexes = [models.Index(fields=["deputy", "-sent_at"])]

    def __str__(self) -> str:
        return f"{self.deputy} · {self.sent_at:%Y-%m-%d %H:%M}"

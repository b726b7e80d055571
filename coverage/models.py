"""Reminders sent to deputies who have not yet met a requirement; bulletins."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import Requirement
from infrastructure.models import Notification
from infrastructure.storage import private_storage
from people.models import Delegation, Deputy
from people.querysets import DeputyDataQuerySet, delegation_scope

if TYPE_CHECKING:
    from infrastructure.identity import AnyUser


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


class BulletinQuerySet(models.QuerySet):
    def visible_to(self, user: "AnyUser | None") -> "BulletinQuerySet":
        """Bulletins about delegations all within the user's scope.

        The city's staff see every bulletin; a district's staff see those issued for
        their delegations only, never a city-wide one (it names other districts).
        """
        if (
            user is None
            or not user.is_authenticated
            or not user.is_active
            or not user.has_perm("courses.view_enrolment")
        ):
            return self.none()
        scope = delegation_scope(user)
        if scope is None:
            return self
        outside = Bulletin.delegations.through.objects.filter(
            bulletin=OuterRef("pk")
        ).exclude(delegation_id__in=scope)
        return self.filter(whole_congress=False).exclude(Exists(outside))


class Bulletin(models.Model):
    """A coverage bulletin (通报) as issued on a day: its figures, PDF and XLSX.

    The figures are frozen when it is issued; the files are drawn from them by the
    task worker, so an earlier bulletin downloads as it was.
    """

    requirement = models.ForeignKey(
        Requirement,
        verbose_name=_("learning requirement"),
        on_delete=models.CASCADE,
        related_name="bulletins",
    )
    issued_on = models.DateField(_("issued on"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    whole_congress = models.BooleanField(
        _("whole congress"),
        default=True,
        help_text=_("Issued by the city's staff; otherwise for the delegations below."),
    )
    delegations = models.ManyToManyField(
        Delegation,
        verbose_name=_("delegations"),
        blank=True,
        related_name="+",
        help_text=_("The delegations a district's bulletin covers."),
    )
    scope_label = models.CharField(_("scope"), max_length=200)
    figures = models.JSONField(_("figures"), default=dict)
    pdf = models.FileField(
        _("PDF"), storage=private_storage, upload_to="bulletins/%Y/", blank=True
    )
    xlsx = models.FileField(
        _("XLSX"), storage=private_storage, upload_to="bulletins/%Y/", blank=True
    )

    objects = BulletinQuerySet.as_manager()

    class Meta:
        verbose_name = _("coverage bulletin")
        verbose_name_plural = _("coverage bulletins")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["requirement", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.requirement} · {self.scope_label} · {self.issued_on:%Y-%m-%d}"

    @property
    def is_ready(self) -> bool:
        return bool(self.pdf and self.xlsx)

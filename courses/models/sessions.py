"""Offline sessions (线下集中培训) of a course: seats, leave, attendance."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from courses.models.pages import CoursePage
from people.models import Deputy
from people.querysets import DeputyDataQuerySet


class OfflineSession(models.Model):
    """One class held in a room; a course may hold several (batches, parts)."""

    course = models.ForeignKey(
        CoursePage,
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue = models.CharField(_("venue"), max_length=200)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    lecturer = models.CharField(_("lecturer"), max_length=120, blank=True)
    hours = models.DecimalField(
        _("credit hours"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Part of the course's hours; shown to deputies and in plans."),
    )
    is_required = models.BooleanField(
        _("required for completion"),
        default=True,
        help_text=_("The course completes only when the deputy attended it."),
    )
    makeup_online = models.BooleanField(
        _("make-up online allowed (补学)"),
        default=False,
        help_text=_(
            "A deputy on approved leave, or absent and making it up online, "
            "still completes the course."
        ),
    )
    registration_open = models.BooleanField(
        _("registration open"),
        default=False,
        help_text=_("Deputies may register themselves, up to the capacity."),
    )

    class Meta:
        verbose_name = _("offline session")
        verbose_name_plural = _("offline sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SessionSeat(models.Model):
    """A deputy on a session's list: assigned by an administrator or registered."""

    class Source(models.TextChoices):
        ASSIGNED = "assigned", _("Assigned")
        REGISTERED = "registered", _("Registered")

    deputy = models.ForeignKey(
        Deputy,
        verbose_name=_("deputy"),
        on_delete=models.CASCADE,
        related_name="session_seats",
    )
    session = models.ForeignKey(
        OfflineSession,
        verbose_name=_("offline session"),
        on_delete=models.CASCADE,
        related_name="seats",
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = DeputyDataQuerySet.as_manager()

    class Meta:
        verbose_name = _("session seat")
        verbose_name_plural = _("session seats")
        constraints = [
            models.UniqueConstraint(fields=["deputy", "session"], name="seat_once")
        ]

    def __str__(self) -> str:
        return f"{self.deputy} · {self.session}"


class LeaveRequest(models.Model):
    """请假: a deputy excused from a session, or not, by a training administrator."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    deputy = models.ForeignKey(
        Deputy,
        verbose_name=_("deputy"),
        on_delete=models.CASCADE,
        related_name="leave_requests",
    )
    session = models.ForeignKey(
        OfflineSession,
        verbose_name=_("offline session"),
        on_delete=models.CASCADE,
        related_name="leave_requests",
    )
    reason = models.CharField(_("reason"), max_length=500)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = DeputyDataQuerySet.as_manager()

    class Meta:
        verbose_name = _("leave request")
        verbose_name_plural = _("leave requests")
        constraints = [
            # A refused request may be followed by another; otherwise only one.
            models.UniqueConstraint(
                fields=["deputy", "session"],
                condition=~models.Q(status="refused"),
                name="leave_request_open_once",
            ),
            models.CheckConstraint(
                condition=models.Q(status="pending", decided_at__isnull=True)
                | (~models.Q(status="pending") & models.Q(decided_at__isnull=False)),
                name="leave_request_decided_with_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deputy} · {self.session}"


class Attendance(models.Model):
    """A deputy present at a session (or having made it up online)."""

    class Method(models.TextChoices):
        QR = "qr", _("QR code check-in")
        MANUAL = "manual", _("Marked by hand")
        IMPORT = "import", _("Imported attendance sheet")
        MAKEUP = "makeup", _("Made up online (补学)")

    deputy = models.ForeignKey(
        Deputy,
        verbose_name=_("deputy"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    session = models.ForeignKey(
        OfflineSession,
        verbose_name=_("offline session"),
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    checked_in_at = models.DateTimeField(_("checked in at"))
    checked_out_at = models.DateTimeField(_("checked out at"), null=True, blank=True)
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = DeputyDataQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["deputy", "session"], name="attendance_once"
            ),
            models.CheckConstraint(
                condition=models.Q(checked_out_at__isnull=True)
                | models.Q(checked_out_at__gte=models.F("checked_in_at")),
                name="attendance_out_after_in",
            ),
        ]
        indexes = [models.Index(fields=["session", "checked_in_at"])]

    def __str__(self) -> str:
        return f"{self.deputy} · {self.session}"

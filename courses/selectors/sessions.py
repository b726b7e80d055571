"""Reads over offline sessions for the deputy's own page."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Subquery
from django.utils import timezone

from courses.models import Attendance, LeaveRequest, OfflineSession, SessionSeat
from people.models import Deputy


@dataclass
class MySession:
    session: OfflineSession
    checked_in_at: datetime | None
    leave_status: str | None

    @property
    def can_ask_leave(self) -> bool:
        return (
            self.checked_in_at is None
            and self.leave_status in (None, LeaveRequest.Status.REFUSED)
            and self.session.ends_at > timezone.now()
        )


def sessions_of_deputy(*, deputy: Deputy) -> list[MySession]:
    """The sessions the deputy is on the list of, with attendance and leave: 1 query."""
    of_deputy = {"session": OuterRef("pk"), "deputy": deputy}
    rows = (
        OfflineSession.objects.filter(seats__deputy=deputy)
        .select_related("course")
        .annotate(
            checked_in_at=Subquery(
                Attendance.objects.filter(**of_deputy).values("checked_in_at")[:1]
            ),
            leave_status=Subquery(
                LeaveRequest.objects.filter(**of_deputy)
                .order_by("-requested_at")
                .values("status")[:1]
            ),
        )
        .order_by("-starts_at")
    )
    return [MySession(row, row.checked_in_at, row.leave_status) for row in rows]


def sessions_open_to_register(*, deputy: Deputy) -> list[OfflineSession]:
    """Sessions still ahead that take registrations, with their places taken."""
    return list(
        OfflineSession.objects.filter(
            registration_open=True, ends_at__gt=timezone.now()
        )
        .exclude(
            Exists(SessionSeat.objects.filter(session=OuterRef("pk"), deputy=deputy))
        )
        .select_related("course")
        .annotate(taken=Count("seats"))
        .order_by("starts_at")
    )

"""Offline sessions: seats, registration, leave, check-in and attendance.

Every "only one" has a unique constraint behind it (a seat, an open leave request,
an attendance per deputy and session); attendance is followed, in the same
transaction, by the enrolment refresh that completes the course and records its
hours when the course's rule is met.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import IO, TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Attendance, LeaveRequest, OfflineSession, SessionSeat
from courses.services.progress import course_enrol, enrolment_refresh
from infrastructure.notifications import notify
from people.models import Deputy

if TYPE_CHECKING:
    from django.contrib.auth.models import User

CHECKIN_OPENS_BEFORE = timedelta(hours=1)

# An attendance sheet is small: a class, not a roster.
IMPORT_MAX_BYTES = 2 * 1024 * 1024
IMPORT_MAX_ROWS = 2000
DEPUTY_NO_HEADERS = {"代表证号", "deputy_no"}
CHECKED_IN_HEADERS = {"签到时间", "checked_in_at"}


# --- Seats ----------------------------------------------------------------------


def _seats_taken(session: OfflineSession) -> int:
    return SessionSeat.objects.filter(session=session).count()


@transaction.atomic
def session_seats_assign(*, session: OfflineSession, deputies: QuerySet[Deputy]) -> int:
    """Put deputies on a session's list at once; returns how many were added.

    One INSERT ... SELECT: a cohort or a delegation never travels through Python.
    Refused as a whole when the newcomers would exceed the capacity.
    """
    OfflineSession.objects.select_for_update().filter(pk=session.pk).first()
    newcomers = deputies.exclude(session_seats__session=session).order_by()
    if session.capacity is not None:
        count = newcomers.count()
        free = session.capacity - _seats_taken(session)
        if count > free:
            raise ValidationError(
                _(
                    "%(count)d deputies do not fit: the session has %(free)d "
                    "places left."
                )
                % {"count": count, "free": max(free, 0)}
            )
    sql, params = newcomers.values("pk").query.sql_with_params()
    table = connection.ops.quote_name(SessionSeat._meta.db_table)
    with connection.cursor() as cursor:
        # "WHERE 1=1" keeps SQLite from reading ON CONFLICT as part of a join.
        # S608: names come from the ORM, values go as parameters.
        cursor.execute(
            f"INSERT INTO {table} (deputy_id, session_id, source, created_at) "  # noqa: S608
            f"SELECT chosen.pk, %s, %s, %s FROM ({sql}) AS chosen WHERE 1=1 "
            "ON CONFLICT (deputy_id, session_id) DO NOTHING",
            [session.pk, SessionSeat.Source.ASSIGNED, timezone.now(), *params],
        )
        return max(cursor.rowcount, 0)


@transaction.atomic
def session_register(*, session: OfflineSession, deputy: Deputy) -> SessionSeat:
    """A deputy takes a place, while registration is open and places are left.

    The session row is locked while the places are counted, so that two deputies
    cannot take the last place together.
    """
    locked = OfflineSession.objects.select_for_update().get(pk=session.pk)
    if not locked.registration_open:
        raise ValidationError(_("Registration for this session is closed."))
    existing = SessionSeat.objects.filter(session=locked, deputy=deputy).first()
    if existing is not None:
        return existing
    if locked.capacity is not None and _seats_taken(locked) >= locked.capacity:
        raise ValidationError(_("This session is full."))
    try:
        with transaction.atomic():
            return SessionSeat.objects.create(
                session=locked, deputy=deputy, source=SessionSeat.Source.REGISTERED
            )
    except IntegrityError:
        return SessionSeat.objects.get(session=locked, deputy=deputy)


# --- Leave (请假) ------------------------------------------------------------------


@transaction.atomic
def leave_request_create(
    *, session: OfflineSession, deputy: Deputy, reason: str
) -> LeaveRequest:
    """A deputy on the session's list asks to be excused, with a reason."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for your leave request."))
    if not SessionSeat.objects.filter(session=session, deputy=deputy).exists():
        raise ValidationError(_("You are not on the list of this session."))
    if Attendance.objects.filter(session=session, deputy=deputy).exists():
        raise ValidationError(_("You have already attended this session."))
    try:
        with transaction.atomic():
            return LeaveRequest.objects.create(
                session=session, deputy=deputy, reason=reason
            )
    except IntegrityError:
        raise ValidationError(
            _("You have already asked for leave from this session.")
        ) from None


@transaction.atomic
def leave_request_decide(
    *, leave: LeaveRequest, approve: bool, decided_by: "User"
) -> LeaveRequest:
    """Approve or refuse a pending request; the deputy is told either way."""
    status = LeaveRequest.Status.APPROVED if approve else LeaveRequest.Status.REFUSED
    now = timezone.now()
    changed = LeaveRequest.objects.filter(
        pk=leave.pk, status=LeaveRequest.Status.PENDING
    ).update(status=status, decided_by=decided_by, decided_at=now)
    if not changed:
        raise ValidationError(_("This leave request has already been decided."))
    leave.refresh_from_db()
    session = leave.session
    deputy = leave.deputy
    user = deputy.user
    if user is not None:
        title = (
            _("Leave approved: %(session)s")
            if approve
            else _("Leave refused: %(session)s")
        ) % {"session": session.title}
        if approve and session.makeup_online:
            body = _("Make up the session online to complete the course.")
        elif approve:
            body = _("You are excused from this session.")
        else:
            body = _("Please attend the session as planned.")
        notify(
            recipients=[user],
            kind="leave_decided",
            title=title,
            body=body,
            url="/my/",
        )
    if approve:
        _course_follow(deputy=deputy, session=session)
    return leave


# --- Attendance -----------------------------------------------------------------


def _course_follow(*, deputy: Deputy, session: OfflineSession) -> None:
    """Let the deputy's enrolment in the course follow what they did in class."""
    course_enrol(deputy=deputy, course=session.course)
    enrolment_refresh(deputy=deputy, course=session.course)


def _attendance_record(
    *,
    session: OfflineSession,
    deputy: Deputy,
    method: str,
    at: datetime,
    recorded_by: "User | None" = None,
) -> tuple[Attendance, bool]:
    try:
        with transaction.atomic():
            attendance = Attendance.objects.create(
                session=session,
                deputy=deputy,
                method=method,
                checked_in_at=at,
                recorded_by=recorded_by,
            )
    except IntegrityError:
        return Attendance.objects.get(session=session, deputy=deputy), False
    _course_follow(deputy=deputy, session=session)
    return attendance, True


@dataclass
class CheckIn:
    attendance: Attendance
    created: bool


def session_check_in_allowed(
    *, session: OfflineSession, deputy: Deputy, at: datetime | None = None
) -> None:
    """Raise the reason a deputy may not check in now (not on the list, closed)."""
    at = at or timezone.now()
    if not SessionSeat.objects.filter(session=session, deputy=deputy).exists():
        other = (
            OfflineSession.objects.filter(course=session.course, seats__deputy=deputy)
            .exclude(pk=session.pk)
            .first()
        )
        if other is not None:
            raise ValidationError(
                _(
                    "This code is for “%(session)s”; your place is in "
                    "“%(other)s”. Check in there."
                )
                % {"session": session.title, "other": other.title},
                code="other_session",
            )
        raise ValidationError(
            _(
                "You are not on the list of “%(session)s”. Ask the training "
                "administrator in the room."
            )
            % {"session": session.title},
            code="not_listed",
        )
    if not session.starts_at - CHECKIN_OPENS_BEFORE <= at <= session.ends_at:
        raise ValidationError(
            _("Check-in for this session is not open now."), code="closed"
        )


@transaction.atomic
def session_check_in(
    *, session: OfflineSession, deputy: Deputy, at: datetime | None = None
) -> CheckIn:
    """Check a deputy in by the QR code: only those on the list, while it is open.

    Checking in twice changes nothing and says when the first check-in was.
    """
    at = at or timezone.now()
    session_check_in_allowed(session=session, deputy=deputy, at=at)
    attendance, created = _attendance_record(
        session=session, deputy=deputy, method=Attendance.Method.QR, at=at
    )
    return CheckIn(attendance, created)


@transaction.atomic
def session_check_out(
    *, session: OfflineSession, deputy: Deputy, at: datetime | None = None
) -> Attendance:
    """Record leaving the room (optional); the first check-out stands."""
    at = at or timezone.now()
    attendance = Attendance.objects.filter(session=session, deputy=deputy).first()
    if attendance is None:
        raise ValidationError(_("You have not checked in to this session."))
    Attendance.objects.filter(pk=attendance.pk, checked_out_at__isnull=True).update(
        checked_out_at=max(at, attendance.checked_in_at)
    )
    attendance.refresh_from_db()
    return attendance


@transaction.atomic
def attendance_mark(
    *,
    session: OfflineSession,
    deputy: Deputy,
    recorded_by: "User",
    makeup: bool = False,
) -> Attendance:
    """An administrator records a deputy present (or made up online), by hand."""
    if makeup and not session.makeup_online:
        raise ValidationError(_("This session cannot be made up online."))
    method = Attendance.Method.MAKEUP if makeup else Attendance.Method.MANUAL
    attendance, _created = _attendance_record(
        session=session,
        deputy=deputy,
        method=method,
        at=timezone.now(),
        recorded_by=recorded_by,
    )
    return attendance


def _sheet_rows(file: IO[bytes]) -> list[tuple]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a bad file
        raise ValidationError(_("This is not an XLSX file.")) from error
    try:
        sheet = workbook.worksheets[0]
        return list(sheet.iter_rows(max_row=IMPORT_MAX_ROWS + 2, values_only=True))
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a number typed into a spreadsheet comes back as 1234.0
    return "" if value is None else str(value).strip()


def _cell_time(value: object, default: datetime) -> datetime | None:
    if value in (None, ""):
        return default
    if isinstance(value, datetime):
        return timezone.make_aware(value) if timezone.is_naive(value) else value
    try:
        parsed = datetime.fromisoformat(str(value).strip())
    except ValueError:
        return None
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


@transaction.atomic
def attendance_import(
    *, session: OfflineSession, file: IO[bytes], size: int, recorded_by: "User"
) -> int:
    """Import an attendance sheet (XLSX): every row, or none when one is wrong.

    Columns 代表证号/deputy_no and, optionally, 签到时间/checked_in_at. Only deputies
    within the importer's delegation scope are found. Returns how many were added.
    """
    if size > IMPORT_MAX_BYTES:
        raise ValidationError(_("The attendance sheet is larger than 2 MB."))
    rows = _sheet_rows(file)
    if not rows:
        raise ValidationError(_("The attendance sheet is empty."))
    header = [str(cell or "").strip() for cell in rows[0]]
    no_col = next((i for i, h in enumerate(header) if h in DEPUTY_NO_HEADERS), None)
    at_col = next((i for i, h in enumerate(header) if h in CHECKED_IN_HEADERS), None)
    if no_col is None:
        raise ValidationError(_("The first row must name the column 代表证号."))
    body = rows[1:]
    if len(body) > IMPORT_MAX_ROWS:
        raise ValidationError(
            _("An attendance sheet holds at most %(count)d rows.")
            % {"count": IMPORT_MAX_ROWS}
        )
    day = timezone.localdate(session.starts_at)
    visible = Deputy.objects.visible_to(recorded_by).filter(
        term__starts_on__lte=day, term__ends_on__gte=day
    )
    wanted: dict[str, tuple[int, datetime]] = {}
    errors = []
    for number, row in enumerate(body, start=2):
        deputy_no = _cell_text(row[no_col] if no_col < len(row) else None)
        if not deputy_no:
            continue
        raw_at = row[at_col] if at_col is not None and at_col < len(row) else None
        at = _cell_time(raw_at, session.starts_at)
        if at is None:
            errors.append(
                _("Row %(row)d: “%(value)s” is not a date and time.")
                % {"row": number, "value": raw_at}
            )
            continue
        wanted.setdefault(deputy_no, (number, at))
    found = dict(visible.filter(deputy_no__in=wanted).values_list("deputy_no", "pk"))
    for deputy_no, (number, _at) in wanted.items():
        if deputy_no not in found:
            errors.append(
                _("Row %(row)d: no deputy %(deputy_no)s in your delegations.")
                % {"row": number, "deputy_no": deputy_no}
            )
    if errors:
        raise ValidationError(errors)
    present = set(
        Attendance.objects.filter(session=session).values_list("deputy_id", flat=True)
    )
    added = [
        Attendance(
            session=session,
            deputy_id=found[deputy_no],
            method=Attendance.Method.IMPORT,
            checked_in_at=at,
            recorded_by=recorded_by,
        )
        for deputy_no, (_number, at) in wanted.items()
        if found[deputy_no] not in present
    ]
    Attendance.objects.bulk_create(added)
    for deputy in Deputy.objects.filter(pk__in=[a.deputy_id for a in added]):
        _course_follow(deputy=deputy, session=session)
    return len(added)

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils import timezone
from openpyxl import Workbook

from cms.groups import TRAINING_ADMINISTRATORS
from courses.models import (
    Attendance,
    Enrolment,
    HoursEntry,
    LeaveRequest,
    ModulePage,
    OfflineSession,
    SessionSeat,
)
from courses.services.checkin import checkin_token, checkin_token_session_id
from courses.services.progress import module_open
from courses.services.sessions import (
    attendance_import,
    attendance_mark,
    leave_request_create,
    leave_request_decide,
    session_check_in,
    session_register,
    session_seats_assign,
)
from infrastructure.models import Notification
from people.models import Deputy, StaffScope
from tests.factories.roster import DelegationFactory, DeputyFactory, UserFactory
from tests.html import visible_text


def make_session(course, **fields):
    now = timezone.now()
    values = {
        "title": "代表履职集中培训",
        "starts_at": now - timedelta(minutes=10),
        "ends_at": now + timedelta(hours=2),
        "venue": "市人大常委会会议厅",
        "hours": Decimal("3"),
    }
    values.update(fields)
    return OfflineSession.objects.create(course=course, **values)


def do_modules(deputy, course):
    for module in ModulePage.objects.child_of(course).filter(is_required=True):
        module_open(deputy=deputy, module=module)


def seat(session, *deputies):
    return session_seats_assign(
        session=session, deputies=Deputy.objects.filter(pk__in=[d.pk for d in deputies])
    )


@pytest.fixture
def session(quizless_course):
    return make_session(quizless_course)


@pytest.fixture
def trainer(db):
    user = UserFactory(username="trainer_huangpu", is_staff=True)
    user.groups.add(Group.objects.get(name=TRAINING_ADMINISTRATORS))
    scope = StaffScope.objects.create(user=user)
    scope.delegations.add(DelegationFactory(name="黄浦区"))
    return user


# --- Check-in codes --------------------------------------------------------------


def test_code_of_this_and_the_previous_window_is_accepted(session):
    now = timezone.now()
    assert checkin_token_session_id(token=checkin_token(session_id=session.pk)) == (
        session.pk
    )
    earlier = checkin_token(session_id=session.pk, at=now - timedelta(seconds=30))
    assert checkin_token_session_id(token=earlier, at=now) == session.pk


def test_expired_code_is_refused_as_expired(session):
    now = timezone.now()
    old = checkin_token(session_id=session.pk, at=now - timedelta(seconds=90))
    with pytest.raises(ValidationError) as refused:
        checkin_token_session_id(token=old, at=now)
    assert refused.value.code == "expired"
    assert "过期" in refused.value.messages[0] or "expired" in refused.value.messages[0]


@pytest.mark.parametrize(
    "change", [lambda t, s: t.replace(f"{s}-", f"{s + 1}-", 1), lambda t, s: t[:-1]]
)
def test_forged_code_is_refused(session, change):
    token = change(checkin_token(session_id=session.pk), session.pk)
    with pytest.raises(ValidationError) as refused:
        checkin_token_session_id(token=token)
    assert refused.value.code == "invalid"


def test_deputy_on_the_list_checks_in_once_on_the_phone(client, session, deputy):
    seat(session, deputy)
    client.force_login(deputy.user)
    url = f"/sessions/checkin/{checkin_token(session_id=session.pk)}/"
    assert "data-checkin-form" in client.get(url).text
    first = client.post(url)
    assert first.status_code == 200
    again = client.post(url)
    assert Attendance.objects.filter(session=session, deputy=deputy).count() == 1
    attendance = Attendance.objects.get(session=session, deputy=deputy)
    assert attendance.method == Attendance.Method.QR
    when = timezone.localtime(attendance.checked_in_at).strftime("%H:%M")
    assert when in again.text


def test_screenshot_used_by_a_deputy_not_on_the_list_is_refused(
    client, session, deputy, other_deputy
):
    seat(session, deputy)
    client.force_login(other_deputy.user)
    url = f"/sessions/checkin/{checkin_token(session_id=session.pk)}/"
    opened = client.get(url)
    assert session.title in opened.text and "data-checkin-form" not in opened.text
    response = client.post(url)
    assert response.status_code == 400
    assert not Attendance.objects.filter(deputy=other_deputy).exists()
    assert session.title in response.text


def test_code_of_another_session_names_the_deputys_own_session(quizless_course, deputy):
    mine = make_session(quizless_course, title="第一期")
    theirs = make_session(quizless_course, title="第二期")
    seat(mine, deputy)
    with pytest.raises(ValidationError) as refused:
        session_check_in(session=theirs, deputy=deputy)
    assert refused.value.code == "other_session"
    assert "第一期" in refused.value.messages[0]


def test_expired_code_on_the_phone_says_so(client, session, deputy):
    seat(session, deputy)
    client.force_login(deputy.user)
    old = checkin_token(session_id=session.pk, at=timezone.now() - timedelta(minutes=5))
    response = client.post(f"/sessions/checkin/{old}/")
    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_check_in_is_closed_after_the_session(quizless_course, deputy):
    past = make_session(
        quizless_course,
        starts_at=timezone.now() - timedelta(days=2),
        ends_at=timezone.now() - timedelta(days=2) + timedelta(hours=3),
    )
    seat(past, deputy)
    with pytest.raises(ValidationError):
        session_check_in(session=past, deputy=deputy)


# --- Seats and capacity ---------------------------------------------------------


def test_registration_stops_at_capacity(quizless_course):
    session = make_session(quizless_course, capacity=2, registration_open=True)
    first, second, third = DeputyFactory.create_batch(3)
    session_register(session=session, deputy=first)
    session_register(session=session, deputy=second)
    assert session_register(session=session, deputy=first).deputy == first
    with pytest.raises(ValidationError):
        session_register(session=session, deputy=third)
    assert SessionSeat.objects.filter(session=session).count() == 2


def test_registration_closed_is_refused(session, deputy):
    with pytest.raises(ValidationError):
        session_register(session=session, deputy=deputy)


def test_assigning_a_delegation_adds_each_deputy_once(quizless_course):
    huangpu = DelegationFactory(name="黄浦区")
    DeputyFactory.create_batch(3, delegation=huangpu)
    DeputyFactory(delegation=DelegationFactory(name="徐汇区"))
    session = make_session(quizless_course)
    deputies = Deputy.objects.filter(delegation=huangpu)
    assert session_seats_assign(session=session, deputies=deputies) == 3
    assert session_seats_assign(session=session, deputies=deputies) == 0
    assert SessionSeat.objects.filter(session=session).count() == 3


def test_assignment_beyond_capacity_adds_nobody(quizless_course):
    session = make_session(quizless_course, capacity=2)
    DeputyFactory.create_batch(3)
    with pytest.raises(ValidationError):
        session_seats_assign(session=session, deputies=Deputy.objects.all())
    assert not SessionSeat.objects.exists()


# --- Completion, hours, leave and make-up ---------------------------------------


def test_course_with_a_required_session_completes_only_after_attendance(
    session, deputy, quizless_course
):
    seat(session, deputy)
    do_modules(deputy, quizless_course)
    enrolment = Enrolment.objects.get(deputy=deputy, course=quizless_course)
    assert enrolment.completed_at is None
    assert not HoursEntry.objects.filter(deputy=deputy).exists()
    session_check_in(session=session, deputy=deputy)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    assert HoursEntry.objects.get(deputy=deputy).hours == quizless_course.hours


def test_attendance_first_then_modules_completes_too(session, deputy, quizless_course):
    seat(session, deputy)
    session_check_in(session=session, deputy=deputy)
    assert Enrolment.objects.get(deputy=deputy).completed_at is None
    do_modules(deputy, quizless_course)
    assert Enrolment.objects.get(deputy=deputy).completed_at is not None


def test_optional_session_does_not_hold_completion(quizless_course, deputy):
    seat(make_session(quizless_course, is_required=False), deputy)
    do_modules(deputy, quizless_course)
    assert Enrolment.objects.get(deputy=deputy).completed_at is not None


def test_approved_leave_completes_where_make_up_is_allowed(
    quizless_course, deputy, trainer
):
    session = make_session(quizless_course, makeup_online=True)
    seat(session, deputy)
    do_modules(deputy, quizless_course)
    leave = leave_request_create(session=session, deputy=deputy, reason="出差")
    leave_request_decide(leave=leave, approve=True, decided_by=trainer)
    assert Enrolment.objects.get(deputy=deputy).completed_at is not None
    notice = Notification.objects.get(recipient=deputy.user, kind="leave_decided")
    assert session.title in notice.title


def test_approved_leave_without_make_up_leaves_the_course_open(
    session, deputy, quizless_course, trainer
):
    seat(session, deputy)
    do_modules(deputy, quizless_course)
    leave = leave_request_create(session=session, deputy=deputy, reason="出差")
    leave_request_decide(leave=leave, approve=True, decided_by=trainer)
    assert Enrolment.objects.get(deputy=deputy).completed_at is None
    with pytest.raises(ValidationError):
        attendance_mark(
            session=session, deputy=deputy, recorded_by=trainer, makeup=True
        )


def test_refused_leave_tells_the_deputy_and_can_be_asked_again(
    session, deputy, trainer
):
    seat(session, deputy)
    leave = leave_request_create(session=session, deputy=deputy, reason="出差")
    with pytest.raises(ValidationError):
        leave_request_create(session=session, deputy=deputy, reason="再次")
    leave_request_decide(leave=leave, approve=False, decided_by=trainer)
    assert leave.status == LeaveRequest.Status.REFUSED and leave.decided_at
    assert Notification.objects.filter(recipient=deputy.user).count() == 1
    with pytest.raises(ValidationError):
        leave_request_decide(leave=leave, approve=True, decided_by=trainer)
    leave_request_create(session=session, deputy=deputy, reason="确有急事")


def test_make_up_online_recorded_by_hand_completes(quizless_course, deputy, trainer):
    session = make_session(quizless_course, makeup_online=True)
    seat(session, deputy)
    do_modules(deputy, quizless_course)
    attendance = attendance_mark(
        session=session, deputy=deputy, recorded_by=trainer, makeup=True
    )
    assert attendance.method == Attendance.Method.MAKEUP
    assert attendance.recorded_by == trainer
    assert Enrolment.objects.get(deputy=deputy).completed_at is not None


# --- Attendance sheet -----------------------------------------------------------


def sheet(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_attendance_sheet_imports_every_row(session, trainer):
    huangpu = DelegationFactory(name="黄浦区")
    a, b = DeputyFactory.create_batch(2, delegation=huangpu)
    content = sheet(
        [["代表证号", "签到时间"], [a.deputy_no, None], [b.deputy_no, None]]
    )
    added = attendance_import(
        session=session,
        file=io.BytesIO(content),
        size=len(content),
        recorded_by=trainer,
    )
    assert added == 2
    assert set(
        Attendance.objects.filter(method="import").values_list("deputy", flat=True)
    ) == {a.pk, b.pk}


def test_attendance_sheet_with_one_bad_row_writes_nothing(session, trainer):
    huangpu = DelegationFactory(name="黄浦区")
    mine = DeputyFactory(delegation=huangpu)
    elsewhere = DeputyFactory(delegation=DelegationFactory(name="徐汇区"))
    content = sheet([["代表证号"], [mine.deputy_no], [elsewhere.deputy_no]])
    with pytest.raises(ValidationError) as refused:
        attendance_import(
            session=session,
            file=io.BytesIO(content),
            size=len(content),
            recorded_by=trainer,
        )
    assert elsewhere.deputy_no in " ".join(refused.value.messages)
    assert not Attendance.objects.exists()


def test_attendance_sheet_that_is_not_xlsx_is_refused(session, trainer):
    with pytest.raises(ValidationError):
        attendance_import(
            session=session, file=io.BytesIO(b"nope"), size=4, recorded_by=trainer
        )


# --- Administrator's pages ------------------------------------------------------


def test_qr_page_and_its_code_feed_for_a_training_administrator(
    client, session, trainer
):
    client.force_login(trainer)
    page = client.get(f"/admin/sessions/{session.pk}/checkin/")
    assert page.status_code == 200
    assert "<svg" in page.text
    feed = client.get(f"/admin/sessions/{session.pk}/checkin/token/").json()
    token = feed["url"].rstrip("/").rsplit("/", 1)[1]
    assert checkin_token_session_id(token=token) == session.pk
    assert "<svg" in feed["svg"]


def test_deputy_cannot_open_the_qr_page(client, session, deputy):
    client.force_login(deputy.user)
    response = client.get(f"/admin/sessions/{session.pk}/checkin/token/")
    assert response.status_code in (302, 403)


def test_manual_mark_through_the_page_is_recorded_with_who(client, session, trainer):
    mine = DeputyFactory(delegation=DelegationFactory(name="黄浦区"))
    seat(session, mine)
    client.force_login(trainer)
    client.post(
        f"/admin/sessions/{session.pk}/manage/",
        {"action": "mark", "deputy_no": mine.deputy_no},
    )
    attendance = Attendance.objects.get(deputy=mine)
    assert (attendance.method, attendance.recorded_by) == ("manual", trainer)
    listing = visible_text(client.get(f"/admin/sessions/{session.pk}/manage/").text)
    assert "人工登记" in listing and "manual" not in listing


def test_district_administrator_cannot_mark_another_district(client, session, trainer):
    elsewhere = DeputyFactory(delegation=DelegationFactory(name="徐汇区"))
    seat(session, elsewhere)
    client.force_login(trainer)
    client.post(
        f"/admin/sessions/{session.pk}/manage/",
        {"action": "mark", "deputy_no": elsewhere.deputy_no},
    )
    assert not Attendance.objects.exists()


# --- The deputy's page ----------------------------------------------------------


def test_deputy_registers_and_asks_for_leave_on_their_page(
    client, quizless_course, deputy
):
    open_session = make_session(
        quizless_course, title="专题研讨班", registration_open=True, capacity=30
    )
    client.force_login(deputy.user)
    page = client.get("/my/sessions/")
    assert "专题研讨班" in page.text
    client.post(f"/my/sessions/{open_session.pk}/register/")
    assert SessionSeat.objects.filter(
        session=open_session, deputy=deputy, source="registered"
    ).exists()
    client.post(f"/my/sessions/{open_session.pk}/leave/", {"reason": "出差"})
    leave = LeaveRequest.objects.get(session=open_session, deputy=deputy)
    assert (leave.reason, leave.status) == ("出差", "pending")


def test_leave_for_a_session_one_is_not_on_is_refused(client, session, deputy):
    client.force_login(deputy.user)
    client.post(f"/my/sessions/{session.pk}/leave/", {"reason": "出差"})
    assert not LeaveRequest.objects.exists()


def test_leave_decided_on_the_admin_page_tells_the_deputy(client, session, trainer):
    mine = DeputyFactory(delegation=DelegationFactory(name="黄浦区"), with_account=True)
    seat(session, mine)
    leave = leave_request_create(session=session, deputy=mine, reason="出差")
    client.force_login(trainer)
    client.post(
        f"/admin/sessions/{session.pk}/manage/",
        {"action": "leave", "leave": leave.pk, "decision": "approve"},
    )
    leave.refresh_from_db()
    assert (leave.status, leave.decided_by) == ("approved", trainer)
    assert Notification.objects.filter(recipient=mine.user).exists()


def test_attendance_sheet_uploaded_on_the_admin_page(client, session, trainer):
    mine = DeputyFactory(delegation=DelegationFactory(name="黄浦区"))
    content = sheet([["代表证号"], [mine.deputy_no]])
    client.force_login(trainer)
    upload = io.BytesIO(content)
    upload.name = "attendance.xlsx"
    client.post(
        f"/admin/sessions/{session.pk}/manage/", {"action": "import", "file": upload}
    )
    assert Attendance.objects.get(deputy=mine).method == "import"


def test_assigning_a_delegation_on_the_admin_page_stays_in_scope(
    client, session, trainer
):
    huangpu = DelegationFactory(name="黄浦区")
    xuhui = DelegationFactory(name="徐汇区")
    DeputyFactory.create_batch(2, delegation=huangpu)
    DeputyFactory.create_batch(2, delegation=xuhui)
    client.force_login(trainer)
    client.post(
        f"/admin/sessions/{session.pk}/manage/",
        {"action": "assign", "delegation": xuhui.pk},
    )
    assert not SessionSeat.objects.exists()
    client.post(
        f"/admin/sessions/{session.pk}/manage/",
        {"action": "assign", "delegation": huangpu.pk},
    )
    assert SessionSeat.objects.filter(session=session).count() == 2
    assert client.get(f"/admin/sessions/{session.pk}/manage/").status_code == 200


def test_attendance_cannot_be_typed_in_through_the_generic_admin_form(client, trainer):
    client.force_login(trainer)
    assert client.get("/admin/attendance/").status_code == 200
    assert client.get("/admin/attendance/new/").status_code in (302, 403)
    assert client.get("/admin/session_seats/new/").status_code in (302, 403)

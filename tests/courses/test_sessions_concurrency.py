"""Racing for the last places of a session, and twenty scans of one deputy at once.

Real threads on PostgreSQL; skipped on SQLite, which serialises writers anyway.
"""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from courses.models import Attendance, Enrolment, OfflineSession, SessionSeat
from courses.services.sessions import (
    session_check_in,
    session_register,
    session_seats_assign,
)
from people.models import Deputy
from tests.courses.test_concurrency import run_in_threads
from tests.factories.roster import DeputyFactory


def needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL (DATABASE_URL=postgres://…)")


def make_session(course, **fields):
    now = timezone.now()
    return OfflineSession.objects.create(
        course=course,
        title="集中培训",
        starts_at=now - timedelta(minutes=5),
        ends_at=now + timedelta(hours=2),
        venue="会议厅",
        **fields,
    )


@pytest.mark.django_db(transaction=True)
def test_twenty_deputies_racing_for_five_places_get_five(quizless_course):
    needs_postgresql()
    session = make_session(quizless_course, capacity=5, registration_open=True)
    deputies = iter(DeputyFactory.create_batch(20))
    lock = threading.Lock()

    def register():
        with lock:
            deputy = next(deputies)
        session_register(session=session, deputy=deputy)

    errors = run_in_threads(20, register)
    assert SessionSeat.objects.filter(session=session).count() == 5
    assert len(errors) == 15


@pytest.mark.django_db(transaction=True)
def test_twenty_scans_of_one_deputy_record_one_attendance(deputy, quizless_course):
    needs_postgresql()
    session = make_session(quizless_course)
    session_seats_assign(session=session, deputies=Deputy.objects.filter(pk=deputy.pk))
    created: list[bool] = []
    errors = run_in_threads(
        20,
        lambda: created.append(
            session_check_in(session=session, deputy=deputy).created
        ),
    )
    assert errors == []
    assert created.count(True) == 1
    assert Attendance.objects.filter(session=session, deputy=deputy).count() == 1
    assert Enrolment.objects.filter(deputy=deputy).count() == 1

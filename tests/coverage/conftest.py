"""The hand-counted roster of the coverage tests (see test_coverage.py)."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from cms.groups import TRAINING_ADMINISTRATORS
from courses.models import ModulePage, OfflineSession
from courses.services.progress import module_open
from courses.services.requirements import enrolments_sync, exemption_grant
from courses.services.sessions import (
    leave_request_create,
    leave_request_decide,
    session_check_in,
    session_seats_assign,
)
from people.models import Deputy, StaffScope
from tests.factories.roster import (
    DelegationFactory,
    DeputyFactory,
    RequirementFactory,
    UserFactory,
)


def staff(username, *delegations):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=TRAINING_ADMINISTRATORS))
    if delegations:
        scope = StaffScope.objects.create(user=user)
        scope.delegations.add(*delegations)
    return user


def modules_done(deputy, course):
    for module in ModulePage.objects.child_of(course).filter(is_required=True):
        module_open(deputy=deputy, module=module)


@pytest.fixture
def roster(quizless_course):
    huangpu = DelegationFactory(name="黄浦区")
    xuhui = DelegationFactory(name="徐汇区")
    requirement = RequirementFactory(
        slug="initial-16", courses=[quizless_course], deadline=date(2099, 6, 30)
    )
    people = {}
    for key, delegation in [("A", huangpu), ("B", huangpu), ("C", huangpu)]:
        people[key] = DeputyFactory(delegation=delegation, with_account=True)
    people["D"] = DeputyFactory(
        delegation=huangpu, is_active=False, left_on=date(2024, 1, 1)
    )
    people["E"] = DeputyFactory(delegation=huangpu, newly_elected=False)
    for key in "FG":
        people[key] = DeputyFactory(delegation=xuhui, with_account=True)
    people["H"] = DeputyFactory(
        delegation=xuhui, with_account=True, elected_on=date(2025, 3, 1)
    )
    exemption_grant(requirement=requirement, deputy=people["C"], reason="因病")
    now = timezone.now()
    session = OfflineSession.objects.create(
        course=quizless_course,
        title="初任培训班",
        starts_at=now - timedelta(minutes=5),
        ends_at=now + timedelta(hours=3),
        venue="会议厅",
        makeup_online=True,
    )
    session_seats_assign(
        session=session,
        deputies=Deputy.objects.filter(pk__in=[p.pk for p in people.values()]),
    )
    for key in "ABF":
        modules_done(people[key], quizless_course)
    session_check_in(session=session, deputy=people["A"])
    trainer = staff("city_trainer")
    leave = leave_request_create(session=session, deputy=people["F"], reason="出差")
    leave_request_decide(leave=leave, approve=True, decided_by=trainer)
    enrolments_sync(requirement=requirement)
    return {
        "requirement": requirement,
        "people": people,
        "huangpu": huangpu,
        "xuhui": xuhui,
        "city": trainer,
        "district": staff("trainer_huangpu", huangpu),
    }


@pytest.fixture
def sms_outbox(settings):
    """Text messages kept in memory, as mail.outbox keeps e-mail."""
    from infrastructure.notifications import sms

    settings.SMS_BACKEND = "infrastructure.notifications.sms.LocmemBackend"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()

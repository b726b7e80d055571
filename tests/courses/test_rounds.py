"""Never stuck: rounds of quiz attempts, cool-downs, attempts granted, next steps."""

import json
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils import timezone

from cms.groups import TRAINING_ADMINISTRATORS
from courses.models import AttemptGrant, Enrolment, ModulePage, ModuleProgress
from courses.selectors.learning import deputy_dashboard
from courses.selectors.next_step import deputy_next_step
from courses.selectors.rounds import round_state
from courses.services.progress import course_enrol, module_complete, quiz_submit
from courses.services.requirements import enrolments_sync
from people.models import StaffScope
from tests.factories.pages import ModulePageFactory, quiz_body
from tests.factories.roster import DelegationFactory, DeputyFactory, RequirementFactory
from tests.html import visible_text

pytestmark = pytest.mark.django_db

WRONG, RIGHT = {0: {1}}, {0: {0}}


def quiz_module(course, *, cooldown=None, attempts=2, title="随堂测验模块"):
    body = json.loads(quiz_body())
    body[1]["value"]["max_attempts"] = attempts
    if cooldown is not None:
        body[1]["value"]["cooldown_hours"] = cooldown
    return ModulePageFactory(
        parent=course, title=title, body=json.dumps(body, ensure_ascii=False)
    )


def submit(deputy, module, answers, at=None):
    with mock.patch("django.utils.timezone.now", return_value=at or timezone.now()):
        return quiz_submit(
            deputy=deputy,
            module=module,
            block_id=module.quizzes[0].id,
            answers=answers,
        )


# The rule itself ------------------------------------------------------------------

T0 = timezone.now()


def test_a_round_s_attempts_then_a_wait_then_a_new_round():
    hour = timedelta(hours=1)
    state = round_state(
        attempts=[T0, T0 + hour],
        grants=[],
        per_round=2,
        cooldown=24 * hour,
        now=T0 + 2 * hour,
    )
    assert (state.attempts_left, state.opens_at) == (0, T0 + 25 * hour)
    later = round_state(
        attempts=[T0, T0 + hour],
        grants=[],
        per_round=2,
        cooldown=24 * hour,
        now=T0 + 25 * hour,
    )
    assert (later.round, later.attempts_left, later.opens_at) == (2, 2, None)


def test_a_cool_down_of_zero_opens_the_next_round_at_once():
    state = round_state(
        attempts=[T0, T0], grants=[], per_round=2, cooldown=timedelta(0), now=T0
    )
    assert (state.round, state.attempts_left) == (2, 2)


def test_attempts_granted_count_at_once_and_the_wait_restarts_when_used():
    hour = timedelta(hours=1)
    state = round_state(
        attempts=[T0, T0, T0 + 2 * hour],
        grants=[(T0 + hour, 1)],
        per_round=2,
        cooldown=24 * hour,
        now=T0 + 3 * hour,
    )
    assert (state.attempts_left, state.opens_at) == (0, T0 + 26 * hour)


# Quizzes ---------------------------------------------------------------------------


def test_after_a_failed_round_the_page_says_when_the_next_opens(client, deputy, course):
    module = quiz_module(course, cooldown=24)
    start = timezone.make_aware(timezone.datetime(2026, 11, 27, 9, 0))
    submit(deputy, module, WRONG, at=start)
    submit(deputy, module, WRONG, at=start)
    with pytest.raises(ValidationError, match="11月28日 09:00"):
        submit(deputy, module, RIGHT, at=start + timedelta(hours=1))
    client.force_login(deputy.user)
    with mock.patch("django.utils.timezone.now", return_value=start):
        text = visible_text(client.get(module.url).content.decode())
    assert "下一轮作答将于 11月28日 09:00 开放" in text
    assert "提交答案" not in text
    # A day later, a new round: the quiz can be passed and the module completes.
    assert submit(deputy, module, RIGHT, at=start + timedelta(hours=24)).passed
    assert ModuleProgress.objects.get(deputy=deputy, module=module).completed_at


def test_a_quiz_with_no_cool_down_opens_a_new_round_at_once(deputy, course):
    module = quiz_module(course, cooldown=0)
    submit(deputy, module, WRONG)
    submit(deputy, module, WRONG)
    assert submit(deputy, module, RIGHT).passed


@pytest.fixture
def trainers(db):
    from django.contrib.auth import get_user_model

    group = Group.objects.get(name=TRAINING_ADMINISTRATORS)
    users = {}
    for name in ("trainer", "trainer_huangpu"):
        user = get_user_model().objects.create_user(name, password="pw-Trainer-1")
        user.is_staff = True
        user.save()
        user.groups.add(group)
        users[name] = user
    scope = StaffScope.objects.create(user=users["trainer_huangpu"])
    scope.delegations.set([DelegationFactory(name="黄浦区")])
    return users


def _lock(deputy, module):
    submit(deputy, module, WRONG)
    submit(deputy, module, WRONG)


def test_a_trainer_grants_an_attempt_from_the_record_and_it_is_logged(
    client, deputy, course, trainers
):
    module = quiz_module(course)
    _lock(deputy, module)
    client.force_login(trainers["trainer"])
    record = client.get(f"/records/{deputy.pk}/")
    assert "随堂测验模块 · 随堂测验" in visible_text(record.content.decode())
    response = client.post(
        f"/records/{deputy.pk}/attempts/",
        {
            "module": module.pk,
            "block_id": module.quizzes[0].id,
            "attempts": 1,
            "reason": "因病缺考",
        },
    )
    assert response.status_code == 302
    grant = AttemptGrant.objects.get()
    assert (grant.attempts, grant.reason, grant.granted_by) == (
        1,
        "因病缺考",
        trainers["trainer"],
    )
    assert grant.granted_at is not None
    assert submit(deputy, module, RIGHT).passed


def test_a_grant_without_a_reason_changes_nothing(client, deputy, course, trainers):
    module = quiz_module(course)
    _lock(deputy, module)
    client.force_login(trainers["trainer"])
    client.post(
        f"/records/{deputy.pk}/attempts/",
        {"module": module.pk, "block_id": module.quizzes[0].id, "attempts": 1},
    )
    assert not AttemptGrant.objects.exists()
    with pytest.raises(ValidationError):
        submit(deputy, module, RIGHT)


def test_a_district_trainer_cannot_grant_outside_the_district(client, course, trainers):
    outside = DeputyFactory(with_account=True, delegation__name="徐汇区")
    module = quiz_module(course)
    _lock(outside, module)
    client.force_login(trainers["trainer_huangpu"])
    response = client.post(
        f"/records/{outside.pk}/attempts/",
        {
            "module": module.pk,
            "block_id": module.quizzes[0].id,
            "attempts": 3,
            "reason": "越权",
        },
    )
    assert response.status_code == 404
    assert not AttemptGrant.objects.exists()


def test_a_district_trainer_grants_within_the_district(client, course, trainers):
    from people.models import Delegation

    inside = DeputyFactory(
        with_account=True, delegation=Delegation.objects.get(name="黄浦区")
    )
    module = quiz_module(course)
    _lock(inside, module)
    client.force_login(trainers["trainer_huangpu"])
    client.post(
        f"/records/{inside.pk}/attempts/",
        {
            "module": module.pk,
            "block_id": module.quizzes[0].id,
            "attempts": 1,
            "reason": "系统故障补考",
        },
    )
    assert AttemptGrant.objects.filter(deputy=inside).count() == 1


def test_a_deputy_cannot_grant_attempts(client, deputy, course):
    module = quiz_module(course)
    _lock(deputy, module)
    client.force_login(deputy.user)
    response = client.post(
        f"/records/{deputy.pk}/attempts/",
        {
            "module": module.pk,
            "block_id": module.quizzes[0].id,
            "attempts": 5,
            "reason": "自己给自己",
        },
    )
    assert response.status_code == 403
    assert not AttemptGrant.objects.exists()


# Next step, continue, progress figures ------------------------------------------------


def test_the_next_step_skips_completed_and_waiting_modules(client, deputy, course):
    first, second = ModulePage.objects.child_of(course).order_by("path")
    module_complete(deputy=deputy, module=first)
    third = quiz_module(course, title="第三模块")
    _lock(deputy, second)
    step = deputy_next_step(deputy=deputy)
    assert step.url == third.url
    client.force_login(deputy.user)
    portal = visible_text(client.get("/").content.decode())
    assert "第三模块" in portal
    my = client.get("/my/").content.decode()
    assert f'href="{third.url}"' in my
    assert f'href="{second.url}"' not in my.split("continue-heading")[1][:600]


def test_when_every_module_left_waits_the_next_step_says_when(deputy, course):
    first, second = ModulePage.objects.child_of(course).order_by("path")
    module_complete(deputy=deputy, module=first)
    start = timezone.make_aware(timezone.datetime(2026, 11, 27, 9, 0))
    submit(deputy, second, WRONG, at=start)
    submit(deputy, second, WRONG, at=start)
    with mock.patch("django.utils.timezone.now", return_value=start):
        step = deputy_next_step(deputy=deputy)
    assert step.url == course.url
    assert "11月28日 09:00" in step.label


def test_new_enrolments_know_their_module_count(deputy, course, quizless_course):
    enrolment = course_enrol(deputy=deputy, course=quizless_course)
    assert (enrolment.modules_done, enrolment.modules_total) == (0, 2)
    requirement = RequirementFactory(
        term=deputy.term, newly_elected_only=False, courses=[course]
    )
    enrolments_sync(requirement=requirement)
    synced = Enrolment.objects.get(deputy=deputy, course=course)
    assert synced.modules_total == 2


def test_my_learning_shows_the_module_count_from_enrolment(client, deputy, course):
    course_enrol(deputy=deputy, course=course)
    client.force_login(deputy.user)
    text = visible_text(client.get("/my/").content.decode())
    assert "0 / 0" not in text
    assert "已完成 0 / 2 个模块" in text


def test_the_dashboard_costs_the_same_queries_with_more_courses(
    deputy, annual, django_assert_max_num_queries
):
    from tests.factories.pages import CoursePageFactory

    def build(n):
        for i in range(n):
            course = CoursePageFactory(parent=annual, slug=f"c{n}-{i}")
            module = quiz_module(course, title=f"模块{n}-{i}")
            course_enrol(deputy=deputy, course=course)
            _lock(deputy, module)

    build(2)
    with django_assert_max_num_queries(20) as small:
        deputy_dashboard(deputy=deputy, hours_target=50)
    build(6)
    with django_assert_max_num_queries(len(small.captured_queries)):
        deputy_dashboard(deputy=deputy, hours_target=50)

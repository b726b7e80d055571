import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from courses.models import (
    Enrolment,
    HoursEntry,
    ModulePage,
    ModuleProgress,
    QuizAttempt,
)
from courses.services.progress import module_complete, module_open, quiz_submit
from tests.factories.pages import ModulePageFactory, quiz_body

pytestmark = pytest.mark.django_db


def modules_of(course):
    return list(ModulePage.objects.child_of(course).order_by("path"))


def test_opening_a_module_without_quiz_text_or_media_completes_it(
    deputy, quizless_course
):
    first = modules_of(quizless_course)[0]
    module_open(deputy=deputy, module=first)
    assert (
        ModuleProgress.objects.get(deputy=deputy, module=first).completed_at is not None
    )
    enrolment = Enrolment.objects.get(deputy=deputy, course=quizless_course)
    assert (enrolment.modules_done, enrolment.modules_total, enrolment.progress) == (
        1,
        2,
        50,
    )
    assert enrolment.last_module == first


def test_course_completes_when_required_modules_do_and_hours_are_booked_once(
    deputy, quizless_course
):
    required = [m for m in modules_of(quizless_course) if m.is_required]
    for module in required:
        module_open(deputy=deputy, module=module)
    enrolment = Enrolment.objects.get(deputy=deputy, course=quizless_course)
    assert enrolment.completed_at is not None and enrolment.progress == 100
    entry = HoursEntry.objects.get(deputy=deputy)
    today = timezone.localdate()
    assert (entry.hours, entry.category, entry.year, entry.earned_on) == (
        quizless_course.hours,
        "initial",
        today.year,
        today,
    )
    # The same events again change nothing.
    for module in required:
        module_open(deputy=deputy, module=module)
        assert module_complete(deputy=deputy, module=module) is False
    assert HoursEntry.objects.filter(deputy=deputy).count() == 1
    assert ModuleProgress.objects.filter(deputy=deputy).count() == 2


def test_a_module_with_a_quiz_is_not_complete_until_the_quiz_is_passed(
    deputy, course, module
):
    module_open(deputy=deputy, module=module)
    assert ModuleProgress.objects.get(deputy=deputy, module=module).completed_at is None
    grade = quiz_submit(
        deputy=deputy, module=module, block_id=module.quizzes[0].id, answers={0: {0}}
    )
    assert grade.passed and grade.score == 100
    assert (
        ModuleProgress.objects.get(deputy=deputy, module=module).completed_at
        is not None
    )


def test_a_failed_quiz_allows_one_resit_then_refuses(deputy, module):
    block_id = module.quizzes[0].id
    first = quiz_submit(
        deputy=deputy, module=module, block_id=block_id, answers={0: {1}}
    )
    assert not first.passed and first.score == 0
    second = quiz_submit(
        deputy=deputy, module=module, block_id=block_id, answers={0: {2}}
    )
    assert not second.passed
    with pytest.raises(ValidationError):
        quiz_submit(deputy=deputy, module=module, block_id=block_id, answers={0: {0}})
    assert QuizAttempt.objects.filter(deputy=deputy).count() == 2
    assert ModuleProgress.objects.get(deputy=deputy, module=module).completed_at is None


def test_a_resit_that_passes_completes_the_module(deputy, module):
    block_id = module.quizzes[0].id
    quiz_submit(deputy=deputy, module=module, block_id=block_id, answers={0: {1}})
    assert quiz_submit(
        deputy=deputy, module=module, block_id=block_id, answers={0: {0}}
    ).passed
    assert (
        ModuleProgress.objects.get(deputy=deputy, module=module).completed_at
        is not None
    )
    with pytest.raises(ValidationError):
        quiz_submit(deputy=deputy, module=module, block_id=block_id, answers={0: {0}})


def test_multiple_choice_needs_every_correct_answer_and_no_other(deputy, course):
    import json

    body = json.loads(quiz_body())
    question = body[1]["value"]["questions"][0]
    question["multiple"] = True
    question["choices"][1]["correct"] = True
    body[1]["value"]["max_attempts"] = 3
    module = ModulePageFactory(parent=course, body=json.dumps(body, ensure_ascii=False))
    block_id = module.quizzes[0].id
    assert not quiz_submit(
        deputy=deputy, module=module, block_id=block_id, answers={0: {0}}
    ).passed
    assert not quiz_submit(
        deputy=deputy, module=module, block_id=block_id, answers={0: {0, 1, 2}}
    ).passed
    assert quiz_submit(
        deputy=deputy, module=module, block_id=block_id, answers={0: {0, 1}}
    ).passed


@pytest.mark.parametrize(("pass_mark", "passed"), [(50, True), (51, False)])
def test_pass_mark_is_applied(deputy, course, pass_mark, passed):
    import json

    # Two questions, one answered right: a score of 50%.
    body = json.loads(quiz_body(pass_mark=pass_mark))
    questions = body[1]["value"]["questions"]
    questions.append(
        dict(questions[0], prompt="再问一次：人民代表大会制度是什么制度？")
    )
    module = ModulePageFactory(parent=course, body=json.dumps(body, ensure_ascii=False))
    grade = quiz_submit(
        deputy=deputy,
        module=module,
        block_id=module.quizzes[0].id,
        answers={0: {0}, 1: {1}},
    )
    assert (grade.score, grade.passed) == (50, passed)


def test_unknown_quiz_block_is_refused(deputy, module):
    with pytest.raises(ValidationError):
        quiz_submit(
            deputy=deputy, module=module, block_id="not-a-block", answers={0: {0}}
        )

"""Course exams: drawing, shuffling, the server's time limit, answers only after
submitting, rounds, results on the record, the exam as a completion condition, and
the question bank's XLSX import."""

import io
import re
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from cms.groups import COURSE_EDITORS
from courses.models import (
    Enrolment,
    ExamAttempt,
    ExamPage,
    ModulePage,
    Question,
    QuestionBank,
)
from courses.services.exams import exam_start, exam_submit
from courses.services.progress import module_complete
from courses.services.question_import import QuestionImportError, questions_import
from tests.factories.pages import ModulePageFactory
from tests.html import visible_text

pytestmark = pytest.mark.django_db


def make_bank(size: int, name: str = "代表法题库") -> QuestionBank:
    bank = QuestionBank.objects.create(name=name)
    Question.objects.bulk_create(
        Question(
            bank=bank,
            kind=Question.Kind.SINGLE,
            prompt=f"第{n}题：代表法规定的事项{n}是什么？",
            option_a=f"甲{n}",
            option_b=f"乙{n}",
            option_c=f"丙{n}",
            option_d=f"丁{n}",
            answer="A",
            explanation=f"解析{n}：依据代表法。",
        )
        for n in range(size)
    )
    return bank


def add_exam(course, bank, **rules) -> ExamPage:
    defaults = {
        "question_count": 5,
        "time_limit_minutes": 20,
        "pass_mark": 60,
        "attempts_per_round": 2,
        "cooldown_hours": 24,
        "required_for_completion": True,
    }
    defaults.update(rules)
    return course.add_child(
        instance=ExamPage(title="结业考试", slug="exam", bank=bank, **defaults)
    )


def right_answers(attempt: ExamAttempt) -> dict[int, set[int]]:
    return {i: set(q["correct"]) for i, q in enumerate(attempt.questions)}


@pytest.fixture
def exam(course):
    return add_exam(course, make_bank(12))


def test_an_attempt_draws_n_distinct_questions_of_the_bank(deputy, exam):
    attempt = exam_start(deputy=deputy, exam=exam)
    ids = [q["id"] for q in attempt.questions]
    assert len(ids) == 5 == len(set(ids))
    assert set(ids) <= set(exam.bank.questions.values_list("pk", flat=True))
    assert attempt.deadline - attempt.started_at == timedelta(minutes=20)


def test_draws_and_option_orders_differ_between_attempts(deputy, course):
    exam = add_exam(course, make_bank(40), question_count=10, cooldown_hours=0)
    draws, orders = set(), set()
    for _ in range(4):
        attempt = exam_start(deputy=deputy, exam=exam)
        draws.add(tuple(sorted(q["id"] for q in attempt.questions)))
        orders.update(tuple(q["options"]) for q in attempt.questions)
        # Each question's options are its own, and the right one is where it moved.
        for question in attempt.questions:
            stored = Question.objects.get(pk=question["id"])
            assert sorted(question["options"]) == sorted(stored.options)
            assert question["options"][question["correct"][0]] == stored.option_a
        exam_submit(deputy=deputy, exam=exam, answers={})
    assert len(draws) > 1
    # Option A is not always shown first.
    assert any(not order[0].startswith("甲") for order in orders)


def test_the_page_before_submitting_holds_no_answer(client, deputy, exam):
    client.force_login(deputy.user)
    client.post(f"/my/exams/{exam.pk}/start/")
    attempt = ExamAttempt.objects.get()
    html = client.get(exam.url).content.decode()
    assert all(q["prompt"] in html for q in attempt.questions)
    assert "correct" not in html.lower()
    assert "正确答案" not in html and "解析" not in html
    # Every option carries the same kind of value: its shown position.
    assert set(re.findall(r'name="q0"[^>]*value="(\d+)"', html)) == {"0", "1", "2", "3"}


def test_after_submitting_the_score_and_explanations_are_shown(client, deputy, exam):
    client.force_login(deputy.user)
    client.post(f"/my/exams/{exam.pk}/start/")
    attempt = ExamAttempt.objects.get()
    answers = right_answers(attempt)
    post = {f"q{i}": [str(c) for c in chosen] for i, chosen in answers.items()}
    post["q0"] = [str((answers[0].pop() + 1) % 4)]  # one wrong: 80%
    response = client.post(f"/my/exams/{exam.pk}/submit/", post, follow=True)
    text = visible_text(response.content.decode())
    assert "得分80分，已通过" in text
    assert "最近一次得分：80%" in text
    assert "解析：" in text and "正确答案" in text
    assert ExamAttempt.objects.get().passed


def test_the_server_refuses_answers_after_the_time_limit(deputy, exam):
    start = timezone.now()
    attempt = exam_start(deputy=deputy, exam=exam, now=start)
    late = start + timedelta(minutes=20, seconds=31)
    graded = exam_submit(
        deputy=deputy, exam=exam, answers=right_answers(attempt), now=late
    )
    assert graded.late and graded.score == 0 and not graded.passed
    assert graded.submitted_at == attempt.deadline


def test_answers_within_the_grace_still_count(deputy, exam):
    start = timezone.now()
    attempt = exam_start(deputy=deputy, exam=exam, now=start)
    graded = exam_submit(
        deputy=deputy,
        exam=exam,
        answers=right_answers(attempt),
        now=start + timedelta(minutes=20, seconds=20),
    )
    assert graded.score == 100 and graded.passed and not graded.late


def test_a_late_submit_through_the_page_is_not_counted(client, deputy, exam):
    client.force_login(deputy.user)
    client.post(f"/my/exams/{exam.pk}/start/")
    attempt = ExamAttempt.objects.get()
    post = {
        f"q{i}": [str(c) for c in chosen]
        for i, chosen in right_answers(attempt).items()
    }
    later = timezone.now() + timedelta(hours=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = client.post(f"/my/exams/{exam.pk}/submit/", post, follow=True)
    assert "超时提交的答案不计分" in visible_text(response.content.decode())
    assert ExamAttempt.objects.get().score == 0


def test_starting_twice_returns_the_attempt_under_way(deputy, exam):
    first = exam_start(deputy=deputy, exam=exam)
    assert exam_start(deputy=deputy, exam=exam).pk == first.pk
    assert ExamAttempt.objects.count() == 1


def test_a_second_submit_of_the_same_attempt_is_refused(deputy, exam):
    attempt = exam_start(deputy=deputy, exam=exam)
    exam_submit(deputy=deputy, exam=exam, answers={})
    with pytest.raises(ValidationError):
        exam_submit(deputy=deputy, exam=exam, answers=right_answers(attempt))


def test_exam_rounds_wait_for_the_cool_down(deputy, exam):
    start = timezone.now()
    for minutes in (0, 1):
        exam_start(deputy=deputy, exam=exam, now=start + timedelta(minutes=minutes))
        exam_submit(
            deputy=deputy,
            exam=exam,
            answers={},
            now=start + timedelta(minutes=minutes),
        )
    with pytest.raises(ValidationError):
        exam_start(deputy=deputy, exam=exam, now=start + timedelta(hours=2))
    attempt = exam_start(deputy=deputy, exam=exam, now=start + timedelta(hours=25))
    assert attempt.number == 3


def test_the_exam_is_a_completion_condition_of_the_course(deputy, course, exam):
    for module in ModulePage.objects.child_of(course):
        module_complete(deputy=deputy, module=module)
    enrolment = Enrolment.objects.get(deputy=deputy, course=course)
    assert enrolment.completed_at is None
    assert enrolment.modules_done == enrolment.modules_total == 2
    attempt = exam_start(deputy=deputy, exam=exam)
    exam_submit(deputy=deputy, exam=exam, answers=right_answers(attempt))
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None and enrolment.progress == 100


def test_an_exam_not_required_does_not_hold_back_the_course(deputy, course):
    add_exam(course, make_bank(5), required_for_completion=False)
    for module in ModulePage.objects.child_of(course):
        module_complete(deputy=deputy, module=module)
    assert Enrolment.objects.get(deputy=deputy, course=course).completed_at


def test_with_the_modules_done_the_next_step_is_the_exam(client, deputy, course, exam):
    for module in ModulePage.objects.child_of(course):
        module_complete(deputy=deputy, module=module)
    client.force_login(deputy.user)
    assert f'href="{exam.url}"' in client.get("/").content.decode()


def test_the_record_shows_the_exam_result(client, deputy, exam):
    attempt = exam_start(deputy=deputy, exam=exam)
    exam_submit(deputy=deputy, exam=exam, answers=right_answers(attempt))
    client.force_login(deputy.user)
    text = visible_text(client.get("/my/record/").content.decode())
    assert "结业考试 1 100% 已通过" in text


def _exam_page_queries(client, exam) -> int:
    client.get(exam.url)
    with CaptureQueriesContext(connection) as queries:
        client.get(exam.url)
    return len(queries)


def test_the_exam_page_costs_the_same_queries_at_two_sizes(client, deputy, course):
    small = add_exam(course, make_bank(6, "小题库"), question_count=5, cooldown_hours=0)
    client.force_login(deputy.user)
    exam_start(deputy=deputy, exam=small)
    exam_submit(deputy=deputy, exam=small, answers={})
    exam_start(deputy=deputy, exam=small)
    few = _exam_page_queries(client, small)
    other = ModulePageFactory(parent=course, title="另一模块").get_parent()
    big = other.add_child(
        instance=ExamPage(
            title="大考试",
            slug="big-exam",
            bank=make_bank(200, "大题库"),
            question_count=50,
            cooldown_hours=0,
            attempts_per_round=10,
        )
    )
    for _ in range(6):
        exam_start(deputy=deputy, exam=big)
        exam_submit(deputy=deputy, exam=big, answers={})
    exam_start(deputy=deputy, exam=big)
    assert _exam_page_queries(client, big) == few


def test_the_module_page_costs_the_same_queries_at_two_sizes(
    client, deputy, course, module
):
    from tests.courses.test_rounds import quiz_module, submit

    client.force_login(deputy.user)
    few = _exam_page_queries(client, module)
    many = quiz_module(course, cooldown=0, attempts=10)
    for _ in range(8):
        submit(deputy, many, {0: {1}})
    assert _exam_page_queries(client, many) == few


# The question bank -----------------------------------------------------------------


def xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


HEADER = ["题型", "题干", "选项A", "选项B", "选项C", "选项D", "答案", "解析"]


def test_a_good_file_imports_every_kind_of_question():
    bank = QuestionBank.objects.create(name="导入题库")
    content = xlsx(
        [
            HEADER,
            ["单选", "每届任期几年？", "三年", "五年", "", "", "B", "宪法规定。"],
            ["多选", "代表的权利？", "提议案", "提建议", "审议", "", "A,B,C", ""],
            ["判断", "代表言论免责。", "", "", "", "", "对", ""],
        ]
    )
    assert questions_import(bank=bank, content=content, filename="q.xlsx") == 3
    kinds = dict(bank.questions.values_list("kind", "answer"))
    assert kinds == {"single": "B", "multiple": "ABC", "truefalse": "A"}


def test_a_bad_file_imports_nothing_and_names_the_row():
    bank = QuestionBank.objects.create(name="导入题库")
    content = xlsx(
        [
            HEADER,
            ["单选", "好题", "甲", "乙", "", "", "A", ""],
            ["单选", "坏题：答案不在选项中", "甲", "乙", "", "", "D", ""],
            ["问答", "坏题：题型不对", "甲", "乙", "", "", "A", ""],
        ]
    )
    with pytest.raises(QuestionImportError) as error:
        questions_import(bank=bank, content=content, filename="q.xlsx")
    assert [e.row for e in error.value.errors] == [3, 4]
    assert not bank.questions.exists()


def test_a_file_that_is_not_a_workbook_is_refused():
    bank = QuestionBank.objects.create(name="导入题库")
    with pytest.raises(QuestionImportError):
        questions_import(bank=bank, content=b"PK\x03\x04junk", filename="q.xlsx")
    assert not bank.questions.exists()


def test_a_file_beyond_the_row_cap_is_refused():
    from courses.services import question_import

    bank = QuestionBank.objects.create(name="导入题库")
    rows = [HEADER] + [
        ["单选", f"题{n}", "甲", "乙", "", "", "A", ""] for n in range(6)
    ]
    with (
        mock.patch.object(question_import, "MAX_QUESTIONS_PER_FILE", 5),
        pytest.raises(QuestionImportError) as error,
    ):
        questions_import(bank=bank, content=xlsx(rows), filename="q.xlsx")
    assert error.value.errors[0].row == 7
    assert "最多包含 5 道题" in error.value.errors[0].message
    assert not bank.questions.exists()


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_an_editor_downloads_the_template_and_imports_it(editor_client):
    bank = QuestionBank.objects.create(name="模板题库")
    response = editor_client.get("/admin/question-banks/template.xlsx")
    assert response.status_code == 200
    header = next(load_workbook(io.BytesIO(response.content)).active.values)
    assert list(header)[:3] == ["题型", "题干", "选项A"]
    upload = io.BytesIO(response.content)
    upload.name = "template.xlsx"
    response = editor_client.post(
        "/admin/question-banks/import/", {"bank": bank.pk, "file": upload}
    )
    assert response.status_code == 302
    assert bank.questions.count() == 3


def test_the_import_page_lists_the_bad_rows(editor_client):
    bank = QuestionBank.objects.create(name="模板题库")
    upload = io.BytesIO(xlsx([HEADER, ["单选", "坏题", "甲", "", "", "", "A", ""]]))
    upload.name = "bad.xlsx"
    response = editor_client.post(
        "/admin/question-banks/import/", {"bank": bank.pk, "file": upload}
    )
    text = visible_text(response.content.decode())
    assert "未导入任何" in text
    assert "请至少填写选项A和选项B" in text
    assert not bank.questions.exists()


def test_editors_manage_questions_and_deputies_do_not(client, editor, deputy):
    bank = make_bank(3)
    client.force_login(editor)
    assert client.get("/admin/questions/").status_code == 200
    assert client.get(f"/admin/question_banks/edit/{bank.pk}/").status_code == 200
    assert Group.objects.get(name=COURSE_EDITORS).permissions.filter(
        codename="add_question"
    )
    client.force_login(deputy.user)
    assert client.get("/admin/questions/").status_code == 302

"""A deputy who has done the modules takes the course exam on a phone and passes it:
the course completes and the record shows the result."""

import pytest

from courses.models import (
    Enrolment,
    ExamAttempt,
    ExamPage,
    ModulePage,
    Question,
    QuestionBank,
)
from courses.services.progress import module_open

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_deputy_takes_the_course_exam_and_passes(
    live_server, page, deputy, quizless_course
):
    bank = QuestionBank.objects.create(name="代表法题库")
    for n in range(4):
        Question.objects.create(
            bank=bank,
            kind=Question.Kind.SINGLE,
            prompt=f"代表法第{n + 1}题？",
            option_a=f"正确选项{n}",
            option_b=f"干扰项甲{n}",
            option_c=f"干扰项乙{n}",
            answer="A",
            explanation=f"依据代表法第{n + 1}条。",
        )
    exam = quizless_course.add_child(
        instance=ExamPage(
            title="结业考试", slug="exam", bank=bank, question_count=3, pass_mark=60
        )
    )
    for module in ModulePage.objects.child_of(quizless_course).filter(is_required=True):
        module_open(deputy=deputy, module=module)
    assert Enrolment.objects.get(deputy=deputy).completed_at is None
    deputy.user.set_password("pw-journey-123")
    deputy.user.save()

    page.goto(f"{live_server.url}/accounts/login/?next=/my/")
    page.get_by_label("代表证号、手机号或邮箱").fill(deputy.phone)
    page.get_by_label("密码").fill("pw-journey-123")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/my/")
    # "Continue" leads to the exam: every module is done.
    page.locator(f'#continue-heading ~ a[href="{exam.url}"]').click()
    page.wait_for_url(f"**{exam.url}")
    page.get_by_role("button", name="开始考试").click()
    page.get_by_role("button", name="提交答案").wait_for()
    assert "正确答案" not in page.content()
    for question in ExamAttempt.objects.get(deputy=deputy).questions:
        text = next(o for o in question["options"] if o.startswith("正确选项"))
        page.get_by_label(text).check()
    page.get_by_role("button", name="提交答案").click()
    page.get_by_text("得分100分，已通过。答案解析见下方。").wait_for()
    page.get_by_text("依据代表法").first.wait_for()
    assert Enrolment.objects.get(deputy=deputy).completed_at is not None

    page.goto(f"{live_server.url}/my/record/")
    page.get_by_text("已通过").wait_for()

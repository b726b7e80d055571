"""Demo question bank and the course exam of 代表法及实施办法解读."""

from courses.models import CoursePage, ExamPage, Question, QuestionBank

COURSE_SLUG = "deputies-law"
BANK_NAME = "代表法题库"

S, M, TF = Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.TRUE_FALSE
# kind, prompt, options, answer, explanation
QUESTIONS = [
    (
        S,
        "全国人民代表大会和地方各级人民代表大会每届任期几年？",
        ["三年", "四年", "五年", "六年"],
        "C",
        "宪法和地方组织法规定每届任期五年。",
    ),
    (
        S,
        "代表法的立法目的之一是？",
        ["保障代表依法行使职权", "规定法院组织", "规范企业经营"],
        "A",
        "代表法第一条：保障代表依法行使职权，履行代表义务，发挥代表作用。",
    ),
    (
        M,
        "代表在人民代表大会会议期间的工作包括哪些？",
        ["审议各项报告", "提出议案和建议", "参加各项表决", "审理案件"],
        "ABC",
        "审理案件是人民法院的职权，不是代表在会议期间的工作。",
    ),
    (
        S,
        "代表执行职务时，其所在单位应当？",
        ["给予时间保障，按正常出勤对待", "扣除相应工资", "不予支持"],
        "A",
        "代表法规定，代表执行职务，所在单位必须给予时间保障，按正常出勤对待。",
    ),
    (
        TF,
        "代表在人民代表大会各种会议上的发言和表决，不受法律追究。",
        [],
        "A",
        "代表法规定代表享有言论免责权。",
    ),
    (
        TF,
        "代表建议可以由代表本人直接交给任何一个机关自行办理，无需交办。",
        [],
        "B",
        "代表建议由常务委员会办事机构交有关机关和组织研究办理。",
    ),
    (
        M,
        "代表在闭会期间的活动形式包括？",
        ["视察", "专题调研", "联系人民群众", "参加执法检查"],
        "ABCD",
        "闭会期间代表通过视察、调研、联系群众、参加执法检查等方式履职。",
    ),
    (
        S,
        "代表建议的承办单位应当自交办之日起多长时间内答复？",
        ["一个月", "三个月", "六个月", "一年"],
        "B",
        "承办单位应当自交办之日起三个月内答复，最长不超过六个月。",
    ),
    (
        TF,
        "代表应当与原选举单位和人民群众保持密切联系。",
        [],
        "A",
        "这是代表法规定的代表义务之一。",
    ),
    (
        S,
        "县级以上人大代表非经本级人大主席团或常委会许可，不受？",
        ["逮捕或者刑事审判", "批评", "选民监督"],
        "A",
        "代表法规定了代表的人身特别保护。",
    ),
]


def seed_exams() -> int:
    """A question bank and the exam ending the course; returns the bank's size."""
    course = CoursePage.objects.filter(slug=COURSE_SLUG).first()
    if course is None:
        return 0
    bank, created = QuestionBank.objects.get_or_create(
        name=BANK_NAME, defaults={"topic": "代表法", "course": course}
    )
    if created:
        for kind, prompt, options, answer, explanation in QUESTIONS:
            letters = dict(zip("abcdef", options, strict=False))
            Question.objects.create(
                bank=bank,
                kind=kind,
                prompt=prompt,
                answer=answer,
                explanation=explanation,
                **{f"option_{letter}": text for letter, text in letters.items()},
            )
    if not ExamPage.objects.child_of(course).exists():
        course.add_child(
            instance=ExamPage(
                title="结业考试",
                slug=f"{COURSE_SLUG}-exam",
                intro="<p>本课程学完全部模块后参加结业考试，通过后方可结业。</p>",
                bank=bank,
                question_count=5,
                time_limit_minutes=20,
                pass_mark=60,
                attempts_per_round=2,
                cooldown_hours=24,
                required_for_completion=True,
            )
        )
    return bank.questions.count()

"""Reads of course exams: the exam of a course, a deputy's standing, the exam page.

Before an attempt is submitted, nothing built here for a template holds which
options are correct; the review after submitting does.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from courses.models import (
    AttemptGrant,
    CoursePage,
    ExamAttempt,
    ExamPage,
    ModulePage,
    QuizAttempt,
)
from courses.selectors.rounds import RoundState, quiz_states_for, round_state
from infrastructure.identity import AnyUser, deputy_for_user
from people.models import Deputy

# A submit this long after the deadline still counts (the browser submits at the
# deadline itself; the network may take a moment).
GRACE = timedelta(seconds=30)


def course_exam(*, course: CoursePage) -> ExamPage | None:
    return ExamPage.objects.live().child_of(course).order_by("path").first()


def exam_passed(*, deputy: Deputy, exam: ExamPage) -> bool:
    return ExamAttempt.objects.filter(deputy=deputy, exam=exam, passed=True).exists()


def course_exam_satisfied(*, deputy: Deputy, course: CoursePage) -> bool | None:
    """None when the course asks no exam; else whether the deputy passed it."""
    exam = (
        ExamPage.objects.live()
        .child_of(course)
        .filter(required_for_completion=True)
        .first()
    )
    if exam is None:
        return None
    return exam_passed(deputy=deputy, exam=exam)


def attempt_questions_for_display(attempt: ExamAttempt) -> list[dict]:
    """The drawn questions as the form shows them: prompt and options, no answers."""
    return [
        {
            "number": index + 1,
            "name": f"q{index}",
            "prompt": question["prompt"],
            "multiple": question["kind"] == "multiple",
            "options": list(enumerate(question["options"])),
        }
        for index, question in enumerate(attempt.questions)
    ]


def attempt_review(attempt: ExamAttempt) -> list[dict]:
    """After submitting: each question with the deputy's and the right answers."""
    review = []
    for index, question in enumerate(attempt.questions):
        chosen = set(attempt.answers.get(str(index), []))
        correct = set(question["correct"])
        review.append(
            {
                "number": index + 1,
                "prompt": question["prompt"],
                "right": chosen == correct,
                "options": [
                    {"text": text, "chosen": i in chosen, "correct": i in correct}
                    for i, text in enumerate(question["options"])
                ],
                "explanation": question.get("explanation", ""),
            }
        )
    return review


@dataclass
class ExamStanding:
    passed: bool
    best_score: int | None
    state: RoundState
    open_attempt: ExamAttempt | None
    last_attempt: ExamAttempt | None


def exam_standing(
    *, deputy: Deputy, exam: ExamPage, now: datetime | None = None
) -> ExamStanding:
    """A deputy's attempts at an exam and what they may do now (3 queries)."""
    now = now or timezone.now()
    attempts = list(
        ExamAttempt.objects.filter(deputy=deputy, exam=exam).order_by("number")
    )
    submitted = [a for a in attempts if a.submitted_at is not None]
    state = round_state(
        attempts=[a.submitted_at for a in submitted if a.submitted_at],
        grants=AttemptGrant.objects.filter(deputy=deputy, exam=exam).values_list(
            "granted_at", "attempts"
        ),
        per_round=exam.attempts_per_round,
        cooldown=timedelta(hours=exam.cooldown_hours),
        now=now,
    )
    scores = [a.score for a in submitted if a.score is not None]
    return ExamStanding(
        passed=any(a.passed for a in submitted),
        best_score=max(scores) if scores else None,
        state=state,
        open_attempt=next((a for a in attempts if a.submitted_at is None), None),
        last_attempt=submitted[-1] if submitted else None,
    )


def exam_page_context(*, exam: ExamPage, user: AnyUser) -> dict:
    """What the exam page shows: rules, and for a deputy the attempt or its review."""
    deputy = deputy_for_user(user)
    context: dict = {
        "course": CoursePage.objects.parent_of(exam).first(),
        "can_study": user.is_authenticated,
        "deputy": deputy,
        "standing": None,
    }
    if deputy is None:
        return context
    now = timezone.now()
    standing = exam_standing(deputy=deputy, exam=exam, now=now)
    context["standing"] = standing
    context["start_action"] = reverse("courses:exam_start", args=[exam.pk])
    context["submit_action"] = reverse("courses:exam_submit", args=[exam.pk])
    attempt = standing.open_attempt
    if attempt is not None:
        context["questions"] = attempt_questions_for_display(attempt)
        context["seconds_left"] = max(0, int((attempt.deadline - now).total_seconds()))
        context["expired"] = now > attempt.deadline + GRACE
    elif standing.last_attempt is not None:
        context["review"] = attempt_review(standing.last_attempt)
    return context


@dataclass
class ExamResult:
    exam_title: str
    attempts: int
    best_score: int | None
    passed: bool
    last_at: datetime | None


def deputy_exam_results(*, deputy: Deputy) -> list[ExamResult]:
    """The deputy's exams for the record: best score, attempts, passed (1 query)."""
    results: dict[int, ExamResult] = {}
    for attempt in (
        ExamAttempt.objects.filter(deputy=deputy, submitted_at__isnull=False)
        .select_related("exam")
        .order_by("exam_id", "number")
    ):
        result = results.get(attempt.exam_id)
        if result is None:
            result = results[attempt.exam_id] = ExamResult(
                exam_title=attempt.exam.title,
                attempts=0,
                best_score=None,
                passed=False,
                last_at=None,
            )
        result.attempts += 1
        result.best_score = max(result.best_score or 0, attempt.score or 0)
        result.passed = result.passed or attempt.passed
        result.last_at = attempt.submitted_at
    return list(results.values())


@dataclass
class Waiting:
    """A quiz or exam the deputy has not passed, for the record's grant form."""

    kind: str  # "quiz" or "exam"
    title: str
    attempts_used: int
    attempts_left: int
    opens_at: datetime | None
    module_id: int | None = None
    block_id: str = ""
    exam_id: int | None = None


def deputy_unpassed_attempts(*, deputy: Deputy) -> list[Waiting]:
    """Quizzes and exams tried and not passed, with their rounds (5 queries)."""
    now = timezone.now()
    module_ids = set(
        QuizAttempt.objects.filter(deputy=deputy).values_list("module_id", flat=True)
    )
    modules = list(ModulePage.objects.filter(pk__in=module_ids).order_by("path"))
    waiting: list[Waiting] = []
    states = quiz_states_for(deputy=deputy, modules=modules, now=now)
    for module in modules:
        for block in module.quizzes:
            state = states[module.pk, block.id]
            if state.passed or not state.attempts_used:
                continue
            waiting.append(
                Waiting(
                    kind="quiz",
                    title=f"{module.title} · {block.value['title']}",
                    attempts_used=state.attempts_used,
                    attempts_left=state.attempts_left,
                    opens_at=state.opens_at,
                    module_id=module.pk,
                    block_id=block.id,
                )
            )
    attempts: dict[int, list[ExamAttempt]] = {}
    for attempt in ExamAttempt.objects.filter(
        deputy=deputy, submitted_at__isnull=False
    ).select_related("exam"):
        attempts.setdefault(attempt.exam_id, []).append(attempt)
    grants: dict[int, list] = {}
    for exam_id, at, count in AttemptGrant.objects.filter(
        deputy=deputy, exam_id__in=list(attempts)
    ).values_list("exam_id", "granted_at", "attempts"):
        grants.setdefault(exam_id, []).append((at, count))
    for exam_id, rows in attempts.items():
        if any(a.passed for a in rows):
            continue
        exam = rows[0].exam
        exam_state = round_state(
            attempts=[a.submitted_at for a in rows if a.submitted_at],
            grants=grants.get(exam_id, []),
            per_round=exam.attempts_per_round,
            cooldown=timedelta(hours=exam.cooldown_hours),
            now=now,
        )
        waiting.append(
            Waiting(
                kind="exam",
                title=exam.title,
                attempts_used=len(rows),
                attempts_left=exam_state.attempts_left,
                opens_at=exam_state.opens_at,
                exam_id=exam_id,
            )
        )
    return waiting

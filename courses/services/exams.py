"""Course exams: starting an attempt (drawing, shuffling) and submitting it.

The time limit is the server's: an attempt's deadline is fixed when it starts, and
answers that arrive later than the deadline and a short grace are not counted (the
attempt closes as at its deadline).
"""

import random
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import CoursePage, ExamAttempt, ExamPage, Question
from courses.selectors.exams import GRACE, exam_standing
from courses.selectors.rounds import quiz_wait_message
from courses.services.progress import course_enrol, enrolment_refresh
from people.models import Deputy

_random = random.SystemRandom()


def _snapshot(question: Question) -> dict:
    """A drawn question with its options shuffled (true/false keeps its order)."""
    options = question.options
    order = list(range(len(options)))
    if question.kind != Question.Kind.TRUE_FALSE:
        _random.shuffle(order)
    correct = set(question.correct_indexes)
    return {
        "id": question.pk,
        "kind": question.kind,
        "prompt": question.prompt,
        "options": [options[i] for i in order],
        "correct": [shown for shown, i in enumerate(order) if i in correct],
        "explanation": question.explanation,
    }


def exam_draw(*, exam: ExamPage) -> list[dict]:
    """N questions drawn at random from the exam's bank, options shuffled."""
    ids = list(
        Question.objects.filter(bank_id=exam.bank_id).values_list("pk", flat=True)
    )
    if not ids:
        raise ValidationError(_("This exam has no questions yet."))
    chosen = _random.sample(ids, min(exam.question_count, len(ids)))
    questions = Question.objects.in_bulk(chosen)
    return [_snapshot(questions[pk]) for pk in chosen]


@transaction.atomic
def exam_start(
    *, deputy: Deputy, exam: ExamPage, now: datetime | None = None
) -> ExamAttempt:
    """Start an attempt, or return the one under way; refused while a round waits."""
    now = now or timezone.now()
    Deputy.objects.select_for_update().filter(pk=deputy.pk).first()
    standing = exam_standing(deputy=deputy, exam=exam, now=now)
    if standing.open_attempt is not None:
        if now <= standing.open_attempt.deadline + GRACE:
            return standing.open_attempt
        exam_submit(deputy=deputy, exam=exam, answers={}, now=now)
        standing = exam_standing(deputy=deputy, exam=exam, now=now)
    if standing.passed:
        raise ValidationError(_("You have already passed this exam."))
    if standing.state.attempts_left <= 0:
        raise ValidationError(quiz_wait_message(standing.state.opens_at))
    course = CoursePage.objects.parent_of(exam).get()
    course_enrol(deputy=deputy, course=course)
    number = (standing.last_attempt.number if standing.last_attempt else 0) + 1
    try:
        with transaction.atomic():
            return ExamAttempt.objects.create(
                deputy=deputy,
                exam=exam,
                number=number,
                started_at=now,
                deadline=now + timedelta(minutes=exam.time_limit_minutes),
                questions=exam_draw(exam=exam),
            )
    except IntegrityError:
        return ExamAttempt.objects.get(deputy=deputy, exam=exam, submitted_at=None)


def _grade(questions: list[dict], answers: dict[int, set[int]]) -> int:
    right = sum(
        1
        for index, question in enumerate(questions)
        if answers.get(index, set()) == set(question["correct"])
    )
    return round(100 * right / len(questions)) if questions else 0


@transaction.atomic
def exam_submit(
    *,
    deputy: Deputy,
    exam: ExamPage,
    answers: dict[int, set[int]],
    now: datetime | None = None,
) -> ExamAttempt:
    """Grade the attempt under way once; late answers are not counted."""
    now = now or timezone.now()
    attempt = (
        ExamAttempt.objects.select_for_update()
        .filter(deputy=deputy, exam=exam, submitted_at__isnull=True)
        .first()
    )
    if attempt is None:
        raise ValidationError(
            _("This attempt has already been submitted; start a new one if you may.")
        )
    late = now > attempt.deadline + GRACE
    if late:
        answers = {}
    count = len(attempt.questions)
    kept = {
        str(index): sorted(chosen)
        for index, chosen in answers.items()
        if 0 <= index < count
    }
    attempt.answers = kept
    attempt.score = _grade(attempt.questions, {int(k): set(v) for k, v in kept.items()})
    attempt.passed = attempt.score >= exam.pass_mark
    attempt.late = late
    attempt.submitted_at = attempt.deadline if late else now
    attempt.save(update_fields=["answers", "score", "passed", "late", "submitted_at"])
    if attempt.passed:
        course = CoursePage.objects.parent_of(exam).get()
        course_enrol(deputy=deputy, course=course)
        enrolment_refresh(deputy=deputy, course=course)
    return attempt

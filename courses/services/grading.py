"""Grading a quiz on the server: the browser never sees the answers."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Grade:
    score: int
    passed: bool
    correct_questions: list[int]


def quiz_grade(*, quiz: dict, answers: dict[int, set[int]]) -> Grade:
    """Score (percent of questions exactly right) and whether it passes."""
    questions = list(quiz["questions"])
    correct = []
    for index, question in enumerate(questions):
        expected = {
            i for i, choice in enumerate(question["choices"]) if choice["correct"]
        }
        if answers.get(index, set()) == expected:
            correct.append(index)
    score = round(100 * len(correct) / len(questions)) if questions else 0
    return Grade(
        score=score, passed=score >= quiz["pass_mark"], correct_questions=correct
    )

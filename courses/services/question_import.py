"""Questions from an XLSX (or CSV) template into a bank: all rows or none.

The file is read through the roster's bounded reader (archive sizes, columns and
cell lengths capped, rows streamed), with a row cap of its own. A file with any bad
row imports nothing and names every bad row.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from courses.models import Question, QuestionBank
from courses.models.exams import OPTION_LETTERS
from infrastructure.exports import tables_to_xlsx
from people.services.roster_files import RosterFileError, roster_rows

MAX_QUESTIONS_PER_FILE = 2000

HEADER = ["题型", "题干", *[f"选项{c}" for c in OPTION_LETTERS], "答案", "解析"]
COLUMNS = {
    "题型": "kind",
    "kind": "kind",
    "题干": "prompt",
    "prompt": "prompt",
    "答案": "answer",
    "answer": "answer",
    "解析": "explanation",
    "explanation": "explanation",
    **{f"选项{c}": f"option_{c.lower()}" for c in OPTION_LETTERS},
    **{f"option_{c.lower()}": f"option_{c.lower()}" for c in OPTION_LETTERS},
}
KINDS = {
    "单选": Question.Kind.SINGLE,
    "单选题": Question.Kind.SINGLE,
    "single": Question.Kind.SINGLE,
    "多选": Question.Kind.MULTIPLE,
    "多选题": Question.Kind.MULTIPLE,
    "multiple": Question.Kind.MULTIPLE,
    "判断": Question.Kind.TRUE_FALSE,
    "判断题": Question.Kind.TRUE_FALSE,
    "truefalse": Question.Kind.TRUE_FALSE,
}
TRUE_FALSE = {"对": "A", "正确": "A", "√": "A", "T": "A", "TRUE": "A", "A": "A"}
TRUE_FALSE |= {"错": "B", "错误": "B", "×": "B", "F": "B", "FALSE": "B", "B": "B"}

EXAMPLES = [
    [
        "单选",
        "代表大会每届任期几年？",
        "三年",
        "四年",
        "五年",
        "六年",
        "",
        "",
        "C",
        "宪法规定每届任期五年。",
    ],
    [
        "多选",
        "代表的权利包括哪些？",
        "提出议案",
        "提出建议",
        "审议报告",
        "",
        "",
        "",
        "ABC",
        "",
    ],
    ["判断", "代表建议应在交办之日起三个月内答复。", "", "", "", "", "", "", "对", ""],
]


@dataclass
class RowError:
    row: int
    message: str


class QuestionImportError(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(f"{e.row}: {e.message}" for e in errors))
        self.errors = errors


def question_template_xlsx() -> bytes:
    """The template editors fill in: the header and three example rows."""
    return tables_to_xlsx([("题库", HEADER, EXAMPLES)])


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _question(bank: QuestionBank, values: dict[str, str]) -> Question:
    kind = KINDS.get(values.get("kind", "").lower())
    if kind is None:
        raise ValidationError(_("The kind must be 单选, 多选 or 判断."))
    answer = values.get("answer", "").upper().replace(" ", "").replace(",", "")
    if kind == Question.Kind.TRUE_FALSE:
        answer = TRUE_FALSE.get(answer, "")
        if not answer:
            raise ValidationError(_("A true-or-false answer is 对 or 错."))
    question = Question(
        bank=bank,
        kind=kind,
        answer=answer,
        **{k: v for k, v in values.items() if k not in {"kind", "answer"}},
    )
    question.full_clean(exclude=["bank"])
    return question


def _headers(row: list) -> list[str | None]:
    fields = [
        COLUMNS.get(_text(cell)) or COLUMNS.get(_text(cell).lower()) for cell in row
    ]
    missing = {"kind", "prompt", "answer"} - set(fields)
    if missing:
        raise QuestionImportError(
            [RowError(1, _("The header must name the columns 题型, 题干 and 答案."))]
        )
    return fields


@transaction.atomic
def questions_import(*, bank: QuestionBank, content: bytes, filename: str) -> int:
    """Add the file's questions to the bank; any bad row and nothing is added."""
    try:
        rows = roster_rows(content=content, filename=filename)
        header = next(rows, None)
        if header is None:
            raise QuestionImportError([RowError(1, _("The file is empty."))])
        fields = _headers(header)
        questions, errors = [], []
        for number, row in enumerate(rows, start=2):
            if number - 1 > MAX_QUESTIONS_PER_FILE:
                raise QuestionImportError(
                    [
                        RowError(
                            number,
                            _("A file holds at most %(max)d questions.")
                            % {"max": MAX_QUESTIONS_PER_FILE},
                        )
                    ]
                )
            values = {
                field: _text(cell)
                for field, cell in zip(fields, row, strict=False)
                if field
            }
            if not any(values.values()):
                continue  # a blank line
            try:
                questions.append(_question(bank, values))
            except ValidationError as error:
                errors.append(RowError(number, " ".join(error.messages)))
    except RosterFileError as error:
        raise QuestionImportError([RowError(0, str(error))]) from error
    if errors:
        raise QuestionImportError(errors)
    if not questions:
        raise QuestionImportError([RowError(2, _("The file holds no question."))])
    Question.objects.bulk_create(questions)
    return len(questions)

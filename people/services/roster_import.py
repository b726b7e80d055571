"""deputies_import: the roster from a CSV or XLSX file, all rows or none."""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from infrastructure.text import (
    describe_characters,
    text_match_key,
    text_normalise,
    unsafe_characters,
)
from people.models import Delegation, Deputy, Gender, Level, Term
from people.selectors import delegation_closest, delegations_by_name
from people.services.roster_files import RosterFileError, roster_rows
from people.signals import roster_changed

# Header names accepted for each field, Chinese or English, compared after trimming.
COLUMNS = {
    "deputy_no": ["代表证号", "deputy_no"],
    "name": ["姓名", "name"],
    "gender": ["性别", "gender"],
    "delegation": ["代表团", "delegation"],
    "level": ["层级", "level"],
    "term": ["届次", "term"],
    "newly_elected": ["是否新任", "newly_elected"],
    "elected_on": ["当选日期", "elected_on"],
    "phone": ["手机", "phone"],
    "email": ["邮箱", "email"],
}
REQUIRED_COLUMNS = ["deputy_no", "name", "delegation", "term"]
UPDATABLE_FIELDS = [
    "name",
    "gender",
    "delegation_id",
    "level",
    "newly_elected",
    "elected_on",
    "phone",
    "email",
]

TRUE_VALUES = {"是", "true", "1", "yes", "y", "t"}
FALSE_VALUES = {"否", "false", "0", "no", "n", "f", ""}
GENDERS = {
    "男": Gender.MALE,
    "m": Gender.MALE,
    "male": Gender.MALE,
    "女": Gender.FEMALE,
    "f": Gender.FEMALE,
    "female": Gender.FEMALE,
    "": "",
}
LEVELS = {
    "全国": Level.NATIONAL,
    "national": Level.NATIONAL,
    "市": Level.MUNICIPAL,
    "市级": Level.MUNICIPAL,
    "municipal": Level.MUNICIPAL,
    "区": Level.DISTRICT,
    "区级": Level.DISTRICT,
    "district": Level.DISTRICT,
    "": Level.MUNICIPAL,
}
CHINESE_DIGITS = {
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def _max_length(model: type[models.Model], field_name: str) -> int:
    field = model._meta.get_field(field_name)
    assert isinstance(field, models.CharField) and field.max_length  # noqa: S101
    return field.max_length


# The longest value each text column may hold: the length of the field it goes to.
MAX_LENGTHS = {
    "deputy_no": _max_length(Deputy, "deputy_no"),
    "name": _max_length(Deputy, "name"),
    "delegation": _max_length(Delegation, "name"),
    "phone": _max_length(Deputy, "phone"),
    "email": _max_length(Deputy, "email"),
}
# Digits, spaces and hyphens, "+" first if any; no longer than the column, "+" included.
PHONE = re.compile(rf"^(?=.{{1,{MAX_LENGTHS['phone']}}}$)\+?[0-9][0-9 \-]{{4,}}$")


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("row %(row)d, column %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def clean_text(value: object) -> str:
    """NFC, trimmed of ASCII and full-width spaces; Excel numbers become digits."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return text_normalise(str(value).replace("\ufeff", ""))


# A bad value is echoed back in the preview only as a short excerpt.
EXCERPT_CHARS = 40


def excerpt(value: object) -> str:
    text = str(value)
    return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS] + "…"


def parse_term_number(text: str) -> int | None:
    text = text.strip()
    if text.isdigit():
        return int(text)
    match = re.fullmatch(r"第?([一二三四五六七八九十]{1,3})届?", text)
    if not match:
        return None
    numeral = match.group(1)
    if "十" not in numeral:
        return CHINESE_DIGITS.get(numeral) if len(numeral) == 1 else None
    tens, _sep, units = numeral.partition("十")
    if len(tens) > 1 or len(units) > 1:
        return None
    return (CHINESE_DIGITS[tens] if tens else 1) * 10 + (
        CHINESE_DIGITS[units] if units else 0
    )


def map_header(header: list) -> dict[str, int]:
    names = {
        alias.lower(): key for key, aliases in COLUMNS.items() for alias in aliases
    }
    mapping: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = names.get(clean_text(cell).lower())
        if key is None:
            continue
        if key in mapping:
            raise RosterFileError(
                _("The column %(column)s appears twice.") % {"column": clean_text(cell)}
            )
        mapping[key] = index
    missing = [COLUMNS[key][0] for key in REQUIRED_COLUMNS if key not in mapping]
    if missing:
        raise RosterFileError(
            _("Missing columns: %(columns)s.") % {"columns": "、".join(missing)}
        )
    return mapping


def parse_date(value: object) -> date | None:
    """A date from YYYY-MM-DD text or an Excel date cell; ValueError otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        from openpyxl.utils.datetime import from_excel

        return from_excel(value).date()
    text = clean_text(value)
    if not text:
        return None
    if not re.fullmatch(r"\d{4}[-/]\d{1,2}[-/]\d{1,2}", text):
        raise ValueError(text)
    year, month, day = (int(part) for part in re.split(r"[-/]", text))
    return date(year, month, day)


def unknown_delegation(name: str, names: dict[str, Delegation]) -> str:
    """The error for a delegation no name or alias matches, with the closest one."""
    closest = delegation_closest(name, names)
    if closest is None:
        return _("unknown delegation “%(value)s”") % {"value": excerpt(name)}
    return _("unknown delegation “%(value)s”; did you mean “%(suggestion)s”?") % {
        "value": excerpt(name),
        "suggestion": closest.name,
    }


@dataclass
class ParsedRow:
    row: int
    values: dict


# Elections for a term are held up to a year before it begins.
ELECTION_LEAD = timedelta(days=366)


def _plausible_election(elected_on: date, term: Term) -> bool:
    return term.starts_on - ELECTION_LEAD <= elected_on <= term.ends_on


def parse_row(
    number: int, cells: list, mapping: dict[str, int], lookups: dict
) -> tuple[dict, list[RowError]]:
    def cell(key: str) -> object:
        index = mapping.get(key)
        return cells[index] if index is not None and index < len(cells) else None

    errors: list[RowError] = []

    def fail(key: str, message: str) -> None:
        errors.append(RowError(number, COLUMNS[key][0], message))

    def within_limit(key: str, value: str) -> bool:
        """Whether the value fits its column; when not, the row's error says so."""
        if len(value) <= MAX_LENGTHS[key]:
            return True
        fail(
            key,
            _("is longer than %(limit)d characters") % {"limit": MAX_LENGTHS[key]},
        )
        return False

    def hidden_characters(key: str, value: str) -> bool:
        """Refuse characters that hide or reorder text, naming their code points."""
        bad = unsafe_characters(value)
        if bad:
            fail(
                key,
                _("contains characters that cannot be used: %(chars)s")
                % {"chars": describe_characters(bad)},
            )
        return bool(bad)

    values: dict = {}
    for key in ("deputy_no", "name", "delegation", "phone", "email"):
        hidden_characters(key, clean_text(cell(key)))
    values["deputy_no"] = clean_text(cell("deputy_no"))
    if not values["deputy_no"]:
        fail("deputy_no", _("is empty"))
    else:
        within_limit("deputy_no", values["deputy_no"])
    values["name"] = clean_text(cell("name"))
    if not values["name"]:
        fail("name", _("is empty"))
    else:
        within_limit("name", values["name"])

    delegation_name = clean_text(cell("delegation"))
    delegation = lookups["delegations"].get(text_match_key(delegation_name))
    if not delegation_name:
        fail("delegation", _("is empty"))
    elif within_limit("delegation", delegation_name) and delegation is None:
        fail("delegation", unknown_delegation(delegation_name, lookups["delegations"]))
    values["delegation_id"] = delegation.pk if delegation else None

    term_text = clean_text(cell("term"))
    term = lookups["terms"].get(parse_term_number(term_text)) if term_text else None
    if term is None:
        fail(
            "term",
            _("unknown term “%(value)s”") % {"value": excerpt(term_text)}
            if term_text
            else _("is empty"),
        )
    values["term_id"] = term.pk if term else None

    gender = clean_text(cell("gender")).lower()
    if gender not in GENDERS:
        fail("gender", _("“%(value)s” is not 男 or 女") % {"value": excerpt(gender)})
    values["gender"] = GENDERS.get(gender, "")

    level = clean_text(cell("level")).lower()
    if level not in LEVELS:
        fail(
            "level",
            _("“%(value)s” is not 全国, 市级 or 区级") % {"value": excerpt(level)},
        )
    values["level"] = LEVELS.get(level, Level.MUNICIPAL)

    newly = clean_text(cell("newly_elected")).lower()
    if newly in TRUE_VALUES:
        values["newly_elected"] = True
    elif newly in FALSE_VALUES:
        values["newly_elected"] = False
    else:
        fail(
            "newly_elected",
            _("“%(value)s” is not 是 or 否") % {"value": excerpt(newly)},
        )

    try:
        values["elected_on"] = parse_date(cell("elected_on"))
        if (
            values["elected_on"]
            and term
            and not _plausible_election(values["elected_on"], term)
        ):
            fail(
                "elected_on",
                _("%(date)s is outside the term %(term)s (%(start)s to %(end)s)")
                % {
                    "date": values["elected_on"].isoformat(),
                    "term": term.name,
                    "start": term.starts_on.isoformat(),
                    "end": term.ends_on.isoformat(),
                },
            )
    except (ValueError, OverflowError):
        fail(
            "elected_on",
            _("“%(value)s” is not a date (YYYY-MM-DD)")
            % {"value": excerpt(clean_text(cell("elected_on")))},
        )
        values["elected_on"] = None

    phone = values["phone"] = clean_text(cell("phone"))
    if phone and within_limit("phone", phone) and not PHONE.match(phone):
        fail(
            "phone", _("“%(value)s” is not a phone number") % {"value": excerpt(phone)}
        )
    email = values["email"] = clean_text(cell("email")).lower()
    if email and within_limit("email", email):
        try:
            validate_email(email)
        except ValidationError:
            fail(
                "email",
                _("“%(value)s” is not an email address")
                % {"value": excerpt(values["email"])},
            )
    return values, errors


def parse_roster(
    *, content: bytes, filename: str
) -> tuple[list[ParsedRow], list[RowError]]:
    """Every row parsed and checked; nothing is written."""
    rows = list(roster_rows(content=content, filename=filename))
    while rows and not any(clean_text(c) for c in rows[-1]):
        rows.pop()
    if not rows:
        raise RosterFileError(_("The file is empty."))
    mapping = map_header(rows[0])
    lookups = {
        "delegations": delegations_by_name(),
        "terms": {t.number: t for t in Term.objects.all()},
    }
    parsed: list[ParsedRow] = []
    errors: list[RowError] = []
    seen: dict[tuple, int] = {}
    for number, cells in enumerate(rows[1:], start=2):
        if not any(clean_text(c) for c in cells):
            continue
        values, row_errors = parse_row(number, list(cells), mapping, lookups)
        key = (values["term_id"], values["deputy_no"])
        if values["deputy_no"] and key in seen:
            row_errors.append(
                RowError(
                    number,
                    COLUMNS["deputy_no"][0],
                    _("duplicate deputy number, also in row %(row)d")
                    % {"row": seen[key]},
                )
            )
        seen.setdefault(key, number)
        errors.extend(row_errors)
        parsed.append(ParsedRow(number, values))
    if not parsed and not errors:
        raise RosterFileError(_("The file has a header but no deputies."))
    return parsed, errors


@transaction.atomic
def deputies_import(
    *, content: bytes, filename: str, dry_run: bool = False
) -> ImportResult:
    """Create or update deputies by number; a file with any bad row writes nothing."""
    parsed, errors = parse_roster(content=content, filename=filename)
    result = ImportResult(rows=len(parsed), errors=errors, dry_run=dry_run)
    if errors:
        return result
    term_ids = {row.values["term_id"] for row in parsed}
    existing = {
        (d.term_id, d.deputy_no): d
        for d in Deputy.objects.select_for_update().filter(term_id__in=term_ids)
    }
    to_create, to_update = [], []
    now = timezone.now()
    for row in parsed:
        deputy = existing.get((row.values["term_id"], row.values["deputy_no"]))
        if deputy is None:
            to_create.append(Deputy(**row.values))
            continue
        changed = [f for f in UPDATABLE_FIELDS if getattr(deputy, f) != row.values[f]]
        if changed:
            deputy.updated_at = now
            for f in UPDATABLE_FIELDS:
                setattr(deputy, f, row.values[f])
            to_update.append(deputy)
    result.created, result.updated = len(to_create), len(to_update)
    result.unchanged = len(parsed) - len(to_create) - len(to_update)
    if dry_run:
        return result
    Deputy.objects.bulk_create(to_create, batch_size=500)
    Deputy.objects.bulk_update(
        to_update, [*UPDATABLE_FIELDS, "updated_at"], batch_size=500
    )
    if to_create or to_update:
        # Learning follows the roster (cohort enrolments) through this signal.
        ids = sorted(term_ids)
        transaction.on_commit(lambda: roster_changed.send(sender=Deputy, term_ids=ids))
    return result

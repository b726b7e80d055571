"""A delegation is found by its official name or any other name a roster uses."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from people.models import DelegationAlias, Deputy, natural_aliases
from people.services.roster_import import deputies_import
from tests.factories.roster import DelegationFactory, TermFactory
from tests.html import visible_text

pytestmark = pytest.mark.django_db

HEADER = "代表证号,姓名,性别,代表团,层级,届次,是否新任"


def roster(*lines: str) -> bytes:
    return ("\n".join([HEADER, *lines]) + "\n").encode()


@pytest.fixture
def huangpu(db):
    TermFactory()
    delegation = DelegationFactory(name="黄浦区代表团")
    for alias in natural_aliases(delegation.name):
        DelegationAlias.objects.create(delegation=delegation, name=alias)
    return delegation


@pytest.fixture
def xuhui(db):
    delegation = DelegationFactory(name="徐汇区代表团")
    DelegationAlias.objects.create(delegation=delegation, name="徐汇区")
    return delegation


def test_natural_aliases_drop_the_delegation_and_the_district_suffixes():
    assert natural_aliases("黄浦区代表团") == ["黄浦区", "黄浦"]
    assert natural_aliases("黄浦区") == ["黄浦区代表团", "黄浦"]
    assert natural_aliases("浦东新区代表团") == ["浦东新区", "浦东"]
    assert natural_aliases("解放军代表团") == ["解放军"]


def test_a_roster_written_either_way_imports_into_one_delegation(huangpu, xuhui):
    content = roster(
        "16-0001,张明,男,黄浦区代表团,市级,16,是",
        "16-0002,李华,女,黄浦区,市,16,是",
        "16-0003,王芳,女,黄浦,市,16,否",
        # Spaces inside and full-width spaces around are ignored.
        "16-0004,赵强,男,\u3000黄浦 区\u3000,市,16,否",
    )
    result = deputies_import(content=content, filename="roster.csv")
    assert result.ok, [str(error) for error in result.errors]
    assert result.created == 4
    assert set(Deputy.objects.values_list("delegation__name", flat=True)) == {
        "黄浦区代表团"
    }


def test_an_unknown_delegation_is_refused_with_the_closest_one_suggested(
    huangpu, xuhui
):
    content = roster(
        "16-0001,张明,男,黄浦区代表团,市,16,是",
        "16-0002,李华,女,黄埔区代表团,市,16,是",
    )
    result = deputies_import(content=content, filename="roster.csv")
    assert [(e.row, e.column) for e in result.errors] == [(3, "代表团")]
    message = str(result.errors[0])
    assert "黄埔区代表团" in message and "黄浦区代表团" in message
    assert "徐汇" not in message
    # The good row is not imported either.
    assert not Deputy.objects.exists()


def test_a_name_like_no_delegation_is_refused_without_a_guess(huangpu, xuhui):
    result = deputies_import(
        content=roster("16-0001,张明,男,火星,市,16,是"), filename="roster.csv"
    )
    message = str(result.errors[0])
    assert "火星" in message
    assert "黄浦区代表团" not in message and "徐汇区代表团" not in message
    assert not Deputy.objects.exists()


def test_an_alias_already_held_by_another_delegation_is_refused(huangpu, xuhui):
    taken = DelegationAlias(delegation=xuhui, name=" 黄浦 ")
    with pytest.raises(ValidationError) as refused:
        taken.full_clean()
    assert "黄浦区代表团" in " ".join(refused.value.messages)
    # An alias may not repeat another delegation's official name either.
    with pytest.raises(ValidationError, match="黄浦区代表团"):
        DelegationAlias(delegation=xuhui, name="黄浦区代表团").full_clean()
    # Behind the form check, the database refuses a duplicate alias.
    with pytest.raises(IntegrityError), transaction.atomic():
        DelegationAlias.objects.create(delegation=xuhui, name="黄浦")


@pytest.fixture
def city_trainer(client):
    user = get_user_model().objects.create_user("trainer", password="pw-staff-123")
    user.groups.add(Group.objects.get(name="培训管理员"))
    client.force_login(user)
    return user


def _delegation_form(delegation, aliases: list[str]) -> dict:
    existing = list(delegation.aliases.order_by("pk"))
    data = {
        "name": delegation.name,
        "parent": "",
        "sort_order": delegation.sort_order,
        "aliases-TOTAL_FORMS": len(existing) + len(aliases),
        "aliases-INITIAL_FORMS": len(existing),
        "aliases-MIN_NUM_FORMS": 0,
        "aliases-MAX_NUM_FORMS": 1000,
    }
    for index, alias in enumerate(existing):
        data |= {
            f"aliases-{index}-id": alias.pk,
            f"aliases-{index}-name": alias.name,
            f"aliases-{index}-ORDER": index + 1,
            f"aliases-{index}-DELETE": "",
        }
    for offset, name in enumerate(aliases, start=len(existing)):
        data |= {
            f"aliases-{offset}-id": "",
            f"aliases-{offset}-name": name,
            f"aliases-{offset}-ORDER": offset + 1,
            f"aliases-{offset}-DELETE": "",
        }
    return data


def test_training_office_adds_an_alias_in_the_admin(client, city_trainer, xuhui):
    response = client.post(
        f"/admin/delegations/edit/{xuhui.pk}/", _delegation_form(xuhui, ["徐 汇"])
    )
    assert response.status_code == 302
    assert set(xuhui.aliases.values_list("name", flat=True)) == {"徐汇区", "徐汇"}


def test_the_admin_names_the_delegation_holding_an_alias(
    client, city_trainer, huangpu, xuhui
):
    response = client.post(
        f"/admin/delegations/edit/{xuhui.pk}/", _delegation_form(xuhui, ["黄浦区"])
    )
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert "“黄浦区”已是黄浦区代表团的名称" in text
    # What was typed stays in the form; nothing was saved.
    assert 'value="黄浦区"' in response.content.decode()
    assert set(xuhui.aliases.values_list("name", flat=True)) == {"徐汇区"}


def test_a_delegation_cannot_be_renamed_to_another_s_alias(
    client, city_trainer, huangpu, xuhui
):
    data = _delegation_form(xuhui, []) | {"name": "黄浦"}
    response = client.post(f"/admin/delegations/edit/{xuhui.pk}/", data)
    assert response.status_code == 200
    assert "黄浦区代表团" in visible_text(response.content.decode())
    xuhui.refresh_from_db()
    assert xuhui.name == "徐汇区代表团"

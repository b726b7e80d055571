"""Certificate wording is a small placeholder language, not a Python format string."""

import time

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from certificates.models import CertificateTemplate
from certificates.services import SAMPLE_FACTS, printed_facts
from certificates.wording import fill_wording, validate_wording
from cms.groups import TRAINING_ADMINISTRATORS

ABUSES = [
    "{name.__class__.__mro__}",
    "{name.__init__.__globals__}",
    "{0}",
    "{}",
    "{name:>20000000}",
    "{name!r}",
    "{programme[0]}",
    "{hours.real}",
]


@pytest.mark.parametrize("wording", ABUSES)
def test_abusive_placeholders_are_refused_naming_them(wording):
    with pytest.raises(ValidationError) as refused:
        validate_wording(f"{wording}同志：完成学习。")
    assert wording in " ".join(refused.value.messages)


@pytest.mark.parametrize("wording", ["{name 同志", "完成} 学习", "{{name}"])
def test_stray_braces_are_refused(wording):
    with pytest.raises(ValidationError):
        validate_wording(wording)


def test_known_placeholders_and_escaped_braces_are_filled():
    text = "{name}代表于{start_date}至{end_date}参加{programme}，共{hours}学时。{{附}}"
    validate_wording(text)
    assert fill_wording(text, SAMPLE_FACTS) == (
        "张明代表于2023年3月1日至2023年6月30日参加新任代表初任履职学习，共12学时。{附}"
    )


def test_wording_saved_before_the_check_prints_as_written_fast_and_bounded():
    started = time.perf_counter()
    filled = fill_wording("{name:>20000000}{name.__class__}{0}{name}", SAMPLE_FACTS)
    assert time.perf_counter() - started < 0.5
    assert filled == "{name:>20000000}{name.__class__}{0}张明"


def test_a_fact_cannot_make_the_wording_huge():
    filled = fill_wording("{name}" * 5, {**SAMPLE_FACTS, "name": "张" * 100_000})
    assert len(filled) <= 5 * 200


@pytest.mark.django_db
def test_a_template_with_an_unknown_placeholder_does_not_save_in_the_admin(
    client, django_user_model
):
    trainer = django_user_model.objects.create_user("trainer", password="pw-trainer-1")
    trainer.groups.add(Group.objects.get(name=TRAINING_ADMINISTRATORS))
    template = CertificateTemplate.objects.create(name="结业证书")
    original = template.wording
    client.force_login(trainer)
    url = f"/admin/snippets/certificates/certificatetemplate/edit/{template.pk}/"
    response = client.post(
        url,
        {
            "name": template.name,
            "title": template.title,
            "wording": "{name.__class__.__mro__}同志",
            "issuing_body": template.issuing_body,
            "signatory": "",
            "signatory_title": "",
            "border": template.border,
            "orientation": template.orientation,
        },
    )
    assert response.status_code == 200
    assert "{name.__class__.__mro__}" in response.content.decode()
    template.refresh_from_db()
    assert template.wording == original


@pytest.mark.django_db
def test_printed_facts_use_the_safe_language():
    template = CertificateTemplate(name="t", wording="{name}：{programme}")
    facts = printed_facts(
        template=template, facts=SAMPLE_FACTS, serial="S-1", verify_url="https://x/"
    )
    assert facts["wording"] == "张明：新任代表初任履职学习"

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from certificates.models import Certificate
from tests.certificates.conftest import complete_course
from tests.factories.pages import (
    AnnualPlanPageFactory,
    CoursePageFactory,
    ModulePageFactory,
)
from tests.factories.roster import DeputyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def same_slug_next_year(plan, certificate_course):
    """A course of the 2024 plan with the slug of a course of the 2023 plan."""
    course = CoursePageFactory(
        parent=AnnualPlanPageFactory(parent=plan, year=2024),
        title="代表法及实施办法解读（2024）",
        slug=certificate_course.slug,
        awards_certificate=True,
    )
    ModulePageFactory(parent=course, body="[]")
    return course


def test_an_ambiguous_slug_is_refused_naming_every_candidate(
    certificate_course, same_slug_next_year
):
    complete_course(DeputyFactory(), certificate_course)
    with translation.override("en"), pytest.raises(CommandError) as refused:
        call_command("issue_certificates", "--course", certificate_course.slug)
    message = str(refused.value)
    assert certificate_course.slug in message
    for course, plan in [
        (certificate_course, "2023年度培训计划"),
        (same_slug_next_year, "2024年度培训计划"),
    ]:
        assert f"{course.pk} “{course.title}” in {plan} ({plan[:4]})" in message
    assert not Certificate.objects.exists()


def test_a_page_id_picks_one_of_the_courses_sharing_a_slug(
    certificate_course, same_slug_next_year
):
    this_year, next_year = DeputyFactory(), DeputyFactory()
    complete_course(this_year, certificate_course)
    complete_course(next_year, same_slug_next_year)
    call_command("issue_certificates", "--course", str(same_slug_next_year.pk))
    issued = Certificate.objects.get()
    assert (issued.deputy, issued.course_id) == (next_year, same_slug_next_year.pk)


def test_a_slug_only_one_course_has_still_works(certificate_course):
    complete_course(DeputyFactory(), certificate_course)
    call_command("issue_certificates", "--course", certificate_course.slug)
    assert Certificate.objects.filter(course=certificate_course).count() == 1


def test_an_unknown_course_is_refused(certificate_course):
    for value in ["no-such-course", "999999"]:
        with pytest.raises(CommandError, match=value):
            call_command("issue_certificates", "--course", value)

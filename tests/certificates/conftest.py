import pytest

from courses.models import ModulePage
from courses.services.progress import module_open


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def certificate_course(quizless_course):
    quizless_course.awards_certificate = True
    quizless_course.save()
    return quizless_course


def complete_course(deputy, course):
    for module in ModulePage.objects.child_of(course).filter(is_required=True):
        module_open(deputy=deputy, module=module)


@pytest.fixture
def completed(deputy, certificate_course):
    complete_course(deputy, certificate_course)
    return deputy

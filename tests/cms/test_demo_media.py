import pytest

from cms.demo.media import DEMO_COURSE_SLUG, DEMO_MODULE_SLUG, seed_media
from courses.models import ModulePage
from courses.selectors.viewing import module_requirements
from tests.factories.pages import CoursePageFactory

pytestmark = pytest.mark.django_db


def test_the_demo_video_is_made_once_and_put_in_a_module(annual, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    course = CoursePageFactory(parent=annual, slug=DEMO_COURSE_SLUG)
    assert seed_media() == 1
    assert seed_media() == 1
    modules = ModulePage.objects.child_of(course).filter(slug=DEMO_MODULE_SLUG)
    assert modules.count() == 1
    module = modules.get()
    assert not module.is_required  # the demo's progress figures stay as they were
    requirements = module_requirements(module)
    assert list(requirements.media.values()) == [12]
    media = module.body[0].value["media"]
    with media.file.open("rb") as handle:
        assert handle.read(4) == b"\x1a\x45\xdf\xa3"  # a real WebM (EBML) file
    assert media.file.size < 400_000

import pytest

from cms.demo.media import DEMO_COURSE_SLUG, seed_media
from courses.selectors.viewing import module_requirements
from tests.factories.pages import CoursePageFactory, ModulePageFactory

pytestmark = pytest.mark.django_db


def test_the_demo_video_is_made_once_and_put_in_a_module(annual, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    course = CoursePageFactory(parent=annual, slug=DEMO_COURSE_SLUG)
    module = ModulePageFactory(parent=course)
    assert seed_media() == 1
    assert seed_media() == 1
    module.refresh_from_db()
    kinds = [block.block_type for block in module.body]
    assert kinds.count("media") == 1 and kinds[0] == "media"
    assert module.quizzes  # the module keeps its quiz
    assert list(module_requirements(module).media.values()) == [12]
    media = module.body[0].value["media"]
    with media.file.open("rb") as handle:
        assert handle.read(4) == b"\x1a\x45\xdf\xa3"  # a real WebM (EBML) file
    assert media.file.size < 400_000

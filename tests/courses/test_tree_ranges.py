"""Children and descendants of plan pages, found by ranges of the tree path."""

from wagtail.models import Page

from courses.models import AnnualPlanPage, CoursePage, ModulePage
from tests.factories.pages import CoursePageFactory, ModulePageFactory


def _ids(pages) -> set[int]:
    return {page.pk for page in pages}


def test_ranges_find_what_wagtails_prefix_finds(plan, annual, course, module):
    other = CoursePageFactory(parent=annual, title="另一门课程")
    other_module = ModulePageFactory(parent=other, title="另一门课程的模块")
    for model, parent in (
        (ModulePage, course),
        (ModulePage, other),
        (CoursePage, annual),
        (AnnualPlanPage, plan),
    ):
        for inclusive in (False, True):
            ours = model.objects.descendant_of(parent, inclusive=inclusive)
            wagtails = Page.objects.descendant_of(parent, inclusive=inclusive).type(
                model
            )
            assert _ids(ours) == _ids(wagtails), (model, parent, inclusive)
        assert _ids(model.objects.child_of(parent)) == _ids(
            Page.objects.child_of(parent).type(model)
        )
    assert module.pk in _ids(ModulePage.objects.child_of(course))
    assert other_module.pk not in _ids(ModulePage.objects.child_of(course))
    # A course's modules are not children of its annual plan, but descendants.
    assert not ModulePage.objects.child_of(annual).exists()
    assert _ids(ModulePage.objects.descendant_of(annual)) >= {
        module.pk,
        other_module.pk,
    }

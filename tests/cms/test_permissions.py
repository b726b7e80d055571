from wagtail.models import WorkflowPage

from cms.groups import COURSE_EDITORS, PLAN_REVIEW_WORKFLOW, TRAINING_ADMINISTRATORS
from tests.factories.pages import StandardPageFactory


def test_course_editor_can_edit_and_publish_the_plan_tree(editor, plan, course):
    permissions = course.permissions_for_user(editor)
    assert permissions.can_edit()
    assert permissions.can_publish()
    assert plan.permissions_for_user(editor).can_add_subpage()


def test_course_editor_cannot_edit_outside_the_plan_tree(editor, home, plan):
    about = StandardPageFactory(parent=home, title="关于学院")
    assert not about.permissions_for_user(editor).can_edit()
    assert not home.permissions_for_user(editor).can_edit()


def test_course_editor_is_refused_the_edit_view_outside_the_plan(
    client, editor, home, course
):
    about = StandardPageFactory(parent=home, title="关于学院")
    client.force_login(editor)
    assert client.get(f"/admin/pages/{course.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{about.pk}/edit/").status_code in {302, 403}


def test_the_plan_tree_goes_through_the_review_workflow(plan, course):
    assert WorkflowPage.objects.get(page=plan).workflow.name == PLAN_REVIEW_WORKFLOW
    assert course.get_workflow().name == PLAN_REVIEW_WORKFLOW


def test_the_review_workflow_asks_course_editors_or_trainers_to_approve(plan):
    workflow = WorkflowPage.objects.get(page=plan).workflow
    [task] = [task.specific for task in workflow.tasks]
    assert set(task.groups.values_list("name", flat=True)) == {
        COURSE_EDITORS,
        TRAINING_ADMINISTRATORS,
    }

"""Wagtail's default workflow and groups do not sit beside the college's roles."""

from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import (
    GroupApprovalTask,
    Page,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from cms.groups import COURSE_EDITORS, PLAN_REVIEW_WORKFLOW

pytestmark = pytest.mark.django_db

migration = import_module("cms.migrations.0011_leftover_wagtail_defaults")


def _leftover_workflow(page: Page) -> Workflow:
    """The workflow Wagtail's migrations make for its default Moderators group."""
    task = GroupApprovalTask.objects.create(name="Moderators approval")
    workflow = Workflow.objects.create(name="Moderators approval")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(page=page, workflow=workflow)
    return workflow


def test_a_migrated_college_has_only_its_own_workflow_and_groups(course):
    assert set(Workflow.objects.values_list("name", flat=True)) == {
        PLAN_REVIEW_WORKFLOW
    }
    names = set(Group.objects.values_list("name", flat=True))
    assert names.isdisjoint({"Editors", "Moderators"})
    assert {"课程编辑", "培训管理员", "论坛版主"} <= names


def test_the_standard_page_outside_the_plan_goes_through_no_leftover_workflow(home):
    _leftover_workflow(Page.get_first_root_node())
    assert home.get_workflow().name == "Moderators approval"

    migration.forwards(apps, None)

    assert home.get_workflow() is None
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert not Task.objects.filter(name="Moderators approval").exists()


def test_a_leftover_workflow_pages_went_through_is_kept_disabled(home):
    # A course editor (课程编辑) once sent the home page through the old workflow.
    editor = get_user_model().objects.create_user("old-editor")
    editor.groups.add(Group.objects.get(name=COURSE_EDITORS))
    workflow = _leftover_workflow(Page.get_first_root_node())
    home.save_revision(user=editor)
    workflow.start(home, editor)

    migration.forwards(apps, None)

    workflow.refresh_from_db()
    assert (workflow.name, workflow.active) == (migration.DISABLED_WORKFLOW, False)
    assert home.get_workflow() is None
    assert home.workflow_states.count() == 1  # its history stays


def test_leftover_groups_go_or_are_renamed_when_someone_is_still_in_them(db):
    member = get_user_model().objects.create_user("still-in-editors")
    Group.objects.create(name="Editors").user_set.add(member)
    Group.objects.create(name="Moderators")

    migration.forwards(apps, None)

    names = set(Group.objects.values_list("name", flat=True))
    assert "Moderators" not in names and "Editors" not in names
    assert member.groups.get().name == migration.LEFTOVER_GROUPS["Editors"]

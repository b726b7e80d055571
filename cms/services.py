"""Writes that set up the college's editorial rules."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from cms.groups import COURSE_EDITORS, PLAN_REVIEW_WORKFLOW, TRAINING_ADMINISTRATORS

PLAN_EDITOR_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
]


@transaction.atomic
def plan_workflow_get_or_create() -> Workflow:
    """The plan tree's review workflow: a course editor approves before it goes live."""
    workflow, _ = Workflow.objects.get_or_create(name=PLAN_REVIEW_WORKFLOW)
    # Through the model's manager: the parental relation's create() keeps the row
    # in memory only, and a workflow without a task approves nothing.
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        task, created = GroupApprovalTask.objects.get_or_create(
            name=COURSE_EDITORS + "审核"
        )
        if created:
            task.groups.set(
                Group.objects.filter(name__in=[COURSE_EDITORS, TRAINING_ADMINISTRATORS])
            )
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


@transaction.atomic
def plan_editors_grant(*, plan: Page) -> None:
    """Let course editors edit and publish below a five-year plan.

    What they publish goes through the review workflow.
    """
    editors = Group.objects.get(name=COURSE_EDITORS)
    permissions = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=PLAN_EDITOR_PERMISSIONS
    )
    for permission in permissions:
        GroupPagePermission.objects.get_or_create(
            group=editors, page=plan, permission=permission
        )
    WorkflowPage.objects.get_or_create(
        page=plan, defaults={"workflow": plan_workflow_get_or_create()}
    )

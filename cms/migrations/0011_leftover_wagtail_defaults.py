"""Wagtail's leftover defaults go: the workflow "Moderators approval" and the groups
"Editors" and "Moderators".

- The workflow (created by Wagtail for its default Moderators group, which
  0005 emptied) leaves every page it was attached to; it is deleted, or, when
  pages once went through it, kept in their history as a disabled
  "原默认审核流程（已停用）". Its task likewise.
- The groups hold no permission since 0005; an empty one is deleted, one that
  still has members is renamed so that nobody takes it for a college role.
"""

from django.db import migrations

LEFTOVER_WORKFLOW = "Moderators approval"
DISABLED_WORKFLOW = "原默认审核流程（已停用）"
DISABLED_TASK = "原默认审核步骤（已停用）"
LEFTOVER_GROUPS = {
    "Editors": "原Wagtail默认组Editors（无权限）",
    "Moderators": "原Wagtail默认组Moderators（无权限）",
}


def _retire_workflow(apps) -> None:
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    Task = apps.get_model("wagtailcore", "Task")
    TaskState = apps.get_model("wagtailcore", "TaskState")

    for workflow in Workflow.objects.filter(name=LEFTOVER_WORKFLOW):
        tasks = list(Task.objects.filter(workflow_tasks__workflow=workflow))
        WorkflowPage.objects.filter(workflow=workflow).delete()
        WorkflowContentType.objects.filter(workflow=workflow).delete()
        if WorkflowState.objects.filter(workflow=workflow).exists():
            workflow.name, workflow.active = DISABLED_WORKFLOW, False
            workflow.save(update_fields=["name", "active"])
        else:
            WorkflowTask.objects.filter(workflow=workflow).delete()
            workflow.delete()
        for task in tasks:
            in_use = WorkflowTask.objects.filter(task=task).exists()
            if in_use or TaskState.objects.filter(task=task).exists():
                task.name, task.active = DISABLED_TASK, False
                task.save(update_fields=["name", "active"])
            else:
                task.delete()


def _retire_groups(apps) -> None:
    Group = apps.get_model("auth", "Group")
    for name, new_name in LEFTOVER_GROUPS.items():
        for group in Group.objects.filter(name=name):
            if not group.user_set.exists():
                group.delete()
            elif not Group.objects.filter(name=new_name).exists():
                group.name = new_name
                group.save(update_fields=["name"])


def forwards(apps, schema_editor):
    _retire_workflow(apps)
    _retire_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0010_collegesettings_site_name"),
        ("wagtailcore", "0096_referenceindex_referenceindex_source_object_and_more"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

"""The staff roles in the forum.

- 课程编辑 manage the boards (a snippet in Wagtail).
- 论坛版主 and 培训管理员 moderate (approve, hide, lock, pin, move, edit with a reason)
  on the boards they may read, and see the moderation log and the report queue.
"""

from django.db import migrations

ROLES = {
    "课程编辑": [("board", ["view", "add", "change", "delete"])],
    "论坛版主": [
        ("board", ["view", "moderate"]),
        ("moderationaction", ["view"]),
        ("report", ["view"]),
    ],
    "培训管理员": [
        ("board", ["view", "moderate"]),
        ("moderationaction", ["view"]),
        ("report", ["view"]),
    ],
}


def _create_permissions(apps):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; these are needed now.
    for app_config in apps.get_app_configs():
        # Historical app configs have no models module; the real ones keep theirs.
        previous = getattr(app_config, "models_module", None)
        app_config.models_module = previous or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = previous


def grant(apps, schema_editor=None):
    _create_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, spec in ROLES.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for model, actions in spec:
            codenames = [f"{action}_{model}" for action in actions]
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="forum", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0001_initial"),
        ("cms", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

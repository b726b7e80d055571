"""Training administrators run offline sessions and see coverage and reminders.

培训管理员 read the lists, attendance and leave requests of offline sessions (within
their delegation scope, as every deputy's data) and manage sessions: create them,
assign deputies, take attendance, decide leave. They read and send reminders.
"""

from django.db import migrations

TRAINING_ADMINISTRATORS = "培训管理员"

TRAINER_PERMISSIONS = [
    ("courses", "offlinesession", ["view", "add", "change"]),
    ("courses", "sessionseat", ["view", "add"]),
    ("courses", "leaverequest", ["view", "change"]),
    ("courses", "attendance", ["view", "add"]),
    ("coverage", "reminderlog", ["view", "add"]),
]


def create_permissions_now(apps):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; these are needed now.
    for app_config in apps.get_app_configs():
        # Historical app configs have no models module; the real ones keep theirs.
        previous = getattr(app_config, "models_module", None)
        app_config.models_module = previous or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = previous


def grant_permissions(apps):
    """Also called by the tests after a flush, with the real app registry."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    trainers, _ = Group.objects.get_or_create(name=TRAINING_ADMINISTRATORS)
    for app_label, model, actions in TRAINER_PERMISSIONS:
        trainers.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label,
                codename__in=[f"{action}_{model}" for action in actions],
            )
        )


def forwards(apps, schema_editor):
    create_permissions_now(apps)
    grant_permissions(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("coverage", "0001_initial"),
        ("courses", "0009_offline_sessions"),
        ("cms", "0005_staff_roles"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

"""Training administrators read the learning records issued (已出具的参训记录).

培训管理员 list and export the records issued to the deputies of their delegation
scope, as every deputy's data; records are issued by the deputy's own request (or
staff's, on the record page), never typed in, so "view" is all there is to grant.
"""

from django.db import migrations

TRAINING_ADMINISTRATORS = "培训管理员"

TRAINER_PERMISSIONS = [("certificates", "learningrecord", ["view"])]


def create_permissions_now(apps):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; this one is needed now.
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
        ("certificates", "0006_official_form_and_learning_records"),
        ("cms", "0005_staff_roles"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

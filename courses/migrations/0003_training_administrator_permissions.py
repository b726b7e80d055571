from django.db import migrations

MODELS = ["deputy", "delegation", "term", "requirement", "exemption", "enrolment", "hoursentry"]
ACTIONS = ["add", "change", "delete", "view"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; this one needs them now.
    for app_config in apps.get_app_configs():
        # Historical app configs have no models module; the real ones keep theirs.
        previous = getattr(app_config, "models_module", None)
        app_config.models_module = previous or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = previous
    grant_permissions(apps)


def grant_permissions(apps):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="培训管理员")
    codenames = [f"{action}_{model}" for model in MODELS for action in ACTIONS]
    group.permissions.add(*Permission.objects.filter(content_type__app_label="courses", codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [("courses", "0002_alter_coursepage_hours_alter_modulepage_body_and_more"), ("cms", "0002_staff_groups")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

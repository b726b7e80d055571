"""课程编辑 upload and choose video and audio (wagtailmedia) in 课程资料, as documents."""

from django.db import migrations

COURSE_EDITORS = "课程编辑"
COURSE_MATERIAL = "课程资料"
MEDIA_CODENAMES = ["add_media", "change_media"]


def forwards(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        previous = getattr(app_config, "models_module", None)
        app_config.models_module = previous or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = previous
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    Permission = apps.get_model("auth", "Permission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    editors = Group.objects.filter(name=COURSE_EDITORS).first()
    collection = Collection.objects.filter(name=COURSE_MATERIAL).first()
    if editors is None or collection is None:
        return
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailmedia", codename__in=MEDIA_CODENAMES
    ):
        GroupCollectionPermission.objects.get_or_create(
            group=editors, collection=collection, permission=permission
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0007_standardpage_body_without_quiz"),
        ("wagtailmedia", "0005_alter_media_options"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

"""Every staff role able to do its job.

- 培训管理员 issue, revoke, re-issue and download certificates, edit their
  templates, and read deputies' module progress and quiz attempts.
- 课程编辑 upload and choose images and documents in the course-material
  collection (课程资料); they hold no permission on deputies' data. Documents of
  that collection are served to logged-in users only (a Wagtail collection view
  restriction); a public document goes in another collection.
- Wagtail's leftover default groups "Editors" and "Moderators" lose what they
  held on the page tree and the root collection (and go, when nobody is in them).
"""

from django.db import migrations

COURSE_EDITORS = "课程编辑"
TRAINING_ADMINISTRATORS = "培训管理员"
COURSE_MATERIAL = "课程资料"
WAGTAIL_DEFAULT_GROUPS = ["Editors", "Moderators"]

TRAINER_PERMISSIONS = [
    ("certificates", "certificate", ["view", "add", "change"]),
    ("certificates", "certificatetemplate", ["view", "add", "change"]),
    ("courses", "moduleprogress", ["view"]),
    ("courses", "quizattempt", ["view"]),
    ("people", "deputy", ["view", "add", "change"]),
    ("people", "delegation", ["view"]),
    ("people", "term", ["view"]),
]
EDITOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "image", ["add", "change", "choose"]),
    ("wagtaildocs", "document", ["add", "change", "choose"]),
]


def _create_permissions(apps):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; these are needed now.
    for app_config in apps.get_app_configs():
        # Historical app configs have no models module; the real ones keep theirs.
        previous = getattr(app_config, "models_module", None)
        app_config.models_module = previous or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = previous


def _permissions(apps, spec):
    Permission = apps.get_model("auth", "Permission")
    for app_label, model, actions in spec:
        codenames = [f"{action}_{model}" for action in actions]
        yield from Permission.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        )


def _course_material(apps):
    Collection = apps.get_model("wagtailcore", "Collection")
    existing = Collection.objects.filter(name=COURSE_MATERIAL).first()
    if existing is not None:
        return existing
    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return None
    # Treebeard's API is not available on historical models: append the child by hand.
    last = Collection.objects.filter(depth=2).order_by("-path").first()
    step = int(last.path[-4:], 36) + 1 if last else 1
    path = root.path + _base36(step).rjust(4, "0")
    root.numchild += 1
    root.save(update_fields=["numchild"])
    return Collection.objects.create(
        name=COURSE_MATERIAL, path=path, depth=2, numchild=0
    )


def _base36(number: int) -> str:
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if not number:
            return out


def forwards(apps, schema_editor):
    _create_permissions(apps)
    Group = apps.get_model("auth", "Group")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")

    trainers, _ = Group.objects.get_or_create(name=TRAINING_ADMINISTRATORS)
    trainers.permissions.add(*_permissions(apps, TRAINER_PERMISSIONS))

    editors, _ = Group.objects.get_or_create(name=COURSE_EDITORS)
    collection = _course_material(apps)
    if collection is not None:
        CollectionViewRestriction = apps.get_model(
            "wagtailcore", "CollectionViewRestriction"
        )
        CollectionViewRestriction.objects.get_or_create(
            collection=collection, defaults={"restriction_type": "login"}
        )
        for permission in _permissions(apps, EDITOR_COLLECTION_PERMISSIONS):
            GroupCollectionPermission.objects.get_or_create(
                group=editors, collection=collection, permission=permission
            )

    for group in Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS):
        GroupPagePermission.objects.filter(group=group).delete()
        GroupCollectionPermission.objects.filter(group=group).delete()
        group.permissions.clear()
        if not group.user_set.exists():
            group.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0004_remove_collegesettings_annual_hours_target"),
        ("certificates", "0003_certificate_certificate_issued_at_idx"),
        ("courses", "0008_trainingplanpage_annual_hours_target_and_more"),
        ("people", "0002_staffscope_and_more"),
        ("wagtailcore", "0096_referenceindex_referenceindex_source_object_and_more"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

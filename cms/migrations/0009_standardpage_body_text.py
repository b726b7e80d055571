"""Standard pages keep the plain text of their body, so that search reaches it."""

from django.db import migrations, models
from django.utils.html import strip_tags


def fill_body_text(apps, schema_editor):
    # A copy of cms.models.stream_text as it is today: migrations do not import models.
    StandardPage = apps.get_model("cms", "StandardPage")
    for page in StandardPage.objects.all():
        parts = []
        for block in page.body:
            if block.block_type == "text":
                parts.append(strip_tags(block.value.source))
            elif block.block_type == "heading":
                parts.append(str(block.value))
            elif block.block_type in {"video", "image", "document"}:
                for key in ("title", "caption", "description", "transcript"):
                    parts.append(str(block.value.get(key) or ""))
        page.body_text = "\n".join(p for p in parts if p)
        page.save(update_fields=["body_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0008_course_editors_media"),
    ]

    operations = [
        migrations.AddField(
            model_name="standardpage",
            name="body_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill_body_text, migrations.RunPython.noop),
    ]

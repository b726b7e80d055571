"""Logins compare e-mails exactly (on an index): store the roster's in lower case."""

from django.db import migrations
from django.db.models.functions import Lower, Trim


def lower_emails(apps, schema_editor):
    Deputy = apps.get_model("people", "Deputy")
    Deputy.objects.exclude(email="").update(email=Lower(Trim("email")))


class Migration(migrations.Migration):
    dependencies = [("people", "0002_staffscope_and_more")]

    operations = [migrations.RunPython(lower_emails, migrations.RunPython.noop)]

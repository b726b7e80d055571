"""The database cache that rate limits share when no Redis is configured."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("cms", "0005_staff_roles")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]

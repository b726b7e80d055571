"""Last step of the move: courses no longer holds terms, delegations and deputies."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("courses", "0006_point_at_people"),
        ("certificates", "0002_point_at_people"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="deputy"),
                migrations.DeleteModel(name="delegation"),
                migrations.DeleteModel(name="term"),
            ],
            database_operations=[],
        ),
    ]

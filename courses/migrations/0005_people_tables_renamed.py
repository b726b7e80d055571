"""First step of moving terms, delegations and deputies to the people app.

Only the tables are renamed here; the models' state moves in people 0001 and
courses 0006/0007. Every row stays where it is.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("courses", "0004_requirement_awards_certificate"),
        ("certificates", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="term", table="people_term"),
                migrations.AlterModelTable(name="delegation", table="people_delegation"),
                migrations.AlterModelTable(name="deputy", table="people_deputy"),
            ],
            state_operations=[],
        ),
    ]

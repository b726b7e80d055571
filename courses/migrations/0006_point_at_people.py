"""The learning records' foreign keys now name the people app's models (state only)."""

import django.db.models.deletion
from django.db import migrations, models


def _deputy(related_name, verbose_name=None, on_delete=django.db.models.deletion.CASCADE):
    options = {"verbose_name": verbose_name} if verbose_name else {}
    return models.ForeignKey(
        on_delete=on_delete, related_name=related_name, to="people.deputy", **options
    )


class Migration(migrations.Migration):

    dependencies = [
        ("courses", "0005_people_tables_renamed"),
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="enrolment",
                    name="deputy",
                    field=_deputy("enrolments", "deputy"),
                ),
                migrations.AlterField(
                    model_name="moduleprogress",
                    name="deputy",
                    field=_deputy("module_progress"),
                ),
                migrations.AlterField(
                    model_name="quizattempt",
                    name="deputy",
                    field=_deputy("quiz_attempts"),
                ),
                migrations.AlterField(
                    model_name="hoursentry",
                    name="deputy",
                    field=_deputy("hours", "deputy"),
                ),
                migrations.AlterField(
                    model_name="exemption",
                    name="deputy",
                    field=_deputy("exemptions", "deputy"),
                ),
                migrations.AlterField(
                    model_name="requirement",
                    name="term",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="requirements",
                        to="people.term",
                        verbose_name="term",
                    ),
                ),
                migrations.AlterField(
                    model_name="requirement",
                    name="delegations",
                    field=models.ManyToManyField(
                        blank=True,
                        help_text="Leave empty for every delegation.",
                        related_name="requirements",
                        to="people.delegation",
                        verbose_name="delegations",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]

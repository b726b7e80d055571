"""Trigram indexes for the site search on PostgreSQL (ADR 0014); nothing on SQLite.

Substring matching (`LIKE '%term%'`) reads every row's text; a `pg_trgm` GIN index
answers it from the index instead. The search matches a term without case
(Chinese, digits) with a plain `LIKE` on the column, which these indexes serve; a
term with Latin letters still reads the rows (`UPPER(column) LIKE`).
"""

from django.db import migrations

INDEXES = [
    ("search_trgm_page_title", "wagtailcore_page", "title"),
    ("search_trgm_page_description", "wagtailcore_page", "search_description"),
    ("search_trgm_course_summary", "courses_coursepage", "summary"),
    ("search_trgm_course_audience", "courses_coursepage", "audience"),
    ("search_trgm_course_description", "courses_coursepage", "description"),
    ("search_trgm_module_intro", "courses_modulepage", "intro"),
    ("search_trgm_module_body_text", "courses_modulepage", "body_text"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
            f'USING gin ("{column}" gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0014_coverage_standing"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]

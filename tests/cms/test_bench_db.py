"""The benchmark college leaves the planner with statistics of what it loaded."""

import pytest
from django.db import connection

from cms.management.commands.build_bench_db import build_bench_college
from people.models import Deputy

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="ANALYZE is run on PostgreSQL"
)
def test_the_bulk_load_is_analysed_on_postgresql(home):
    build_bench_college(deputies=60, courses=2)
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'people_deputy'")
        (estimated,) = cursor.fetchone()
    # Without ANALYZE the planner would still believe the table is empty (-1 or 0).
    assert estimated == Deputy.objects.count() >= 60

"""The coverage dashboard and report on a large college (10,000 deputies by default).

BENCH_COVERAGE_DEPUTIES=100000 builds the issue's college (100,000 deputies,
2,000,000 module completions, 200,000 attendances) before measuring; it takes
minutes, so it is opt-in. Figures are named after the size measured.
"""

import os
import time

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from tests.bench.helpers import p50, report
from tests.coverage.conftest import staff

pytestmark = pytest.mark.django_db

SIZE = int(os.environ.get("BENCH_COVERAGE_DEPUTIES", "10000"))
LABEL = f"{SIZE // 1000}k" if SIZE % 1000 == 0 else str(SIZE)


@pytest.fixture(scope="module")
def coverage_college(django_db_setup, django_db_blocker):
    from cms.management.commands.build_bench_db import build_bench_college
    from tests.bench.conftest import portal

    with django_db_blocker.unblock():
        portal()
        start = time.perf_counter()
        built = build_bench_college(deputies=SIZE, courses=50)
        report(f"bench_db_build_{LABEL}", time.perf_counter() - start, "s")
        yield built


def interleaved(first, second, *, repeat: int) -> tuple[list[float], list[float]]:
    """Time two callables alternately, so that both see the same machine state."""
    a, b = [], []
    for _ in range(3):
        first(), second()
    for _ in range(repeat):
        start = time.perf_counter()
        first()
        a.append(time.perf_counter() - start)
        start = time.perf_counter()
        second()
        b.append(time.perf_counter() - start)
    return a, b


@override_settings(ROOT_URLCONF="tests.bench.urls")
def test_bench_coverage_dashboard(coverage_college):
    client = Client()
    client.force_login(staff("bench_city_trainer"))
    url = "/coverage/?requirement=bench-initial"
    assert client.get(url).status_code == 200
    assert client.get("/bench-floor/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    query_count = len(queries)  # read now: the next request clears the query log
    dashboard, floor = interleaved(
        lambda: client.get(url), lambda: client.get("/bench-floor/"), repeat=15
    )
    report(f"coverage_dashboard_{LABEL}_p50", p50(dashboard), "s")
    report("coverage_dashboard_floor_p50", p50(floor), "s")
    report("coverage_dashboard_floor_ratio", p50(dashboard) / p50(floor), "ratio")
    report("coverage_dashboard_queries", query_count, "queries")


def test_bench_coverage_report_json(coverage_college, tmp_path):
    output = tmp_path / "report.json"
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        call_command(
            "coverage_report", "--requirement", "bench-initial", "--output", output
        )
        elapsed = time.perf_counter() - start
    assert output.stat().st_size > 0
    report(f"coverage_report_json_{LABEL}", elapsed, "s")
    report("coverage_report_json_queries", len(queries), "queries")


def test_bench_coverage_standings_rebuild(coverage_college):
    """The worker's recount of a whole requirement (after an edit or an import)."""
    from courses.models import Requirement
    from courses.services.standings import standings_rebuild

    requirement = Requirement.objects.get(slug="bench-initial")
    start = time.perf_counter()
    size = standings_rebuild(requirement=requirement)
    report(f"coverage_standings_rebuild_{LABEL}", time.perf_counter() - start, "s")
    report("coverage_standings_rebuilt_rows", size, "rows")

"""Benchmarks of the learner's pages and of progress writes on a large college."""

import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from courses.models import CoursePage, ModulePage
from courses.services.progress import module_complete
from people.models import Deputy
from tests.bench.helpers import p50, report, timings
from tests.factories.roster import UserFactory

pytestmark = pytest.mark.django_db


def logged_in_deputy_client() -> tuple[Client, Deputy]:
    deputy = (
        Deputy.objects.filter(term__number=99, newly_elected=True)
        .order_by("-pk")
        .first()
    )
    deputy.user = UserFactory()
    deputy.save(update_fields=["user"])
    client = Client()
    client.force_login(deputy.user)
    return client, deputy


def test_bench_my_page(bench_college):
    client, deputy = logged_in_deputy_client()
    for module in ModulePage.objects.filter(slug__startswith="bench-module-0-")[:2]:
        module_complete(deputy=deputy, module=module)
    assert client.get("/my/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get("/my/")
    query_count = len(queries)  # read now: the next request clears the query log
    report("my_page_p50", p50(timings(lambda: client.get("/my/"), repeat=40)), "s")
    report("my_page_queries", query_count, "queries")


def test_bench_course_page(bench_college):
    client, _deputy = logged_in_deputy_client()
    course = CoursePage.objects.get(slug="bench-course-0")
    assert client.get(course.url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(course.url)
    query_count = len(queries)  # read now: the next request clears the query log
    report(
        "course_page_p50", p50(timings(lambda: client.get(course.url), repeat=40)), "s"
    )
    report("course_page_queries", query_count, "queries")


def test_bench_completion_writes(bench_college):
    deputies = list(
        Deputy.objects.filter(term__number=99, newly_elected=True).order_by("pk")[
            5000:5200
        ]
    )
    modules = list(ModulePage.objects.filter(slug__startswith="bench-module-1-"))
    start = time.perf_counter()
    writes = 0
    for deputy in deputies:
        for module in modules:
            module_complete(deputy=deputy, module=module)
            writes += 1
    elapsed = time.perf_counter() - start
    report("completion_writes_per_s", writes / elapsed, "per_s")

"""The site search on a large catalogue, and the learner pages, against a floor.

The learner pages are timed as kept (served from the cache, the usual case) and
rendered afresh (the first view after a change of the deputy's). The floor is a bare
Django view rendering a tiny template through the same
middleware; it is timed interleaved with the pages measured, so that the ratios
hold on a busy machine.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from courses.learning_pages import learning_changed
from courses.models import CoursePage, ModulePage
from courses.services.progress import module_complete
from tests.bench.bench_learning import logged_in_deputy_client
from tests.bench.helpers import p50, report, timings

pytestmark = pytest.mark.django_db

ROUNDS = 40


@pytest.fixture(scope="module")
def bench_catalogue(bench_college, django_db_blocker):
    """2,000 courses and 10,000 modules beside the bench college."""
    from cms.management.commands.build_bench_db import build_bench_catalogue

    with django_db_blocker.unblock():
        yield build_bench_catalogue(courses=2_000, modules=10_000)


def _queries(client: Client, url: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200, url
    return len(queries)


def test_bench_search_and_learner_pages_against_the_floor(bench_catalogue, settings):
    settings.ROOT_URLCONF = "tests.bench.urls"
    assert CoursePage.objects.count() >= 2_000
    assert ModulePage.objects.count() >= 10_000
    client, deputy = logged_in_deputy_client()
    for module in ModulePage.objects.filter(slug__startswith="bench-module-0-")[:2]:
        module_complete(deputy=deputy, module=module)
    course_url = CoursePage.objects.get(slug="bench-course-0").url
    searches = {
        "search": {"q": "代表建议"},  # a common word: one course in eight
        "search_rare": {"q": "讲师1999"},  # one lecturer
        "search_nomatch": {"q": "不存在的词语"},  # every row read, nothing found
    }
    pages = {
        "floor": lambda: client.get("/bench-floor/"),
        **{
            name: (lambda params=params: client.get("/search/", params))
            for name, params in searches.items()
        },
        "my_page": lambda: client.get("/my/"),
        "course_page": lambda: client.get(course_url),
    }
    found = client.get("/search/", searches["search"]).content.decode()
    assert found.count("data-kind=") == 20, "a full first page of results"
    counts = {"floor": _queries(client, "/bench-floor/")}
    for name, params in searches.items():
        counts[name] = _queries(client, "/search/", params)
    # A learner page rendered afresh: the first view after a change of the deputy's,
    # before the page is kept again (ADR 0018).
    fresh = {"my_page_fresh": "/my/", "course_page_fresh": course_url}

    def keep_again() -> None:
        client.get("/my/")
        client.get(course_url)

    for name, url in fresh.items():
        learning_changed(deputy_ids=[deputy.pk])
        counts[name] = _queries(client, url)
    keep_again()
    counts["my_page"] = _queries(client, "/my/")
    counts["course_page"] = _queries(client, course_url)
    samples: dict[str, list[float]] = {name: [] for name in [*pages, *fresh]}
    for _round in range(ROUNDS):  # interleaved: each round times every page once
        for name, url in fresh.items():
            learning_changed(deputy_ids=[deputy.pk])
            fetch_fresh = lambda url=url: client.get(url)  # noqa: E731
            samples[name].extend(timings(fetch_fresh, repeat=1, warmup=0))
        keep_again()  # untimed
        for name, fetch in pages.items():
            samples[name].extend(timings(fetch, repeat=1, warmup=0))
    floor = p50(samples["floor"])
    report("floor_view_p50", floor, "s")
    for name in searches:
        report(f"{name}_p50", p50(samples[name]), "s")
        report(f"{name}_queries", counts[name], "queries")
    report("search_floor_ratio", p50(samples["search"]) / floor, "ratio")
    for name in ("my_page", "course_page", *fresh):
        report(f"{name}_floor_ratio", p50(samples[name]) / floor, "ratio")
        report(f"{name}_floor_queries", counts[name], "queries")

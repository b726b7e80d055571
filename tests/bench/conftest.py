import pytest

from tests.factories.pages import HomePageFactory


@pytest.fixture(scope="module")
def bench_college(django_db_setup, django_db_blocker):
    """10,000 deputies and 50 courses, built once for the module's benchmarks."""
    from cms.management.commands.build_bench_db import build_bench_college
    from cms.models import HomePage

    with django_db_blocker.unblock():
        # The load is kept for the run: a later module finds the portal built.
        if not HomePage.objects.exists():
            HomePageFactory.create_site()
        yield build_bench_college(deputies=10_000, courses=50)

import pytest

from tests.factories.pages import HomePageFactory


def portal() -> None:
    """The portal, built by the first benchmark module that needs it: the bench
    database is kept for the whole run."""
    from cms.models import HomePage

    if not HomePage.objects.exists():
        HomePageFactory.create_site()


@pytest.fixture(scope="module")
def bench_college(django_db_setup, django_db_blocker):
    """10,000 deputies and 50 courses, built once for the module's benchmarks."""
    from cms.management.commands.build_bench_db import build_bench_college

    with django_db_blocker.unblock():
        portal()
        yield build_bench_college(deputies=10_000, courses=50)

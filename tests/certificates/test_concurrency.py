"""One certificate per deputy and course with parallel workers (PostgreSQL, threads)."""

import re

import pytest
from django.db import connection

from certificates.models import Certificate, SerialCounter
from certificates.services import certificate_issue
from tests.certificates.conftest import complete_course
from tests.courses.test_concurrency import run_in_threads
from tests.factories.roster import DeputyFactory


@pytest.mark.django_db(transaction=True)
def test_parallel_issuing_for_one_deputy_creates_one_certificate(
    completed, certificate_course
):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL (DATABASE_URL=postgres://…)")
    errors = run_in_threads(
        8, lambda: certificate_issue(deputy=completed, course=certificate_course)
    )
    assert errors == []
    assert Certificate.objects.filter(deputy=completed).count() == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_issuing_for_many_deputies_gives_unique_consecutive_serials(
    certificate_course,
):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL (DATABASE_URL=postgres://…)")
    deputies = [DeputyFactory() for _ in range(8)]
    for deputy in deputies:
        complete_course(deputy, certificate_course)
    queue = list(deputies)
    errors = run_in_threads(
        8, lambda: certificate_issue(deputy=queue.pop(), course=certificate_course)
    )
    assert errors == []
    numbers = sorted(
        int(re.search(r"第(\d+)号", s).group(1))
        for s in Certificate.objects.values_list("serial", flat=True)
    )
    assert numbers == list(range(numbers[0], numbers[0] + 8))


@pytest.mark.django_db(transaction=True)
def test_twenty_racing_issues_burn_no_serial_number(completed, certificate_course):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL (DATABASE_URL=postgres://…)")
    others = [DeputyFactory() for _ in range(10)]
    for deputy in others:
        complete_course(deputy, certificate_course)
    # Twenty threads: ten race for the same deputy's certificate, ten issue to others.
    jobs = [completed] * 10 + others
    errors = run_in_threads(
        20, lambda: certificate_issue(deputy=jobs.pop(), course=certificate_course)
    )
    assert errors == []
    assert Certificate.objects.filter(deputy=completed).count() == 1
    assert Certificate.objects.count() == 11
    assert SerialCounter.objects.get().last == 11

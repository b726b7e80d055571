"""Twenty simultaneous completions of one module by one deputy leave one row.

Real threads, each with its own PostgreSQL connection; skipped on SQLite, which
serialises writers anyway.
"""

import threading

import pytest
from django.db import connection, connections

from courses.models import Enrolment, HoursEntry, ModulePage, ModuleProgress
from courses.services.progress import module_complete


def run_in_threads(count: int, target) -> list[BaseException]:
    errors: list[BaseException] = []
    barrier = threading.Barrier(count)

    def worker():
        try:
            barrier.wait()
            target()
        except BaseException as error:  # noqa: BLE001 - reported to the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_completions_leave_one_row(deputy, quizless_course):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL (DATABASE_URL=postgres://…)")
    modules = list(
        ModulePage.objects.child_of(quizless_course).filter(is_required=True)
    )
    module_complete(deputy=deputy, module=modules[0])
    last = modules[1]
    results: list[bool] = []
    errors = run_in_threads(
        20, lambda: results.append(module_complete(deputy=deputy, module=last))
    )
    assert errors == []
    assert results.count(True) == 1
    assert ModuleProgress.objects.filter(deputy=deputy, module=last).count() == 1
    assert Enrolment.objects.filter(deputy=deputy, course=quizless_course).count() == 1
    assert (
        Enrolment.objects.get(deputy=deputy, course=quizless_course).completed_at
        is not None
    )
    assert HoursEntry.objects.filter(deputy=deputy, course=quizless_course).count() == 1


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_first_openings_create_one_enrolment(
    deputy, quizless_course
):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL (DATABASE_URL=postgres://…)")
    from courses.services.progress import module_open

    first = ModulePage.objects.child_of(quizless_course).first()
    errors = run_in_threads(20, lambda: module_open(deputy=deputy, module=first))
    assert errors == []
    assert Enrolment.objects.filter(deputy=deputy).count() == 1
    assert ModuleProgress.objects.filter(deputy=deputy).count() == 1

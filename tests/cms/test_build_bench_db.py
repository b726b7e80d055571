"""The benchmark college: sizes as asked, and a second run adds only what is missing."""

import pytest
from django.core.management import call_command

from cms.management.commands.build_bench_db import BENCH_SESSIONS
from courses.models import Attendance, ModuleProgress
from people.models import Deputy

pytestmark = pytest.mark.django_db


def test_bench_college_holds_completions_and_attendance(home, capsys):
    args = ["--deputies", "60", "--courses", "8"]
    more = ["--completions-per-deputy", "4", "--attendance-per-deputy", "2"]
    call_command("build_bench_db", *args, *more)
    assert "60 deputies" in capsys.readouterr().out
    deputies = Deputy.objects.filter(term__number=99)
    assert deputies.count() == 60
    # Four elective modules each, plus the first course's three for every third
    # newly elected deputy.
    first_course = ModuleProgress.objects.filter(
        module__slug__startswith="bench-module-0-"
    )
    electives = ModuleProgress.objects.exclude(
        module__slug__startswith="bench-module-0-"
    )
    assert electives.count() == 60 * 4
    assert first_course.count() % 3 == 0 and first_course.exists()
    assert Attendance.objects.filter(deputy__in=deputies).count() == 60 * 2
    assert Attendance.objects.values("session").distinct().count() <= BENCH_SESSIONS
    call_command("build_bench_db", "--deputies", "90", "--courses", "8", *more)
    assert electives.count() == 90 * 4
    assert Attendance.objects.filter(deputy__in=deputies).count() == 90 * 2

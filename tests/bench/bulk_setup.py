"""Run inside `manage.py shell` by the bulk benchmark.

It makes a course, N deputies who completed it and N certificate tasks.
"""

import os
from datetime import date
from decimal import Decimal

from django.utils import timezone

from certificates.tasks import certificate_issue_task
from courses.models import AnnualPlanPage, CoursePage, Enrolment, TrainingPlanPage
from people.models import Delegation, Deputy, Term
from tests.factories.pages import HomePageFactory

count = int(os.environ["BENCH_CERTIFICATES"])
home = HomePageFactory.create_site()
plan = home.add_child(
    instance=TrainingPlanPage(
        title="规划", slug="plan", term_label="第十六届", start_year=2023, end_year=2027
    )
)
annual = plan.add_child(
    instance=AnnualPlanPage(title="2023年度培训计划", slug="2023", year=2023)
)
course = annual.add_child(
    instance=CoursePage(
        title="新任代表初任履职学习",
        slug="initial",
        category="initial",
        mode="online",
        hours=Decimal("12"),
        summary="初任学习",
        awards_certificate=True,
        start_date=date(2023, 3, 1),
        end_date=date(2023, 6, 30),
    )
)
term = Term.objects.create(
    number=16, name="第十六届", starts_on=date(2023, 1, 16), ends_on=date(2028, 1, 15)
)
delegation = Delegation.objects.create(name="浦东新区")
surnames, given = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗",
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平喆堃昇赟玥珺",
)
Deputy.objects.bulk_create(
    [
        Deputy(
            term=term,
            deputy_no=f"16-{i:05d}",
            delegation=delegation,
            name=surnames[i % len(surnames)]
            + given[i % len(given)]
            + given[(i * 7) % len(given)],
        )
        for i in range(count)
    ]
)
now = timezone.now()
Enrolment.objects.bulk_create(
    [
        Enrolment(
            deputy=d,
            course=course,
            modules_total=3,
            modules_done=3,
            progress=100,
            completed_at=now,
        )
        for d in Deputy.objects.all()
    ]
)
for deputy_id in Deputy.objects.values_list("pk", flat=True):
    certificate_issue_task.enqueue(deputy_id, course_id=course.pk)

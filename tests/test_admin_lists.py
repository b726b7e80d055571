"""Admin lists scale: a page of rows costs the same queries whatever its length.

Each list (and its export) is read by the city training administrator at two sizes;
one bound holds for both, so a query made per row (a foreign key shown without
`list_select_related`, a `__str__` reaching another relation) fails at the larger size.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from certificates.services import learning_record_issue
from cms.groups import TRAINING_ADMINISTRATORS
from tests.factories.certificates import CertificateFactory, CertificateTemplateFactory
from tests.factories.progress import (
    CourseWithModulesFactory,
    EnrolmentFactory,
    ExemptionFactory,
    HoursEntryFactory,
)
from tests.factories.roster import (
    DelegationFactory,
    DeputyFactory,
    RequirementFactory,
    TermFactory,
)

pytestmark = pytest.mark.django_db

SIZES = [5, 40]


@pytest.fixture
def trainer(client):
    user = get_user_model().objects.create_user("trainer", password="pw-staff-123")
    user.groups.add(Group.objects.get(name=TRAINING_ADMINISTRATORS))
    client.force_login(user)
    return user


def _deputies(count: int):
    term = TermFactory()
    delegations = [DelegationFactory(name=n) for n in ("黄浦区", "徐汇区", "浦东新区")]
    return [
        DeputyFactory(term=term, delegation=delegations[i % len(delegations)])
        for i in range(count)
    ]


def build_deputies(count: int) -> None:
    _deputies(count)


def build_enrolments(count: int) -> None:
    course = CourseWithModulesFactory(title="代表建议专题研讨班")
    for i, deputy in enumerate(_deputies(count)):
        EnrolmentFactory(deputy=deputy, course=course, completed=i % 2 == 0)


def build_hours(count: int) -> None:
    for deputy in _deputies(count):
        HoursEntryFactory(deputy=deputy)


def build_exemptions(count: int) -> None:
    deputies = _deputies(count)
    requirement = RequirementFactory(term=deputies[0].term)
    for deputy in deputies:
        ExemptionFactory(requirement=requirement, deputy=deputy)


def build_certificates(count: int) -> None:
    course = CourseWithModulesFactory(
        title="新任代表履职第一课", awards_certificate=True
    )
    template = CertificateTemplateFactory(is_default=True)
    for deputy in _deputies(count):
        CertificateFactory(deputy=deputy, course=course, template=template)


def build_learning_records(count: int) -> None:
    for deputy in _deputies(count):
        learning_record_issue(deputy=deputy)


# list URL, how to fill it, the most queries one page may take at any size: the
# session, the user and permissions, the delegation scope, the count, the filters'
# choices, the page of rows (a query made per row would add 5 or 20).
LISTS = {
    "/admin/deputies/": (build_deputies, 16),
    "/admin/enrolments/": (build_enrolments, 14),
    "/admin/hours/": (build_hours, 14),
    "/admin/exemptions/": (build_exemptions, 15),
    "/admin/certificates_admin/": (build_certificates, 17),
    "/admin/learning_records/": (build_learning_records, 14),
}
EXPORTS = [
    "/admin/deputies/",
    "/admin/enrolments/",
    "/admin/hours/",
    "/admin/certificates_admin/",
    "/admin/learning_records/",
]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("url", list(LISTS))
def test_an_admin_list_page_costs_the_same_queries_at_any_length(
    client, trainer, django_assert_max_num_queries, url, size
):
    build, bound = LISTS[url]
    build(size)
    with django_assert_max_num_queries(bound):
        response = client.get(url)
    assert response.status_code == 200
    rows = response.content.decode().count('<tr class="')
    assert rows >= min(size, 20)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("url", EXPORTS)
def test_an_admin_export_costs_the_same_queries_at_any_length(
    client, trainer, django_assert_max_num_queries, url, size
):
    build, bound = LISTS[url]
    build(size)
    with django_assert_max_num_queries(bound):
        response = client.get(url + "?export=csv")
        body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert response.status_code == 200
    assert body.count("\n") >= size  # a header and every row


def _roster_page_query(client) -> str:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/admin/deputies/").status_code == 200
    pages = [
        q["sql"]
        for q in captured.captured_queries
        if 'FROM "people_deputy"' in q["sql"] and "LIMIT" in q["sql"]
    ]
    assert len(pages) == 1, pages
    return pages[0]


def test_the_roster_list_is_ordered_by_deputy_number_not_by_delegation(client, trainer):
    build_deputies(5)
    sql = _roster_page_query(client)
    order_by = sql.rsplit("ORDER BY", 1)[1].split("LIMIT")[0]
    assert '"people_deputy"."deputy_no"' in order_by
    assert "sort_order" not in order_by
    # Nothing before the deputy number: the index on (deputy_no, id) serves the order.
    assert order_by.strip().startswith('"people_deputy"."deputy_no"')


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the plan is PostgreSQL's to show"
)
def test_the_roster_list_can_be_read_along_the_deputy_number_index(client, trainer):
    build_deputies(40)
    sql = _roster_page_query(client)
    with connection.cursor() as cursor:
        # With few rows a sort is cheaper; forbid it to see whether the index serves.
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "people_deputy_no_idx" in plan, plan
    assert "Sort" not in plan, plan

"""Migrations: the models agree with them, and an upgrade loses no row.

The people side (terms, delegations, deputies) moved from the courses app to the
people app. A database filled at the previous release is migrated forward here and
every row, foreign key, content type and permission is checked with today's models.
"""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps as current_apps
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from wagtail.models import ModelLogEntry
from wagtail.models import Page as CurrentPage

from certificates.models import Certificate
from courses.models import Enrolment, Exemption, HoursEntry, Requirement
from people.models import Delegation, Deputy, Term

# The leaf migrations of our apps at the previous release; Wagtail's and Django's
# apps stay where they are.
PREVIOUS_RELEASE = [
    ("courses", "0004_requirement_awards_certificate"),
    ("certificates", "0001_initial"),
    ("cms", "0003_standardpage_quiz_attempts"),
    ("people", None),
]
MOVED = ["term", "delegation", "deputy"]
TRAINING_ADMINISTRATORS = "培训管理员"


@pytest.mark.django_db
def test_models_and_migrations_agree():
    out = StringIO()
    try:
        call_command(
            "makemigrations", "--check", "--dry-run", stdout=out, stderr=StringIO()
        )
    except SystemExit as exit_:
        pytest.fail(
            f"models changed without a migration:\n{out.getvalue()}"
            if exit_.code
            else ""
        )


def _latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _migrate(targets):
    """Migrate the test database to `targets`; return the models as they are there."""
    MigrationExecutor(connection).migrate(targets)
    ContentType.objects.clear_cache()
    # A fresh loader (the one that migrated holds the graph as it was before), and
    # the state of exactly what is applied: the targets, and every other app as is.
    loader = MigrationExecutor(connection).loader
    applied = [node for node in loader.applied_migrations if node in loader.graph.nodes]
    state = loader.graph.make_state(
        nodes=applied, at_end=True, real_apps=loader.unmigrated_apps
    )
    return state.apps


@pytest.fixture
def migrate(transactional_db):
    """`migrate(targets)`; whatever happens, the database ends at the latest."""
    try:
        yield _migrate
    finally:
        _migrate(_latest())
        unapplied = MigrationExecutor(connection).migration_plan(_latest())
        assert not unapplied, f"test database left behind: {unapplied}"


def _page(apps, model_name: str, *, parent, **fields):
    """A Wagtail page made with historical models (treebeard's API is not there)."""
    Page = apps.get_model("wagtailcore", "Page")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="courses", model=model_name.lower()
    )
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .first()
    )
    step = CurrentPage._str2int(last.path[-CurrentPage.steplen :]) + 1 if last else 1
    page = apps.get_model("courses", model_name).objects.create(
        path=CurrentPage._get_path(parent.path, parent.depth + 1, step),
        depth=parent.depth + 1,
        numchild=0,
        draft_title=fields["title"],
        url_path=f"{parent.url_path}{fields['slug']}/",
        content_type=content_type,
        locale_id=parent.locale_id,
        **fields,
    )
    parent.numchild += 1
    parent.save(update_fields=["numchild"])
    return page


def _fill_previous_release(apps) -> dict:
    """What a college holds at the previous release, made with that release's models."""
    get = apps.get_model
    Page = get("wagtailcore", "Page")
    ContentType = get("contenttypes", "ContentType")
    Permission = get("auth", "Permission")
    User = get("auth", "User")

    # A database of the previous release has no content type of the people app yet.
    ContentType.objects.filter(app_label="people").delete()

    root = Page.objects.get(depth=1)
    course = _page(
        apps,
        "CoursePage",
        parent=root,
        title="代表法及实施办法解读",
        slug="deputies-law-upgrade",
        category="initial",
        hours=Decimal("6"),
        mode="online",
        summary="代表法解读",
    )
    module = _page(
        apps, "ModulePage", parent=course, title="代表法第1讲", slug="l1", body="[]"
    )

    term = get("courses", "Term").objects.create(
        number=16,
        name="第十六届",
        starts_on=date(2023, 1, 1),
        ends_on=date(2027, 12, 31),
    )
    Delegation = get("courses", "Delegation")
    huangpu = Delegation.objects.create(name="黄浦区", sort_order=1)
    xuhui = Delegation.objects.create(name="徐汇区", sort_order=2)
    Delegation.objects.create(name="黄浦区外滩街道", sort_order=3, parent=huangpu)

    learner = User.objects.create(username="zhangming", password=make_password("x"))
    Deputy = get("courses", "Deputy")
    zhang = Deputy.objects.create(
        term=term,
        deputy_no="16-0001",
        name="张明",
        delegation=huangpu,
        newly_elected=True,
        phone="13800000001",
        user=learner,
    )
    li = Deputy.objects.create(
        term=term, deputy_no="16-0002", name="李华", delegation=xuhui
    )

    trainer = User.objects.create(username="trainer-old", password=make_password("x"))
    trainers = get("auth", "Group").objects.get(name=TRAINING_ADMINISTRATORS)
    trainer.groups.add(trainers)
    deputy_type = ContentType.objects.get(app_label="courses", model="deputy")
    view_deputy, _ = Permission.objects.get_or_create(
        content_type=deputy_type,
        codename="view_deputy",
        defaults={"name": "Can view deputy"},
    )
    trainers.permissions.add(view_deputy)

    requirement = get("courses", "Requirement").objects.create(
        term=term,
        name="第十六届新任代表初任学习",
        slug="initial-16-upgrade",
        is_initial_learning=True,
        deadline=date(2024, 6, 30),
    )
    requirement.delegations.add(huangpu, xuhui)
    requirement.courses.add(course)
    get("courses", "Enrolment").objects.create(
        deputy=zhang, course=course, source="requirement", last_module=module
    )
    get("courses", "ModuleProgress").objects.create(
        deputy=zhang, module=module, opened_at=timezone.now()
    )
    get("courses", "QuizAttempt").objects.create(
        deputy=zhang, module=module, block_id="q1", number=1, score=80, passed=True
    )
    get("courses", "HoursEntry").objects.create(
        deputy=zhang,
        year=2024,
        category="initial",
        required=True,
        hours=Decimal("6"),
        source="other",
        description="线下集中培训",
        earned_on=date(2024, 3, 1),
    )
    get("courses", "Exemption").objects.create(
        requirement=requirement, deputy=li, reason="因病请假", granted_by=trainer
    )
    template = get("certificates", "CertificateTemplate").objects.create(
        name="初任学习证书", is_default=True
    )
    get("certificates", "Certificate").objects.create(
        serial="DC-2024-000001",
        hours=Decimal("6"),
        snapshot={"name": "张明", "programme": requirement.name},
        issued_at=timezone.now(),
        deputy=zhang,
        requirement=requirement,
        template=template,
    )
    get("wagtailcore", "ModelLogEntry").objects.create(
        content_type=deputy_type,
        label="张明（16-0001）",
        action="wagtail.edit",
        timestamp=timezone.now(),
        object_id=str(zhang.pk),
        user_id=trainer.pk,
    )
    return {
        "zhang": zhang.pk,
        "li": li.pk,
        "learner": learner.pk,
        "trainer": trainer.pk,
        "view_deputy": view_deputy.pk,
        "content_types": {
            model: ContentType.objects.get(app_label="courses", model=model).pk
            for model in MOVED
        },
    }


# Every table whose rows must come through unchanged, as (app, model) at the
# previous release and today.
TABLES = {
    "term": (("courses", "Term"), ("people", "Term")),
    "delegation": (("courses", "Delegation"), ("people", "Delegation")),
    "deputy": (("courses", "Deputy"), ("people", "Deputy")),
    "requirement": (("courses", "Requirement"), ("courses", "Requirement")),
    "enrolment": (("courses", "Enrolment"), ("courses", "Enrolment")),
    "module progress": (("courses", "ModuleProgress"), ("courses", "ModuleProgress")),
    "quiz attempt": (("courses", "QuizAttempt"), ("courses", "QuizAttempt")),
    "hours": (("courses", "HoursEntry"), ("courses", "HoursEntry")),
    "exemption": (("courses", "Exemption"), ("courses", "Exemption")),
    "certificate": (("certificates", "Certificate"), ("certificates", "Certificate")),
}


def _rows(apps, *, today: bool) -> dict[str, list[dict]]:
    """Every column of every row of the tables above, and requirement delegations."""
    rows = {}
    for table, (previous, current) in TABLES.items():
        model = apps.get_model(*(current if today else previous))
        rows[table] = list(model.objects.order_by("pk").values())
    requirement = apps.get_model("courses", "Requirement")
    through = requirement._meta.get_field("delegations").remote_field.through
    rows["requirement delegations"] = list(through.objects.order_by("pk").values())
    return rows


def _columns_of(rows: dict[str, list[dict]], before: dict[str, list[dict]]) -> dict:
    """Today's rows cut to the columns the previous release had; a column added since
    (ModuleProgress.retry_at) must be empty."""
    added = {
        key: value
        for table, table_rows in rows.items()
        for row, old in zip(table_rows, before[table], strict=True)
        for key, value in row.items()
        if key not in old
    }
    assert not any(added.values()), added
    return {
        table: [
            {key: row[key] for key in old}
            for row, old in zip(table_rows, before[table], strict=True)
        ]
        for table, table_rows in rows.items()
    }


@pytest.mark.django_db(transaction=True)
def test_upgrade_from_previous_release_keeps_every_row_of_the_people_side(
    migrate, client
):
    old = migrate(PREVIOUS_RELEASE)
    assert not old.get_model("courses", "Deputy").objects.exists()
    made = _fill_previous_release(old)
    before = _rows(old, today=False)
    assert all(before.values()), "every table checked below holds rows"
    assert len(before["deputy"]) == 2 and len(before["delegation"]) == 3

    migrate(_latest())

    # Same rows, same ids, every column unchanged; columns added since start empty.
    assert _columns_of(_rows(current_apps, today=True), before) == before
    assert Term.objects.get().name == "第十六届"

    # Foreign keys from the learning records resolve to the people app's models.
    zhang = Deputy.objects.select_related("delegation", "term", "user").get(
        pk=made["zhang"]
    )
    assert (zhang.name, zhang.delegation.name, zhang.term.number) == (
        "张明",
        "黄浦区",
        16,
    )
    assert User.objects.get(pk=made["learner"]).deputy == zhang
    enrolment = Enrolment.objects.select_related("deputy").get()
    assert (
        enrolment.deputy == zhang and enrolment.course.title == "代表法及实施办法解读"
    )
    assert HoursEntry.objects.get().deputy == zhang
    exemption = Exemption.objects.select_related("deputy", "granted_by").get()
    assert exemption.deputy.name == "李华"
    assert exemption.granted_by.username == "trainer-old"
    certificate = Certificate.objects.select_related("deputy").get()
    assert certificate.deputy == zhang
    assert certificate.requirement.slug == "initial-16-upgrade"
    requirement = Requirement.objects.get(slug="initial-16-upgrade")
    assert set(requirement.delegations.values_list("name", flat=True)) == {
        "黄浦区",
        "徐汇区",
    }
    assert requirement.term.number == 16
    assert set(zhang.enrolments.values_list("course__slug", flat=True)) == {
        "deputies-law-upgrade"
    }
    assert Deputy.objects.filter(certificates__requirement=requirement).get() == zhang
    assert Delegation.objects.get(name="黄浦区外滩街道").parent.name == "黄浦区"

    # The content types moved (same rows), so permissions and admin history follow.
    for model, pk in made["content_types"].items():
        moved = ContentType.objects.get(pk=pk)
        assert (moved.app_label, moved.model) == ("people", model)
    assert (
        ContentType.objects.get_for_model(Deputy).pk == made["content_types"]["deputy"]
    )
    assert not ContentType.objects.filter(app_label="courses", model__in=MOVED).exists()
    permission = Permission.objects.select_related("content_type").get(
        pk=made["view_deputy"]
    )
    assert (permission.content_type.app_label, permission.codename) == (
        "people",
        "view_deputy",
    )
    assert Permission.objects.filter(codename="view_deputy").count() == 1
    trainers = Group.objects.get(name=TRAINING_ADMINISTRATORS)
    assert trainers.permissions.filter(pk=made["view_deputy"]).exists()
    trainer = User.objects.get(pk=made["trainer"])
    assert trainer.has_perm("people.view_deputy")
    assert not trainer.has_perm("courses.view_deputy")
    history = ModelLogEntry.objects.for_instance(zhang)
    assert list(history.values_list("label", flat=True)) == ["张明（16-0001）"]

    # What the training administrator sees: the roster in the admin lists both.
    client.force_login(trainer)
    roster = client.get("/admin/deputies/")
    assert roster.status_code == 200
    assert "张明" in roster.content.decode() and "李华" in roster.content.decode()

    # And back: the previous release's models find the same rows again.
    old = migrate(PREVIOUS_RELEASE)
    assert _rows(old, today=False) == before
    old_types = old.get_model("contenttypes", "ContentType").objects
    for model, pk in made["content_types"].items():
        assert (old_types.get(pk=pk).app_label, old_types.get(pk=pk).model) == (
            "courses",
            model,
        )

    # Forward once more; a deputy added afterwards takes a new id (the sequence
    # survived the table's renaming twice).
    migrate(_latest())
    assert _columns_of(_rows(current_apps, today=True), before) == before
    added = Deputy.objects.create(
        term=zhang.term, deputy_no="16-0003", name="王芳", delegation=zhang.delegation
    )
    assert added.pk > max(made["zhang"], made["li"])

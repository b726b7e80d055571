from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from cms.groups import COURSE_EDITORS
from cms.services import plan_editors_grant
from infrastructure.branding import site_name
from tests.factories.pages import (
    AnnualPlanPageFactory,
    CoursePageFactory,
    HomePageFactory,
    ModulePageFactory,
    TrainingPlanPageFactory,
)


@pytest.fixture
def home(db):
    return HomePageFactory.create_site()


@pytest.fixture
def plan(home):
    plan = TrainingPlanPageFactory(parent=home)
    plan_editors_grant(plan=plan)
    return plan


@pytest.fixture
def annual(plan):
    return AnnualPlanPageFactory(parent=plan, year=2023)


@pytest.fixture
def course(annual):
    course = CoursePageFactory(
        parent=annual, title="代表建议专题研讨班", slug="suggestion-seminar"
    )
    ModulePageFactory(parent=course, title="高质量代表建议的要素")
    ModulePageFactory(parent=course, title="建议办理与督办")
    return course


@pytest.fixture
def module(course):
    return course.get_children().first().specific


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user("learner", password="pw-learner-123")


@pytest.fixture
def editor(db):
    editor = get_user_model().objects.create_user("editor", password="pw-editor-123")
    editor.groups.add(Group.objects.get(name=COURSE_EDITORS))
    return editor


@pytest.fixture
def quizless_course(annual):
    """A course of two modules without quizzes and one optional module."""
    from tests.factories.pages import CoursePageFactory

    course = CoursePageFactory(
        parent=annual, title="代表法及实施办法解读", slug="deputies-law", hours="6"
    )
    for n in range(2):
        ModulePageFactory(parent=course, title=f"代表法第{n + 1}讲", body="[]")
    ModulePageFactory(parent=course, title="延伸阅读", body="[]", is_required=False)
    return course


@pytest.fixture
def deputy(db):
    from tests.factories.roster import DeputyFactory

    return DeputyFactory(with_account=True, name="张明")


@pytest.fixture
def other_deputy(db):
    from tests.factories.roster import DeputyFactory

    return DeputyFactory(with_account=True, name="李华")


def ensure_base_data() -> None:
    """Restore what migrations put in the database, after a transactional test flush."""
    from importlib import import_module

    from django.apps import apps
    from django.conf import settings
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.models import ContentType
    from django.utils.translation import get_supported_language_variant
    from wagtail.models import Collection, Locale, Page

    # A flush empties the content types; the cache would still hand out old ids.
    ContentType.objects.clear_cache()
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    Locale.objects.get_or_create(
        language_code=get_supported_language_variant(settings.LANGUAGE_CODE)
    )
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(
            instance=Page(
                title="Root",
                slug="root",
                content_type=ContentType.objects.get_for_model(Page),
            )
        )
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")
    import_module("cms.migrations.0002_staff_groups").create_groups(apps, None)
    import_module(
        "courses.migrations.0003_training_administrator_permissions"
    ).grant_permissions(apps)
    # The staff roles as their migration grants them; its first step (permissions
    # made on historical models) was done above on the real ones.
    staff_roles = import_module("cms.migrations.0005_staff_roles")
    with mock.patch.object(staff_roles, "_create_permissions", lambda apps: None):
        staff_roles.forwards(apps, None)
    import_module("forum.migrations.0002_forum_roles").grant(apps)
    import_module("courses.migrations.0012_exams_and_rounds").grant_permissions(apps)
    import_module(
        "coverage.migrations.0002_training_administrator_permissions"
    ).grant_permissions(apps)
    import_module(
        "certificates.migrations.0007_training_administrators_read_learning_records"
    ).grant_permissions(apps)


@pytest.fixture(autouse=True)
def _base_data_for_transactional_tests(request):
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
        ensure_base_data()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """A reused test database was flushed by the last session's transactional tests."""
    with django_db_blocker.unblock():
        ensure_base_data()
        # The college's name is read once per process, as in production.
        site_name()

"""An account's permissions: its own and its groups', read in one query."""

from django.contrib.auth.models import Group, Permission, User
from django.db import connection
from django.test.utils import CaptureQueriesContext


def test_own_and_group_permissions_both_count_and_cost_one_query(db):
    user = User.objects.create_user("staff-a", password="x")  # noqa: S106
    group = Group.objects.create(name="考勤员")
    group.permissions.add(Permission.objects.get(codename="add_attendance"))
    user.groups.add(group)
    user.user_permissions.add(Permission.objects.get(codename="view_deputy"))
    user = User.objects.get(pk=user.pk)  # no cached permissions
    with CaptureQueriesContext(connection) as captured:
        assert user.has_perm("courses.add_attendance")  # through the group
        assert user.has_perm("people.view_deputy")  # the user's own
        assert not user.has_perm("people.change_deputy")
    assert len(captured) == 1
    assert user.get_all_permissions() == {
        "courses.add_attendance",
        "people.view_deputy",
    }


def test_a_training_administrator_reads_the_roles_permissions_in_one_query(db):
    trainer = User.objects.create_user("trainer-a", password="x")  # noqa: S106
    trainer.groups.add(Group.objects.get(name="培训管理员"))
    trainer = User.objects.get(pk=trainer.pk)
    with CaptureQueriesContext(connection) as captured:
        assert trainer.has_perm("people.view_deputy")
        assert trainer.has_perm("certificates.add_certificate")
        assert not trainer.has_perm("wagtailcore.add_page")
    assert len(captured) == 1


# The backend's special cases are the point here: a superuser and an inactive user.
def test_a_superuser_has_every_permission_and_an_inactive_user_none(db):
    admin = User.objects.create_superuser("root-a", password="x")  # noqa: S106
    assert admin.has_perm("people.change_deputy")
    assert len(admin.get_all_permissions()) == Permission.objects.count()
    gone = User.objects.create_user("gone-a", password="x", is_active=False)  # noqa: S106
    gone.user_permissions.add(Permission.objects.get(codename="view_deputy"))
    assert not User.objects.get(pk=gone.pk).has_perm("people.view_deputy")

"""Who may do what with deputies' learning; views and templates ask these."""

from courses.models import Deputy


def can_view_record(user, deputy: Deputy) -> bool:
    """A deputy sees their own record; training administrators see every deputy's."""
    if not user.is_authenticated:
        return False
    if deputy.user_id is not None and deputy.user_id == user.pk:
        return True
    return user.has_perm("courses.view_deputy")


def can_manage_roster(user) -> bool:
    return user.is_authenticated and user.has_perm("courses.change_deputy")


def can_study(user) -> bool:
    return user.is_authenticated

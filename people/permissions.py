"""Who may do what with the roster and deputies' records.

Scoping by delegation lives in the querysets (`visible_to`), so that no view can
forget it; these predicates answer the yes/no questions views and menus ask.
"""

from people.models import Deputy


def can_view_record(user, deputy: Deputy) -> bool:
    """A deputy sees their own record; staff see the records within their scope."""
    return Deputy.objects.visible_to(user).filter(pk=deputy.pk).exists()


def can_view_others_records(user) -> bool:
    """Staff who read deputies' records (those within their scope)."""
    return user.is_authenticated and user.has_perm("people.view_deputy")


def can_manage_roster(user) -> bool:
    return user.is_authenticated and user.has_perm("people.change_deputy")

"""Who may do what with the roster.

Scoping by delegation lives in the querysets (`visible_to`), so that no view can
forget it; these predicates answer the yes/no questions views and menus ask.
"""

from wagtail.permission_policies import ModelPermissionPolicy

from infrastructure.identity import AnyUser
from people.models import Deputy
from people.querysets import delegation_scope


def can_view_record(user: AnyUser, deputy: Deputy) -> bool:
    """A deputy sees their own record; staff see the records within their scope."""
    return Deputy.objects.visible_to(user).filter(pk=deputy.pk).exists()


def can_view_others_records(user: AnyUser) -> bool:
    """Staff who read deputies' records (those within their scope)."""
    return user.is_authenticated and user.has_perm("people.view_deputy")


def can_manage_roster(user: AnyUser) -> bool:
    """Import the roster file: whole-congress staff only.

    A roster file names any delegation and updates deputies by number: in a scoped
    administrator's hands it would write outside their delegations.
    """
    return (
        user.is_authenticated
        and user.has_perm("people.change_deputy")
        and delegation_scope(user) is None
    )


class CongressWidePolicy(ModelPermissionPolicy):
    """Data of the whole congress (terms, delegations, requirements).

    Staff limited to some delegations read it but do not change it: a district's
    administrator moving a deadline or renaming a delegation would change every
    district's figures.
    """

    def user_has_permission(self, user: AnyUser, action: str) -> bool:
        if action != "view" and delegation_scope(user) is not None:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user: AnyUser, actions: list[str]) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)

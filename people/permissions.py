"""Who may do what with the roster.

Scoping by delegation lives in the querysets (`visible_to`), so that no view can
forget it; these predicates answer the yes/no questions views and menus ask.
"""

from infrastructure.identity import AnyUser


def can_manage_roster(user: AnyUser) -> bool:
    return user.is_authenticated and user.has_perm("people.change_deputy")

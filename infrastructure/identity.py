"""Which deputy a logged-in user is, without the shared home knowing the roster.

`AnyUser` is what `request.user` may be: an account or the anonymous user. It is a
string at run time, so that importing it never loads the auth models.
"""

from typing import TYPE_CHECKING, Any, TypeAlias

from django.core.exceptions import ObjectDoesNotExist

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

AnyUser: TypeAlias = "User | AnonymousUser"


# Any: the shared home cannot name people.Deputy without importing the app.
def deputy_for_user(user: "AnyUser | None") -> Any:
    """The roster entry linked to this account, or None (staff, anonymous, unlinked)."""
    if user is None or not user.is_authenticated:
        return None
    try:
        return user.deputy
    except ObjectDoesNotExist:
        return None

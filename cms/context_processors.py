"""What the site's layout asks about the visitor, answered lazily."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def staff_links(request: HttpRequest) -> dict:
    """`can_access_admin`: the header shows the admin link to whoever may use it.

    Asked through has_perm, whose answers Wagtail's user bar on the same page
    reuses: the check costs no query of its own.
    """
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {
        "can_access_admin": SimpleLazyObject(
            lambda: user.is_active and user.has_perm("wagtailadmin.access_admin")
        )
    }

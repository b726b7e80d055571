"""What the site's layout asks about the visitor, each answered lazily in one query."""

from django.contrib.auth.models import Permission
from django.db.models import Q
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def _can_access_admin(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    # One query instead of loading every permission of the user and the groups.
    return (
        Permission.objects.filter(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
        .filter(Q(user=user) | Q(group__user=user))
        .exists()
    )


def staff_links(request: HttpRequest) -> dict:
    """`can_access_admin`: the header shows the admin link to whoever may use it."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {"can_access_admin": SimpleLazyObject(lambda: _can_access_admin(user))}

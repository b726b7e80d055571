"""Which deputy a logged-in user is, without the shared home knowing the roster's models."""

from django.core.exceptions import ObjectDoesNotExist


def deputy_for_user(user):
    """The roster entry linked to this account, or None (staff, anonymous, not linked)."""
    if user is None or not user.is_authenticated:
        return None
    try:
        return user.deputy
    except ObjectDoesNotExist:
        return None

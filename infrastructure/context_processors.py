"""The header's unread-notices counter and the college's name."""

from functools import cached_property

from django.utils.functional import lazy

from infrastructure.branding import site_name
from infrastructure.models import Notification


class UnreadNotifications:
    """Counts a user's unread notices when a template first asks: one query, or none."""

    def __init__(self, user) -> None:
        self.user = user

    @cached_property
    def count(self) -> int:
        return Notification.objects.inbox_of(self.user).unread().count()


def unread_notifications(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": UnreadNotifications(user)}


def college_branding(request) -> dict:
    """`college_site_name`: the college's one name, read when a template first asks."""
    return {"college_site_name": lazy(site_name, str)()}

"""Who may see coverage and remind deputies; what they see is their delegation scope."""

from collections.abc import Iterable

from wagtail.permission_policies import ModelPermissionPolicy

from infrastructure.identity import AnyUser


def can_view_coverage(user: AnyUser) -> bool:
    """Staff who read deputies' enrolments; `visible_to` narrows them to their scope."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.has_perm("courses.view_enrolment")
    )


def can_send_reminders(user: AnyUser) -> bool:
    return can_view_coverage(user) and bool(user.has_perm("coverage.add_reminderlog"))


class SentOnlyPolicy(ModelPermissionPolicy):
    """Reminders are sent from the coverage page, never typed in: read only."""

    def user_has_permission(self, user: AnyUser, action: str) -> bool:
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user: AnyUser, actions: Iterable[str]) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)


def can_issue_bulletins(user: AnyUser) -> bool:
    """Whoever sees coverage may issue a bulletin of it, covering their own scope."""
    return can_view_coverage(user)

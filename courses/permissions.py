"""Who may run offline sessions: see them, take attendance, decide leave."""

from collections.abc import Iterable

from wagtail.permission_policies import ModelPermissionPolicy

from infrastructure.identity import AnyUser


def can_view_sessions(user: AnyUser) -> bool:
    return bool(user.is_active and user.has_perm("courses.view_offlinesession"))


def can_take_attendance(user: AnyUser) -> bool:
    return bool(user.is_active and user.has_perm("courses.add_attendance"))


def can_assign_seats(user: AnyUser) -> bool:
    return bool(user.is_active and user.has_perm("courses.add_sessionseat"))


def can_decide_leave(user: AnyUser) -> bool:
    return bool(user.is_active and user.has_perm("courses.change_leaverequest"))


def can_grant_attempts(user: AnyUser) -> bool:
    """Training administrators give a deputy more attempts at a quiz or an exam."""
    return bool(user.is_active and user.has_perm("courses.add_attemptgrant"))


class RecordedOnlyPolicy(ModelPermissionPolicy):
    """Read-only generic admin views for what the session services write.

    Seats, leave and attendance carry rules (capacity, the deputy's notice, course
    completion) that only the services apply.
    """

    def user_has_permission(self, user: AnyUser, action: str) -> bool:
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user: AnyUser, actions: Iterable[str]) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)

"""Who may run offline sessions: see them, take attendance, decide leave."""

from infrastructure.identity import AnyUser


def can_view_sessions(user: AnyUser) -> bool:
    return bool(user.is_active and user.has_perm("courses.view_offlinesession"))


def can_take_attendance(user: AnyUser) -> bool:
    return bool(user.is_active and user.has_perm("courses.add_attendance"))


def can_assign_seats(user: AnyUser) -> bool:
    return bool(user.is_active and user.has_perm("courses.add_sessionseat"))


def can_decide_leave(user: AnyUser) -> bool:
    return bool(user.is_active and user.has_perm("courses.change_leaverequest"))

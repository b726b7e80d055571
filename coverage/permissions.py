"""Who may see coverage and remind deputies; what they see is their delegation scope."""

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

"""Views of the courses app: learning (catalogue, my learning, records, modules) and
offline sessions (the deputy's check-in and classes, the administrators' pages)."""

from .exams import attempts_grant_view, exam_start_view, exam_submit_view
from .learning import (
    catalogue,
    course_enrol_view,
    module_open_view,
    my_learning,
    quiz_submit_view,
)
from .session_admin import SessionCheckinView, SessionManageView, SessionTokenView
from .sessions import (
    leave_request_view,
    my_sessions,
    session_checkin,
    session_register_view,
)

__all__ = [
    "SessionCheckinView",
    "SessionManageView",
    "SessionTokenView",
    "attempts_grant_view",
    "catalogue",
    "course_enrol_view",
    "exam_start_view",
    "exam_submit_view",
    "leave_request_view",
    "module_open_view",
    "my_learning",
    "my_sessions",
    "quiz_submit_view",
    "session_checkin",
    "session_register_view",
]

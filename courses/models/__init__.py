from .pages import (
    AnnualPlanPage,
    Category,
    CourseLecturer,
    CoursePage,
    DeliveryMode,
    ModulePage,
    TrainingPlanPage,
)
from .progress import Enrolment, HoursEntry, ModuleProgress, QuizAttempt
from .requirements import Exemption, Requirement
from .sessions import Attendance, LeaveRequest, OfflineSession, SessionSeat
from .viewing import ModuleViewing, PlayingClaim

__all__ = [
    "AnnualPlanPage",
    "Attendance",
    "Category",
    "CourseLecturer",
    "CoursePage",
    "DeliveryMode",
    "Enrolment",
    "Exemption",
    "HoursEntry",
    "LeaveRequest",
    "ModulePage",
    "ModuleProgress",
    "ModuleViewing",
    "OfflineSession",
    "PlayingClaim",
    "QuizAttempt",
    "Requirement",
    "SessionSeat",
    "TrainingPlanPage",
]

from .exams import AttemptGrant, ExamAttempt, ExamPage, Question, QuestionBank
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
from .standings import CoverageStanding
from .viewing import ModuleViewing, PlayingClaim

__all__ = [
    "AnnualPlanPage",
    "AttemptGrant",
    "Attendance",
    "Category",
    "CourseLecturer",
    "CoverageStanding",
    "CoursePage",
    "DeliveryMode",
    "Enrolment",
    "ExamAttempt",
    "ExamPage",
    "Exemption",
    "HoursEntry",
    "LeaveRequest",
    "ModulePage",
    "ModuleProgress",
    "ModuleViewing",
    "OfflineSession",
    "PlayingClaim",
    "Question",
    "QuestionBank",
    "QuizAttempt",
    "Requirement",
    "SessionSeat",
    "TrainingPlanPage",
]

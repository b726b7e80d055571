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
from .roster import Delegation, Deputy, Gender, Level, Term

__all__ = [
    "AnnualPlanPage",
    "Category",
    "CourseLecturer",
    "CoursePage",
    "DeliveryMode",
    "Delegation",
    "Deputy",
    "Enrolment",
    "Exemption",
    "Gender",
    "HoursEntry",
    "Level",
    "ModulePage",
    "ModuleProgress",
    "QuizAttempt",
    "Requirement",
    "Term",
    "TrainingPlanPage",
]

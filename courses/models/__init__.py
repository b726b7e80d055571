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

__all__ = [
    "AnnualPlanPage",
    "Category",
    "CourseLecturer",
    "CoursePage",
    "DeliveryMode",
    "Enrolment",
    "Exemption",
    "HoursEntry",
    "ModulePage",
    "ModuleProgress",
    "QuizAttempt",
    "Requirement",
    "TrainingPlanPage",
]

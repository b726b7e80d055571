from .pages import (
    AnnualPlanPage,
    Category,
    CourseLecturer,
    CoursePage,
    DeliveryMode,
    ModulePage,
    TrainingPlanPage,
)

__all__ = [
    "AnnualPlanPage",
    "Category",
    "CourseLecturer",
    "CoursePage",
    "DeliveryMode",
    "ModulePage",
    "TrainingPlanPage",
]

"""Learning records: enrolments (with module progress and hours), hours, exemptions.

A completed enrolment is what `enrolment_refresh` leaves behind: every required module
of the course complete, progress 100 %, and the course's line in the hours ledger.
"""

from datetime import timedelta

import factory
from django.utils import timezone

from courses.models import (
    AnnualPlanPage,
    CoursePage,
    Enrolment,
    Exemption,
    HoursEntry,
    ModulePage,
    ModuleProgress,
)
from tests.factories.pages import (
    AnnualPlanPageFactory,
    CoursePageFactory,
    HomePageFactory,
    ModulePageFactory,
    TrainingPlanPageFactory,
)
from tests.factories.roster import DeputyFactory, RequirementFactory


def annual_plan() -> AnnualPlanPage:
    """The first annual plan in the tree; home, plan and year are planted if none."""
    existing = AnnualPlanPage.objects.first()
    if existing is not None:
        return existing
    home = HomePageFactory.create_site()
    plan = TrainingPlanPageFactory(parent=home)
    return AnnualPlanPageFactory(parent=plan, year=2023)


class CourseWithModulesFactory(CoursePageFactory):
    """A course under the first annual plan, with two required modules (no quiz)."""

    parent = factory.LazyFunction(annual_plan)

    class Meta:
        model = CoursePage
        skip_postgeneration_save = True

    @factory.post_generation
    def modules(obj, create, extracted, **kwargs):
        if not create:
            return
        for n in range(extracted if extracted is not None else 2):
            ModulePageFactory(parent=obj, title=f"{obj.title}第{n + 1}讲", body="[]")


def _required_modules(course):
    return ModulePage.objects.live().child_of(course).filter(is_required=True)


class EnrolmentFactory(factory.django.DjangoModelFactory):
    deputy = factory.SubFactory(DeputyFactory)
    course = factory.SubFactory(CourseWithModulesFactory)
    source = Enrolment.Source.REQUIREMENT
    modules_total = factory.LazyAttribute(lambda o: _required_modules(o.course).count())
    modules_done = 0
    progress = 0

    class Meta:
        model = Enrolment
        skip_postgeneration_save = True

    class Params:
        completed = factory.Trait(
            modules_done=factory.SelfAttribute("modules_total"),
            progress=100,
            completed_at=factory.LazyFunction(
                lambda: timezone.now() - timedelta(days=30)
            ),
            last_activity_at=factory.SelfAttribute("completed_at"),
        )

    @factory.post_generation
    def record(obj, create, extracted, **kwargs):
        """A completed course leaves its modules complete, its hours in the ledger."""
        if not create or obj.completed_at is None:
            return
        for module in _required_modules(obj.course):
            ModuleProgress.objects.get_or_create(
                deputy=obj.deputy,
                module=module,
                defaults={
                    "opened_at": obj.completed_at,
                    "completed_at": obj.completed_at,
                },
            )
        on = timezone.localdate(obj.completed_at)
        HoursEntry.objects.get_or_create(
            deputy=obj.deputy,
            course=obj.course,
            source=HoursEntry.Source.COURSE,
            defaults={
                "year": on.year,
                "category": obj.course.category,
                "required": obj.course.is_required,
                "hours": obj.course.hours,
                "description": obj.course.title,
                "earned_on": on,
            },
        )


class HoursEntryFactory(factory.django.DjangoModelFactory):
    """Hours recognised outside a course (a line of the ledger typed in by staff)."""

    deputy = factory.SubFactory(DeputyFactory)
    earned_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=7))
    year = factory.LazyAttribute(lambda o: o.earned_on.year)
    category = "thematic"
    hours = 2
    source = HoursEntry.Source.OTHER
    description = factory.Sequence(lambda n: f"代表工作小组专题培训班第{n + 1}期")

    class Meta:
        model = HoursEntry


class ExemptionFactory(factory.django.DjangoModelFactory):
    requirement = factory.SubFactory(RequirementFactory)
    deputy = factory.SubFactory(
        DeputyFactory, term=factory.SelfAttribute("..requirement.term")
    )
    reason = "因公出国，经代表团同意免于参加"

    class Meta:
        model = Exemption

"""Chainable, side-effect-free filters."""

from django.apps import apps
from django.db.models import Q
from wagtail.models import PageQuerySet


class CoursePageQuerySet(PageQuerySet):
    def of_year(self, year: int):
        annual_plans = apps.get_model("courses", "AnnualPlanPage").objects.filter(
            year=year
        )
        query = Q(pk__in=[])
        for path in annual_plans.values_list("path", flat=True):
            query |= Q(path__startswith=path)
        return self.filter(query)

    def required(self):
        return self.filter(is_required=True)

    def electives(self):
        return self.filter(is_required=False)

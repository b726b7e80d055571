"""Chainable, side-effect-free filters."""

from typing import Self

from django.apps import apps
from django.db.models import Q
from wagtail.models import PageQuerySet


class CoursePageQuerySet(PageQuerySet):
    def of_year(self, year: int) -> Self:
        annual_plans = apps.get_model("courses", "AnnualPlanPage").objects.filter(
            year=year
        )
        query = Q(pk__in=[])
        for path in annual_plans.values_list("path", flat=True):
            query |= Q(path__startswith=path)
        return self.filter(query)

    def required(self) -> Self:
        return self.filter(is_required=True)

    def electives(self) -> Self:
        return self.filter(is_required=False)

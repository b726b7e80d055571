"""Chainable, side-effect-free filters."""

from django.apps import apps
from django.db import models
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


class DeputyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def newly_elected(self):
        return self.filter(newly_elected=True)

    def for_term(self, term):
        return self.filter(term=term)

    def find_by_login(self, identifier: str):
        """Deputies whose number, phone or email is the identifier."""
        identifier = identifier.strip()
        return self.filter(
            models.Q(deputy_no=identifier)
            | models.Q(phone=identifier)
            | models.Q(email__iexact=identifier)
        )

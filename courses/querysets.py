"""Chainable, side-effect-free filters."""

from typing import Self

from django.apps import apps
from django.db.models import Q
from wagtail.models import Page, PageQuerySet


class TreeQuerySet(PageQuerySet):
    """Descendants and children found by a range of the indexed tree path.

    Wagtail asks `path LIKE 'prefix%'`, which SQLite answers by reading every page
    (its LIKE ignores case, so the index does not serve it). Every path under a
    page lies between the page's path and that path padded with the alphabet's
    last character: the same rows, read from the index on both databases.
    """

    def descendant_of_q(self, other: Page, inclusive: bool = False) -> Q:
        longest = self.model._meta.get_field("path").max_length
        last = self.model.alphabet[-1] * (longest - len(other.path))
        q = Q(path__range=(other.path, other.path + last), depth__gte=other.depth)
        if not inclusive:
            q &= ~Q(pk=other.pk)
        return q


class CoursePageQuerySet(TreeQuerySet):
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

"""Where each cohort member stands on a requirement, kept for the coverage figures.

A read model (ADR 0017): the same facts as the recount `cohort_with_coverage`,
written when they change so that the dashboard reads them instead of counting
every deputy's completions and hours on each request.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from courses.models.requirements import Requirement
from people.models import Delegation, Deputy
from people.querysets import DeputyDataQuerySet

# One bit per required course (in the order of their ids): a requirement of more
# courses than this cannot be kept in one row, and `standings_refresh` refuses it.
MAX_REQUIRED_COURSES = 62


class StandingQuerySet(DeputyDataQuerySet):
    def visible_to(self, user):
        """Who may see a standing is who may see the deputy: the one rule on Deputy."""
        condition = Deputy.objects.all().visibility(user)
        # The whole congress (no condition) reads without a join on the deputies.
        if not condition:
            return self.all()
        return self.filter(deputy__in=Deputy.objects.filter(condition).values("pk"))


class CoverageStanding(models.Model):
    requirement = models.ForeignKey(
        Requirement,
        verbose_name=_("learning requirement"),
        on_delete=models.CASCADE,
        related_name="standings",
    )
    deputy = models.ForeignKey(
        Deputy,
        verbose_name=_("deputy"),
        on_delete=models.CASCADE,
        related_name="coverage_standings",
    )
    # The deputy's delegation, copied: the figures are grouped by it without a join.
    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    courses_done = models.PositiveSmallIntegerField(_("required courses completed"))
    # Bit i: the i-th of the requirement's courses (by id) is completed.
    courses_mask = models.BigIntegerField(default=0)
    required_hours = models.DecimalField(max_digits=8, decimal_places=1)
    elective_hours = models.DecimalField(max_digits=8, decimal_places=1)
    covered = models.BooleanField(_("covered"))
    # First day of the month of the last required completion, once covered: the
    # cumulative line is a count per value of this column.
    covered_month = models.DateField(null=True, blank=True)

    objects = StandingQuerySet.as_manager()

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("coverage standing")
        verbose_name_plural = _("coverage standings")
        constraints = [
            models.UniqueConstraint(
                fields=["requirement", "deputy"], name="one_standing_per_requirement"
            )
        ]
        indexes = [
            models.Index(
                fields=["requirement", "delegation", "covered"],
                name="standing_by_delegation_idx",
            ),
            models.Index(
                fields=["requirement", "covered", "covered_month"],
                name="standing_covered_month_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requirement_id}/{self.deputy_id}"

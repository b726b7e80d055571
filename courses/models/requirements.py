"""What each deputy must learn: requirements (学习要求) and exemptions."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from courses.models.pages import CoursePage
from people.models import Delegation, Deputy, Term
from people.querysets import DeputyDataQuerySet


class Requirement(models.Model):
    """A learning requirement; the deputies it covers form its cohort."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    term = models.ForeignKey(
        Term,
        verbose_name=_("term"),
        on_delete=models.PROTECT,
        related_name="requirements",
    )
    is_initial_learning = models.BooleanField(
        _("initial-term learning"),
        default=False,
        help_text=_("The requirement that coverage reports by default for this term."),
    )
    newly_elected_only = models.BooleanField(
        _("newly elected deputies only"), default=True
    )
    delegations = models.ManyToManyField(
        Delegation,
        verbose_name=_("delegations"),
        blank=True,
        help_text=_("Leave empty for every delegation."),
        related_name="requirements",
    )
    courses = models.ManyToManyField(
        CoursePage,
        verbose_name=_("required courses"),
        blank=True,
        related_name="requirements",
    )
    min_required_hours = models.DecimalField(
        _("minimum hours from required courses"),
        max_digits=6,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    min_elective_hours = models.DecimalField(
        _("minimum hours from elective courses"),
        max_digits=6,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    deadline = models.DateField(_("deadline"))
    awards_certificate = models.BooleanField(
        _("awards a certificate"),
        default=True,
        help_text=_(
            "Deputies who meet the requirement receive a certificate of the whole "
            "programme."
        ),
    )
    by_election_days = models.PositiveSmallIntegerField(
        _("days allowed after a by-election"),
        default=180,
        help_text=_(
            "A deputy elected later has at least this many days from the election date."
        ),
    )

    class Meta:
        verbose_name = _("learning requirement")
        verbose_name_plural = _("learning requirements")
        ordering = ["-term__number", "deadline"]
        constraints = [
            models.UniqueConstraint(
                fields=["term"],
                condition=models.Q(is_initial_learning=True),
                name="one_initial_requirement_per_term",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Exemption(models.Model):
    """An excused deputy leaves the requirement's cohort, with the reason on record."""

    requirement = models.ForeignKey(
        Requirement,
        verbose_name=_("learning requirement"),
        on_delete=models.CASCADE,
        related_name="exemptions",
    )
    deputy = models.ForeignKey(
        Deputy,
        verbose_name=_("deputy"),
        on_delete=models.CASCADE,
        related_name="exemptions",
    )
    reason = models.CharField(_("reason"), max_length=200)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    objects = DeputyDataQuerySet.as_manager()

    class Meta:
        verbose_name = _("exemption")
        verbose_name_plural = _("exemptions")
        constraints = [
            models.UniqueConstraint(
                fields=["requirement", "deputy"], name="exemption_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.deputy} · {self.requirement}"

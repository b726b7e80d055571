"""What each deputy has done: enrolments, module progress, quiz attempts, hours."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from courses.models.pages import Category, CoursePage, ModulePage
from infrastructure.numbers import hours_display
from people.models import Deputy
from people.querysets import DeputyDataQuerySet


class Enrolment(models.Model):
    """A deputy in a course, with progress kept up to date by the services."""

    # A record of what a deputy did, not content: saving it queues no reference-index
    # task (Wagtail would otherwise index every write; issue 9).
    wagtail_reference_index_ignore = True

    class Source(models.TextChoices):
        REQUIREMENT = "requirement", _("Required by a learning requirement")
        SELF = "self", _("Chosen by the deputy")

    deputy = models.ForeignKey(
        Deputy,
        verbose_name=_("deputy"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    course = models.ForeignKey(
        CoursePage,
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.SELF
    )
    enrolled_at = models.DateTimeField(_("enrolled at"), auto_now_add=True)
    modules_total = models.PositiveSmallIntegerField(_("required modules"), default=0)
    modules_done = models.PositiveSmallIntegerField(_("completed modules"), default=0)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    last_module = models.ForeignKey(
        ModulePage,
        verbose_name=_("last module"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    objects = DeputyDataQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["deputy", "course"], name="enrolment_once"),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="enrolment_progress_percent"
            ),
        ]
        indexes = [models.Index(fields=["course", "completed_at"])]

    def __str__(self) -> str:
        return f"{self.deputy} · {self.course}"


class ModuleProgress(models.Model):
    # A record of what a deputy did, not content: saving it queues no reference-index
    # task (Wagtail would otherwise index every write; issue 9).
    wagtail_reference_index_ignore = True

    deputy = models.ForeignKey(
        Deputy, on_delete=models.CASCADE, related_name="module_progress"
    )
    module = models.ForeignKey(
        ModulePage, on_delete=models.PROTECT, related_name="progress"
    )
    opened_at = models.DateTimeField(_("opened at"))
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    # Rounds (courses.selectors.rounds): while a quiz waits for its next round, when
    # that round opens. Kept by quiz_submit and attempts_grant, so that "next step"
    # and "continue" skip a waiting module in SQL.
    retry_at = models.DateTimeField(_("next round opens at"), null=True, blank=True)

    objects = DeputyDataQuerySet.as_manager()

    class Meta:
        verbose_name = _("module progress")
        verbose_name_plural = _("module progress")
        constraints = [
            models.UniqueConstraint(
                fields=["deputy", "module"], name="module_progress_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.deputy} · {self.module}"


class QuizAttempt(models.Model):
    # A record of what a deputy did, not content: saving it queues no reference-index
    # task (Wagtail would otherwise index every write; issue 9).
    wagtail_reference_index_ignore = True

    deputy = models.ForeignKey(
        Deputy, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    module = models.ForeignKey(
        ModulePage, on_delete=models.PROTECT, related_name="quiz_attempts"
    )
    block_id = models.CharField(max_length=64)
    number = models.PositiveSmallIntegerField(_("attempt"))
    score = models.PositiveSmallIntegerField(_("score (%)"))
    passed = models.BooleanField(_("passed"))
    answers = models.JSONField(_("answers"), default=dict)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    objects = DeputyDataQuerySet.as_manager()

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        constraints = [
            models.UniqueConstraint(
                fields=["deputy", "module", "block_id", "number"],
                name="quiz_attempt_number_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.deputy} · {self.module} #{self.number}"


class HoursEntry(models.Model):
    """The hours ledger (学时): one line per source of hours."""

    # A record of what a deputy did, not content: saving it queues no reference-index
    # task (Wagtail would otherwise index every write; issue 9).
    wagtail_reference_index_ignore = True

    class Source(models.TextChoices):
        COURSE = "course", _("Course completed")
        OFFLINE = "offline", _("Offline session attended")
        OTHER = "other", _("Other learning recognised")

    deputy = models.ForeignKey(
        Deputy, verbose_name=_("deputy"), on_delete=models.CASCADE, related_name="hours"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    required = models.BooleanField(_("from a required course"), default=False)
    hours = models.DecimalField(_("credit hours"), max_digits=5, decimal_places=1)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    course = models.ForeignKey(
        CoursePage,
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    earned_on = models.DateField(_("earned on"))

    objects = DeputyDataQuerySet.as_manager()

    class Meta:
        verbose_name = _("hours entry")
        verbose_name_plural = _("hours ledger")
        ordering = ["-earned_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["deputy", "course"],
                condition=models.Q(source="course"),
                name="course_hours_once",
            ),
            models.CheckConstraint(
                condition=models.Q(hours__gte=0), name="hours_not_negative"
            ),
        ]
        indexes = [
            models.Index(fields=["deputy", "year"]),
            # The admin's hours ledger lists the newest first.
            models.Index(fields=["-earned_on", "-id"], name="hours_earned_on_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.deputy} · {hours_display(self.hours)}"

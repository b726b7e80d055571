"""Course exams and rounds: the question bank, the exam page, attempts and grants.

A question's correct answer is stored on the server only. An attempt keeps a
snapshot of the questions it drew (options in the order shown), so that grading
and the explanations shown afterwards do not move when an editor edits the bank.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager

from courses.models.pages import CoursePage, ModulePage
from courses.querysets import TreeQuerySet
from people.models import Deputy
from people.querysets import DeputyDataQuerySet

OPTION_LETTERS = "ABCDEF"


class QuestionBank(models.Model):
    """题库: the questions of one course or one topic."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    topic = models.CharField(_("topic"), max_length=100, blank=True)
    course = models.ForeignKey(
        CoursePage,
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="question_banks",
        help_text=_("Leave empty for a bank shared by a topic."),
    )

    class Meta:
        verbose_name = _("question bank")
        verbose_name_plural = _("question banks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        TRUE_FALSE = "truefalse", _("True or false")

    bank = models.ForeignKey(
        QuestionBank,
        verbose_name=_("question bank"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.SINGLE
    )
    prompt = models.TextField(_("question"), max_length=1000)
    option_a = models.CharField(_("option A"), max_length=300, blank=True)
    option_b = models.CharField(_("option B"), max_length=300, blank=True)
    option_c = models.CharField(_("option C"), max_length=300, blank=True)
    option_d = models.CharField(_("option D"), max_length=300, blank=True)
    option_e = models.CharField(_("option E"), max_length=300, blank=True)
    option_f = models.CharField(_("option F"), max_length=300, blank=True)
    answer = models.CharField(
        _("answer"),
        max_length=6,
        help_text=_(
            "The letters of the correct options, e.g. B or ACD; "
            "for true or false, A (true) or B (false)."
        ),
    )
    explanation = models.TextField(_("explanation"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["bank", "pk"]

    def __str__(self) -> str:
        return self.prompt[:60]

    @property
    def options(self) -> list[str]:
        """The options in stored order (true/false questions have two fixed ones)."""
        if self.kind == self.Kind.TRUE_FALSE:
            return [str(_("True")), str(_("False"))]
        values = [getattr(self, f"option_{c.lower()}") for c in OPTION_LETTERS]
        while values and not values[-1]:
            values.pop()
        return values

    @property
    def correct_indexes(self) -> list[int]:
        return sorted(OPTION_LETTERS.index(c) for c in self.answer)

    def clean(self) -> None:
        super().clean()
        self.answer = "".join(sorted(set(self.answer.strip().upper())))
        options = self.options
        if self.kind != self.Kind.TRUE_FALSE and (len(options) < 2 or not all(options)):
            raise ValidationError(
                _("Give at least options A and B, without gaps between options.")
            )
        if not self.answer or any(
            c not in OPTION_LETTERS[: len(options)] for c in self.answer
        ):
            raise ValidationError(
                {"answer": _("The answer must name options the question has.")}
            )
        if self.kind != self.Kind.MULTIPLE and len(self.answer) != 1:
            raise ValidationError(
                {"answer": _("This kind of question has exactly one correct answer.")}
            )


class ExamPage(Page):
    """结业考试: the exam that ends a course, drawn from a question bank."""

    objects = PageManager.from_queryset(TreeQuerySet)()

    intro = RichTextField(_("introduction"), blank=True)
    bank = models.ForeignKey(
        QuestionBank,
        verbose_name=_("question bank"),
        on_delete=models.PROTECT,
        related_name="exams",
    )
    question_count = models.PositiveSmallIntegerField(
        _("questions per attempt"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=60, validators=[MaxValueValidator(100)]
    )
    attempts_per_round = models.PositiveSmallIntegerField(
        _("attempts per round"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    cooldown_hours = models.PositiveSmallIntegerField(
        _("hours before a new round"),
        default=24,
        validators=[MaxValueValidator(720)],
        help_text=_("After a round's attempts are used; 0 opens a new round at once."),
    )
    required_for_completion = models.BooleanField(
        _("required to complete the course"), default=True
    )

    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("bank"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("question_count"),
                        FieldPanel("time_limit_minutes"),
                        FieldPanel("pass_mark"),
                    ]
                ),
                FieldRowPanel(
                    [FieldPanel("attempts_per_round"), FieldPanel("cooldown_hours")]
                ),
                FieldPanel("required_for_completion"),
            ],
            heading=_("Rules of the exam"),
        ),
    ]

    class Meta:
        verbose_name = _("course exam")
        verbose_name_plural = _("course exams")

    def get_context(self, request, *args, **kwargs):
        from courses.selectors.exams import exam_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(exam_page_context(exam=self, user=request.user))
        return context


class ExamAttempt(models.Model):
    """One sitting of an exam: drawn at start, graded once at submit."""

    deputy = models.ForeignKey(
        Deputy,
        verbose_name=_("deputy"),
        on_delete=models.CASCADE,
        related_name="exam_attempts",
    )
    exam = models.ForeignKey(
        ExamPage,
        verbose_name=_("exam"),
        on_delete=models.PROTECT,
        related_name="attempts",
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    started_at = models.DateTimeField(_("exam started at"))
    deadline = models.DateTimeField(_("deadline"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # [{"id", "kind", "prompt", "options": [shown order], "correct": [shown
    # indexes], "explanation"}]: never rendered before the attempt is submitted.
    questions = models.JSONField(_("questions drawn"), default=list)
    answers = models.JSONField(_("answers"), default=dict)
    score = models.PositiveSmallIntegerField(_("score (%)"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), default=False)
    late = models.BooleanField(_("submitted after the time limit"), default=False)

    objects = DeputyDataQuerySet.as_manager()

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("exam attempt")
        verbose_name_plural = _("exam attempts")
        constraints = [
            models.UniqueConstraint(
                fields=["deputy", "exam", "number"], name="exam_attempt_number_once"
            ),
            models.UniqueConstraint(
                fields=["deputy", "exam"],
                condition=models.Q(submitted_at__isnull=True),
                name="exam_attempt_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deputy} · {self.exam} #{self.number}"


class AttemptGrant(models.Model):
    """Extra attempts a training administrator gave a deputy, with who and why."""

    deputy = models.ForeignKey(
        Deputy,
        verbose_name=_("deputy"),
        on_delete=models.CASCADE,
        related_name="attempt_grants",
    )
    module = models.ForeignKey(
        ModulePage,
        verbose_name=_("module"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    block_id = models.CharField(_("quiz"), max_length=64, blank=True)
    exam = models.ForeignKey(
        ExamPage,
        verbose_name=_("exam"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    attempts = models.PositiveSmallIntegerField(
        _("attempts"), validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    reason = models.CharField(_("reason"), max_length=200)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    objects = DeputyDataQuerySet.as_manager()

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("attempts granted")
        verbose_name_plural = _("attempts granted")
        ordering = ["-granted_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(module__isnull=False, exam__isnull=True)
                | models.Q(module__isnull=True, exam__isnull=False),
                name="attempt_grant_one_target",
            ),
            models.CheckConstraint(
                condition=models.Q(attempts__gte=1, attempts__lte=10),
                name="attempt_grant_attempts_bounded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deputy} · +{self.attempts}"

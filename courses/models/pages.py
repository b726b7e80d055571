"""The plan as Wagtail pages: five-year plan > annual plan > course > module."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from courses.blocks import ModuleStreamBlock
from courses.querysets import CoursePageQuerySet, TreeQuerySet


class Category(models.TextChoices):
    INITIAL = "initial", _("Initial-term learning")
    PERFORMANCE = "performance", _("Performance learning")
    THEMATIC = "thematic", _("Thematic learning")


class DeliveryMode(models.TextChoices):
    ONLINE = "online", _("Online")
    OFFLINE = "offline", _("Offline")
    BLENDED = "blended", _("Online and offline")


class TrainingPlanPage(Page):
    """五年学习培训规划: one per term."""

    objects = PageManager.from_queryset(TreeQuerySet)()

    term_label = models.CharField(
        _("term"), max_length=40, help_text=_("e.g. the 16th term")
    )
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    intro = RichTextField(_("introduction"), blank=True)
    goals = RichTextField(_("goals"), blank=True)
    initial_learning = models.TextField(_("initial-term learning"), blank=True)
    performance_learning = models.TextField(_("performance learning"), blank=True)
    thematic_learning = models.TextField(_("thematic learning"), blank=True)
    annual_hours_target = models.DecimalField(
        _("annual hours target"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("50"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Credit hours each deputy is expected to earn in a year."),
    )

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["courses.AnnualPlanPage"]

    content_panels = [
        *Page.content_panels,
        FieldRowPanel(
            [FieldPanel("term_label"), FieldPanel("start_year"), FieldPanel("end_year")]
        ),
        FieldPanel("annual_hours_target"),
        FieldPanel("intro"),
        FieldPanel("goals"),
        MultiFieldPanel(
            [
                FieldPanel("initial_learning"),
                FieldPanel("performance_learning"),
                FieldPanel("thematic_learning"),
            ],
            heading=_("The three kinds of learning"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("five-year training plan")
        verbose_name_plural = _("five-year training plans")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")),
                name="plan_years_in_order",
            )
        ]

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import plan_hours_by_year

        context = super().get_context(request, *args, **kwargs)
        context["years"] = plan_hours_by_year(plan=self)
        context["categories"] = Category
        return context


class AnnualPlanPage(Page):
    """年度培训计划 of one year."""

    objects = PageManager.from_queryset(TreeQuerySet)()

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    intro = RichTextField(_("introduction"), blank=True)

    parent_page_types = ["courses.TrainingPlanPage"]
    subpage_types = ["courses.CoursePage"]

    content_panels = [
        *Page.content_panels,
        FieldPanel("year"),
        FieldPanel("theme"),
        FieldPanel("intro"),
    ]

    class Meta:
        verbose_name = _("annual training plan")
        verbose_name_plural = _("annual training plans")

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import annual_plan_courses_by_category

        context = super().get_context(request, *args, **kwargs)
        context["groups"], context["total_hours"] = annual_plan_courses_by_category(
            plan=self
        )
        return context


class CoursePage(Page):
    """A course of an annual plan: its modules are the child pages."""

    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    hours = models.DecimalField(
        _("credit hours"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Credit hours awarded on completion."),
    )
    mode = models.CharField(
        _("delivery mode"), max_length=20, choices=DeliveryMode.choices
    )
    is_required = models.BooleanField(_("required course"), default=True)
    audience = models.CharField(_("audience"), max_length=200, blank=True)
    summary = models.TextField(_("summary"))
    description = RichTextField(pgettext_lazy("course", "description"), blank=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    start_date = models.DateField(_("starts on"), null=True, blank=True)
    end_date = models.DateField(_("ends on"), null=True, blank=True)
    awards_certificate = models.BooleanField(_("awards a certificate"), default=False)
    is_featured = models.BooleanField(_("featured on the portal"), default=False)
    requires_reflection = models.BooleanField(
        _("requires a reflection post"),
        default=False,
        help_text=_(
            "The course is complete only once the deputy has posted a reflection "
            "(学习心得) in the course's discussion."
        ),
    )

    objects = PageManager.from_queryset(CoursePageQuerySet)()

    parent_page_types = ["courses.AnnualPlanPage"]
    subpage_types = ["courses.ModulePage", "courses.ExamPage"]

    content_panels = [
        *Page.content_panels,
        FieldRowPanel(
            [FieldPanel("category"), FieldPanel("mode"), FieldPanel("hours")]
        ),
        FieldRowPanel(
            [
                FieldPanel("is_required"),
                FieldPanel("awards_certificate"),
                FieldPanel("is_featured"),
                FieldPanel("requires_reflection"),
            ]
        ),
        FieldPanel("audience"),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("cover_image"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        InlinePanel("lecturers", label=_("Lecturers")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("audience"),
        index.FilterField("category"),
        index.FilterField("mode"),
        index.FilterField("is_required"),
    ]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="course_dates_in_order",
            )
        ]

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import course_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(course_page_context(course=self, user=request.user))
        return context

    def serve(self, request, *args, **kwargs):
        from courses.views.course_page import course_page_response

        request.is_preview = False
        return course_page_response(self, request)


class CourseLecturer(Orderable):
    course = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="lecturers")
    name = models.CharField(pgettext_lazy("person", "name"), max_length=60)
    affiliation = models.CharField(
        _("title and affiliation"), max_length=200, blank=True
    )

    panels = [FieldPanel("name"), FieldPanel("affiliation")]

    class Meta(Orderable.Meta):
        verbose_name = _("lecturer")
        verbose_name_plural = _("lecturers")

    def __str__(self) -> str:
        return self.name


class ModulePage(Page):
    """One unit of a course; completing it is the unit of progress."""

    objects = PageManager.from_queryset(TreeQuerySet)()

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(ModuleStreamBlock(), verbose_name=_("content"), blank=True)
    is_required = models.BooleanField(_("required module"), default=True)
    minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=20)
    # Plain text of the body, so that substring search reaches the content.
    body_text = models.TextField(editable=False, blank=True, default="")
    # Time-based completion (ADR 0013): the reading time and the share of each video
    # or audio that a deputy must spend before the module completes.
    reading_seconds = models.PositiveIntegerField(
        _("minimum reading time (seconds)"),
        null=True,
        blank=True,
        help_text=_(
            "Leave empty to estimate it from the length of the text "
            "(350 characters a minute); 0 asks for no reading time."
        ),
    )
    watch_share = models.PositiveSmallIntegerField(
        _("share of each video or audio to watch (%)"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )

    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("is_required"), FieldPanel("minutes")]),
        FieldRowPanel([FieldPanel("reading_seconds"), FieldPanel("watch_share")]),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body_text"),
    ]

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    @property
    def quizzes(self) -> list:
        return [block for block in self.body if block.block_type == "quiz"]

    def extract_text(self) -> str:
        parts = []
        for block in self.body:
            if block.block_type == "text":
                parts.append(strip_tags(block.value.source))
            elif block.block_type == "heading":
                parts.append(str(block.value))
            elif block.block_type in {"quiz", "video", "media"}:
                parts.append(str(block.value.get("title", "")))
        return "\n".join(p for p in parts if p)

    def save(self, *args, **kwargs):
        # Derived from this row's own field; keeps search in step with every publish.
        self.body_text = self.extract_text()
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import module_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(module_page_context(module=self, user=request.user))
        return context

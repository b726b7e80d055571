"""The 上海人大代表论坛 as a series of themed events: each edition is a page.

An edition has its own discussion board (a snippet), a registration list (plain
records: deputies register, staff mark who attended) and, after the event, its
summary. The index page sits below the portal (cms permits it there).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from courses.blocks import DocumentBlock, VideoBlock
from forum.models.discussion import Board
from forum.querysets import EditionRegistrationQuerySet
from people.models import Deputy


class SpeakerBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=pgettext_lazy("speaker", "Name"))
    role = blocks.CharBlock(label=_("Position"), required=False)
    topic = blocks.CharBlock(label=_("Talk"), required=False)

    class Meta:
        icon = "user"
        label = _("Speaker")


class ForumEditionIndexPage(Page):
    """上海人大代表论坛: the list of editions, upcoming first."""

    intro = RichTextField(_("introduction"), blank=True)

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["forum.ForumEditionPage"]
    max_count = 1

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = _("forum editions index")
        verbose_name_plural = _("forum editions indexes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        editions = ForumEditionPage.objects.live().child_of(self).specific()
        now = timezone.now()
        context["upcoming"] = sorted(
            (e for e in editions if e.starts_at >= now), key=lambda e: e.starts_at
        )
        context["past"] = sorted(
            (e for e in editions if e.starts_at < now),
            key=lambda e: e.starts_at,
            reverse=True,
        )
        return context


class ForumEditionPage(Page):
    """One edition (一期论坛): theme, date, venue, speakers, agenda, files, summary."""

    theme = models.CharField(_("theme"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    venue = models.CharField(_("venue"), max_length=200)
    speakers = StreamField(
        [("speaker", SpeakerBlock())], verbose_name=_("speakers"), blank=True
    )
    agenda = RichTextField(_("agenda"), blank=True)
    materials = StreamField(
        [("document", DocumentBlock())], verbose_name=_("materials"), blank=True
    )
    recordings = StreamField(
        [("video", VideoBlock()), ("document", DocumentBlock())],
        verbose_name=_("recordings"),
        blank=True,
    )
    summary = RichTextField(
        _("summary"),
        blank=True,
        help_text=_("Written after the event: shown once the edition has taken place."),
    )
    board = models.ForeignKey(
        Board,
        verbose_name=_("discussion board"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="editions",
    )
    registration_open = models.BooleanField(_("registration open"), default=True)
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no limit."),
    )

    parent_page_types = ["forum.ForumEditionIndexPage"]
    subpage_types: list[str] = []

    content_panels = [
        *Page.content_panels,
        FieldPanel("theme"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("venue")]),
        FieldPanel("speakers"),
        FieldPanel("agenda"),
        FieldPanel("materials"),
        FieldPanel("recordings"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("board"),
                FieldRowPanel(
                    [FieldPanel("registration_open"), FieldPanel("capacity")]
                ),
            ],
            heading=_("Discussion and registration"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("theme"),
        index.SearchField("venue"),
    ]

    class Meta:
        verbose_name = _("forum edition")
        verbose_name_plural = _("forum editions")

    @property
    def has_taken_place(self) -> bool:
        return self.starts_at < timezone.now()

    def get_context(self, request, *args, **kwargs):
        from forum.selectors import edition_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(edition_page_context(edition=self, user=request.user))
        return context


class EditionRegistration(models.Model):
    """A deputy's registration for an edition; staff mark who attended."""

    edition = models.ForeignKey(
        ForumEditionPage,
        verbose_name=_("forum edition"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    deputy = models.ForeignKey(
        Deputy,
        verbose_name=_("deputy"),
        on_delete=models.PROTECT,
        related_name="forum_registrations",
    )
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    attended = models.BooleanField(_("attended"), default=False)

    objects = EditionRegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("forum edition registration")
        verbose_name_plural = _("forum edition registrations")
        ordering = ["edition", "registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "deputy"], name="forum_edition_registered_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.edition} · {self.deputy}"

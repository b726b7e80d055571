"""Site pages of the college portal and its settings."""

from functools import cache

from django.db import models
from django.http import Http404
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, get_page_models
from wagtail.search import index

from courses.blocks import ContentStreamBlock
from infrastructure.branding import DEFAULT_SITE_NAME


@cache
def _every_page_routes_by_slug() -> bool:
    """True while no page type below the portal routes a path its own way."""
    return all(
        model.route is Page.route
        for model in get_page_models()
        if not issubclass(model, HomePage)
    )


class HomePage(Page):
    """The portal of the online network college."""

    headline = models.CharField(_("headline"), max_length=120, blank=True)
    intro = RichTextField(_("introduction"), blank=True)

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "courses.TrainingPlanPage",
        "forum.ForumEditionIndexPage",
        "cms.StandardPage",
    ]
    max_count = 1

    content_panels = [*Page.content_panels, FieldPanel("headline"), FieldPanel("intro")]

    class Meta:
        verbose_name = _("college portal")
        verbose_name_plural = _("college portals")

    def route(self, request, path_components):
        """The page a path names, in two queries whatever its depth.

        Wagtail walks the tree a level at a time, two queries a level (the child by
        its slug, then its own fields): eight for a module page. Each page's
        `url_path` is its ancestors' slugs, so one query finds it; as long as no page
        type routes its own way (checked once), the answer is the same.
        """
        if not path_components or not _every_page_routes_by_slug():
            return super().route(request, path_components)
        page = (
            Page.objects.filter(
                depth=self.depth + len(path_components),
                slug=path_components[-1],
                url_path=self.url_path + "/".join(path_components) + "/",
            )
            .order_by()
            .first()
        )
        if page is None:
            raise Http404
        return page.specific.route(request, [])

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import portal_context

        context = super().get_context(request, *args, **kwargs)
        context.update(portal_context(home=self, user=request.user))
        return context


class StandardPage(Page):
    """A plain content page (about, help, contact)."""

    intro = models.TextField(_("introduction"), blank=True)
    # No quiz: only a module's quizzes count towards anything.
    body = StreamField(ContentStreamBlock(), verbose_name=_("content"), blank=True)
    # Plain text of the body, so that substring search reaches the content (the
    # JSON of a StreamField escapes Chinese on SQLite).
    body_text = models.TextField(editable=False, blank=True, default="")

    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body_text"),
    ]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")

    def extract_text(self) -> str:
        return stream_text(self.body)

    def save(self, *args, **kwargs):
        # Derived from this row's own field; keeps search in step with every publish.
        self.body_text = self.extract_text()
        return super().save(*args, **kwargs)


def stream_text(body) -> str:
    """The readable text of a content stream: headings, text, captions, titles."""
    parts = []
    for block in body:
        if block.block_type == "text":
            parts.append(strip_tags(block.value.source))
        elif block.block_type == "heading":
            parts.append(str(block.value))
        elif block.block_type in {"video", "image", "document"}:
            for key in ("title", "caption", "description", "transcript"):
                parts.append(str(block.value.get(key) or ""))
    return "\n".join(p for p in parts if p)


@register_setting(icon="site")
class CollegeSettings(BaseSiteSetting):
    site_name = models.CharField(
        _("name of the college"),
        max_length=60,
        default=DEFAULT_SITE_NAME,
        help_text=_(
            "The one name the college goes by: page titles, the header, the admin, "
            "mails and documents."
        ),
    )
    issuing_body = models.CharField(
        _("issuing body"), max_length=120, default="上海市人大常委会代表工作委员会"
    )
    contact = models.CharField(_("contact for help"), max_length=200, blank=True)

    panels = [
        FieldPanel("site_name"),
        FieldPanel("issuing_body"),
        FieldPanel("contact"),
    ]

    class Meta:
        verbose_name = _("college settings")

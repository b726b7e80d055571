"""Time spent on a module: reading and watching credited from heartbeats (ADR 0013)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from courses.models.pages import CoursePage, ModulePage
from people.models import Deputy
from people.querysets import DeputyDataQuerySet


class ModuleViewing(models.Model):
    """A deputy's time on one module; each heartbeat updates this one row.

    The requirements (reading time, share to watch, each media's duration) are copied
    from the page when a playing session starts, so that a heartbeat never loads the
    page. ``media`` maps a media block's id to ``{"d": duration, "p": position,
    "w": watched buckets as a hexadecimal bit set}``.
    """

    deputy = models.ForeignKey(
        Deputy,
        verbose_name=_("deputy"),
        on_delete=models.CASCADE,
        related_name="module_viewings",
    )
    module = models.ForeignKey(
        ModulePage,
        verbose_name=_("module"),
        on_delete=models.PROTECT,
        related_name="viewings",
    )
    # The module's course, kept so that the record sums time per course in SQL.
    course = models.ForeignKey(
        CoursePage,
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    seconds_read = models.FloatField(_("reading time (s)"), default=0)
    seconds_watched = models.FloatField(_("watching time (s)"), default=0)
    end_reached_at = models.DateTimeField(_("end of text reached"), null=True)
    done_at = models.DateTimeField(_("time requirements met"), null=True, blank=True)
    reading_required = models.PositiveIntegerField(default=0)
    watch_share = models.PositiveSmallIntegerField(default=90)
    media = models.JSONField(default=dict)
    # The playing session of the tab that last started here, and its heartbeats.
    session = models.CharField(max_length=32, blank=True)
    seq = models.PositiveIntegerField(default=0)
    last_beat_at = models.DateTimeField(null=True)
    playing = models.CharField(max_length=64, blank=True)

    objects = DeputyDataQuerySet.as_manager()

    # Progress, not page content: saving it must not queue reference-index work.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("time on a module")
        verbose_name_plural = _("time on modules")
        constraints = [
            models.UniqueConstraint(
                fields=["deputy", "module"], name="module_viewing_once"
            ),
            models.CheckConstraint(
                condition=models.Q(watch_share__lte=100),
                name="module_viewing_share_percent",
            ),
        ]
        indexes = [models.Index(fields=["deputy", "course"])]

    def __str__(self) -> str:
        return f"{self.deputy} · {self.module}"

    @property
    def seconds_spent(self) -> float:
        return self.seconds_read + self.seconds_watched


class PlayingClaim(models.Model):
    """The one tab per deputy whose heartbeats earn time: the last one started."""

    deputy = models.OneToOneField(
        Deputy,
        verbose_name=_("deputy"),
        on_delete=models.CASCADE,
        related_name="playing_claim",
    )
    session = models.CharField(max_length=32)
    claimed_at = models.DateTimeField()

    objects = DeputyDataQuerySet.as_manager()

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("playing session")
        verbose_name_plural = _("playing sessions")

    def __str__(self) -> str:
        return f"{self.deputy} · {self.session}"

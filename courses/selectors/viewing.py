"""What a module asks in time (reading, watching) and how far a deputy has got."""

import math
from dataclasses import dataclass, field

from django.db.models import F, FloatField, OuterRef, QuerySet, Subquery, Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courses.models import Enrolment, ModulePage, ModuleProgress, ModuleViewing
from people.models import Deputy

# A Chinese reader takes in about 300-400 characters a minute of this kind of text.
READING_CHARS_PER_MINUTE = 350
# Watched positions are kept in at most this many buckets per video or audio.
MAX_BUCKETS = 2000


def reading_text_length(module: ModulePage) -> int:
    """Characters of the module's text blocks and headings (no whitespace)."""
    from django.utils.html import strip_tags

    count = 0
    for block in module.body:
        if block.block_type == "text":
            count += len("".join(strip_tags(block.value.source).split()))
        elif block.block_type == "heading":
            count += len("".join(str(block.value).split()))
    return count


def reading_seconds_required(module: ModulePage) -> int:
    """The editor's minimum reading time, else one estimated from the text's length."""
    if module.reading_seconds is not None:
        return module.reading_seconds
    return math.ceil(reading_text_length(module) * 60 / READING_CHARS_PER_MINUTE)


@dataclass
class Requirements:
    reading: int
    share: int
    media: dict[str, float] = field(default_factory=dict)  # block id → duration (s)

    @property
    def asks_anything(self) -> bool:
        return bool(self.reading or self.media)


def module_requirements(module: ModulePage) -> Requirements:
    """What the module asks: reading seconds, and each media's duration to watch."""
    media = {
        block.id: float(block.value["media"].duration or 0)
        for block in module.body
        if block.block_type == "media" and block.value.get("media") is not None
    }
    return Requirements(
        reading=reading_seconds_required(module),
        share=module.watch_share,
        media={k: v for k, v in media.items() if v > 0},
    )


def bucket_count(duration: float) -> int:
    return max(1, min(math.ceil(duration), MAX_BUCKETS))


def watched_share(state: dict) -> float:
    """The share (0-1) of a video or audio whose buckets were played."""
    bits = int(state.get("w") or "0", 16)
    return bits.bit_count() / bucket_count(float(state.get("d") or 0))


def reading_met(*, required: int, row: ModuleViewing | None) -> bool:
    if not required:
        return True
    return (
        row is not None
        and row.seconds_read >= required
        and row.end_reached_at is not None
    )


def media_met(*, requirements: Requirements, row: ModuleViewing | None) -> bool:
    for block_id in requirements.media:
        state = (row.media if row is not None else {}).get(block_id)
        if state is None or watched_share(state) * 100 < requirements.share:
            return False
    return True


def viewing_done(*, deputy: Deputy, module: ModulePage) -> bool:
    """Whether the deputy has read and watched what the module asks (1 query)."""
    requirements = module_requirements(module)
    if not requirements.asks_anything:
        return True
    row = ModuleViewing.objects.filter(deputy=deputy, module=module).first()
    if row is not None and row.done_at is not None:
        return True
    return reading_met(required=requirements.reading, row=row) and media_met(
        requirements=requirements, row=row
    )


def duration_text(seconds: float) -> str:
    """A duration for people: minutes and seconds, in words."""
    seconds = max(0, int(seconds))
    if seconds >= 3600:
        hours, minutes = divmod(seconds // 60, 60)
        return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": minutes}
    minutes, rest = divmod(seconds, 60)
    if minutes and rest:
        return _("%(minutes)d min %(seconds)d s") % {
            "minutes": minutes,
            "seconds": rest,
        }
    if minutes:
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {
            "count": minutes
        }
    return ngettext("%(count)d second", "%(count)d seconds", rest) % {"count": rest}


@dataclass
class MediaStatus:
    block_id: str
    watched_percent: int
    position: float
    met: bool


@dataclass
class ViewingStatus:
    """What the deputy sees of their time on the module, and what remains."""

    reading_required: int
    seconds_read: float
    end_reached: bool
    share: int
    media: list[MediaStatus]
    seconds_watched: float
    done: bool

    @property
    def reading_left(self) -> float:
        return max(0.0, self.reading_required - self.seconds_read)

    @property
    def lines(self) -> list[str]:
        lines = []
        if self.reading_required:
            if self.reading_left > 0:
                lines.append(
                    _("Read for %(spent)s; %(left)s of reading time remain.")
                    % {
                        "spent": duration_text(self.seconds_read),
                        "left": duration_text(math.ceil(self.reading_left)),
                    }
                )
            else:
                lines.append(
                    _("Reading time reached (%(spent)s).")
                    % {"spent": duration_text(self.seconds_read)}
                )
            if not self.end_reached:
                lines.append(_("Scroll to the end of the text."))
        for number, item in enumerate(self.media, start=1):
            lines.append(
                _("Video or audio %(number)d: %(watched)d%% watched of %(share)d%%.")
                % {
                    "number": number,
                    "watched": item.watched_percent,
                    "share": self.share,
                }
            )
        if self.media:
            lines.append(
                _("Watching time: %(spent)s.")
                % {"spent": duration_text(self.seconds_watched)}
            )
        return lines


def viewing_status(
    *, requirements: Requirements, row: ModuleViewing | None
) -> ViewingStatus:
    """The deputy's reading and watching against the module's requirements."""
    states = row.media if row is not None else {}
    media = []
    for block_id, duration in requirements.media.items():
        state = states.get(block_id) or {"d": duration}
        share = watched_share({**state, "d": duration})
        media.append(
            MediaStatus(
                block_id=block_id,
                watched_percent=min(100, math.floor(share * 100)),
                position=float(state.get("p") or 0),
                met=share * 100 >= requirements.share,
            )
        )
    done = (row is not None and row.done_at is not None) or (
        reading_met(required=requirements.reading, row=row)
        and all(item.met for item in media)
    )
    return ViewingStatus(
        reading_required=requirements.reading,
        seconds_read=row.seconds_read if row is not None else 0,
        end_reached=row is not None and row.end_reached_at is not None,
        share=requirements.share,
        media=media,
        seconds_watched=row.seconds_watched if row is not None else 0,
        done=done,
    )


def course_seconds_spent(*, deputy: Deputy) -> Subquery:
    """Seconds the deputy spent on the course of the outer row (its ``course``)."""
    return Subquery(
        ModuleViewing.objects.filter(deputy=deputy, course=OuterRef("course"))
        .values("course")
        .annotate(total=Sum(F("seconds_read") + F("seconds_watched")))
        .values("total"),
        output_field=FloatField(),
    )


def seconds_spent_by_course(*, deputy: Deputy) -> dict[str, float]:
    """Time the deputy spent on each course, by course title (1 query).

    Shown beside the credited hours on the record page; it stays out of the record's
    frozen facts, which would otherwise change with every heartbeat."""
    return {
        title: seconds or 0
        for title, seconds in Enrolment.objects.filter(deputy=deputy)
        .annotate(seconds_spent=course_seconds_spent(deputy=deputy))
        .values_list("course__title", "seconds_spent")
    }


def time_on_courses_in_progress(*, deputy: Deputy) -> QuerySet[Enrolment]:
    """The deputy's unfinished courses with the time spent on them so far (1 query)."""
    return (
        Enrolment.objects.filter(deputy=deputy, completed_at__isnull=True)
        .annotate(seconds_spent=course_seconds_spent(deputy=deputy))
        .filter(seconds_spent__gt=0)
        .select_related("course")
        .order_by("course__path")
    )


def module_is_complete(*, deputy: Deputy, module: ModulePage) -> bool:
    return ModuleProgress.objects.filter(
        deputy=deputy, module=module, completed_at__isnull=False
    ).exists()

"""Heartbeats: crediting reading and watching time on the server (ADR 0013).

A tab starts a playing session (``viewing_start``): it claims the deputy's one
playing slot and gets a signed token. While the page is visible it sends a heartbeat
every 15-30 s (``viewing_beat``). Only the server's clock counts: a beat earns the
time elapsed since the previous one, never more than ``MAX_GAP_SECONDS``; a longer gap
(a hidden page, a sleeping laptop, a paused video) earns nothing and only sets a new
starting point. A video or audio earns only when its position advanced no faster than
``MAX_RATE`` times the elapsed time; a seek ahead or back earns nothing. A beat whose
token is forged, whose sequence number is not above the last one, or whose tab no
longer holds the deputy's slot is refused.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from courses.models import CoursePage, ModulePage, ModuleViewing, PlayingClaim
from courses.selectors.viewing import (
    Requirements,
    bucket_count,
    media_met,
    module_requirements,
    reading_met,
)
from courses.services.progress import module_open
from people.models import Deputy

HEARTBEAT_SECONDS = 20
MAX_GAP_SECONDS = 40
MAX_RATE = 2.0  # the fastest playback rate that still earns
TOLERANCE_SECONDS = 3.0  # network and timer jitter between two beats
TOKEN_MAX_AGE = 12 * 3600
TOKEN_SALT = "courses.viewing"  # noqa: S105 - a signing salt, not a secret


class HeartbeatRefused(Exception):
    """A heartbeat that earns nothing and changes nothing; ``reason`` says why."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Session:
    token: str
    row: ModuleViewing
    requirements: Requirements


@dataclass
class BeatResult:
    credited: float
    reason: str  # "" when the beat counted, "gap", "seek" when it only re-based
    row: ModuleViewing
    newly_done: bool


@transaction.atomic
def viewing_start(
    *, deputy: Deputy, module: ModulePage, user_id: int, now: datetime | None = None
) -> Session:
    """Start this tab's playing session: it takes the deputy's slot from any other."""
    now = now or timezone.now()
    session = uuid.uuid4().hex
    PlayingClaim.objects.update_or_create(
        deputy=deputy, defaults={"session": session, "claimed_at": now}
    )
    requirements = module_requirements(module)
    try:
        with transaction.atomic():
            row, _created = ModuleViewing.objects.get_or_create(
                deputy=deputy,
                module=module,
                defaults={"course": CoursePage.objects.parent_of(module).get()},
            )
    except IntegrityError:
        row = ModuleViewing.objects.get(deputy=deputy, module=module)
    media = {}
    for block_id, duration in requirements.media.items():
        state = dict(row.media.get(block_id) or {})
        if state.get("d") != duration:
            state = {"d": duration, "p": min(float(state.get("p") or 0), duration)}
        media[block_id] = state
    row.media = media
    row.reading_required = requirements.reading
    row.watch_share = requirements.share
    row.session, row.seq, row.last_beat_at, row.playing = session, 0, now, ""
    row.save(
        update_fields=[
            "media",
            "reading_required",
            "watch_share",
            "session",
            "seq",
            "last_beat_at",
            "playing",
        ]
    )
    token = signing.dumps(
        {"u": user_id, "d": deputy.pk, "m": module.pk, "s": session},
        salt=TOKEN_SALT,
        compress=False,
    )
    return Session(token=token, row=row, requirements=requirements)


def token_read(*, token: str, user_id: int) -> dict:
    """The playing session a token names; refused when forged, stale or another's."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature as error:
        raise HeartbeatRefused("forged") from error
    if not isinstance(data, dict) or data.get("u") != user_id:
        raise HeartbeatRefused("forged")
    return data


def _mark_watched(state: dict, start: float, end: float) -> None:
    duration = float(state["d"])
    buckets = bucket_count(duration)
    size = duration / buckets
    first = int(start // size)
    # The final beat of a finished video reaches its last bucket too.
    last = buckets if end >= duration - 0.5 else int(end // size)
    if last <= first:
        return
    bits = int(state.get("w") or "0", 16)
    bits |= ((1 << (last - first)) - 1) << first
    state["w"] = format(bits, "x")


def _rules_met(row: ModuleViewing) -> bool:
    requirements = Requirements(
        reading=row.reading_required,
        share=row.watch_share,
        media={k: float(v["d"]) for k, v in row.media.items()},
    )
    return reading_met(required=row.reading_required, row=row) and media_met(
        requirements=requirements, row=row
    )


@transaction.atomic
def viewing_beat(
    *,
    user_id: int,
    token: str,
    seq: int,
    media_id: str = "",
    position: float | None = None,
    end_reached: bool = False,
    restart: bool = False,
    now: datetime | None = None,
) -> BeatResult:
    """Credit the time since the previous heartbeat of this tab; one row updated."""
    data = token_read(token=token, user_id=user_id)
    now = now or timezone.now()
    claimed = PlayingClaim.objects.filter(
        deputy_id=OuterRef("deputy_id"), session=data["s"]
    )
    row = (
        ModuleViewing.objects.select_for_update(of=("self",))
        .annotate(claimed=Exists(claimed))
        .filter(deputy_id=data["d"], module_id=data["m"])
        .first()
    )
    if row is None or not row.claimed or row.session != data["s"]:
        raise HeartbeatRefused("elsewhere")
    if seq <= row.seq:
        raise HeartbeatRefused("replayed")
    if media_id and media_id not in row.media:
        raise HeartbeatRefused("unknown")
    was_done = row.done_at is not None or _rules_met(row)
    elapsed = (now - row.last_beat_at).total_seconds() if row.last_beat_at else 0.0
    credited, reason = 0.0, ""
    if elapsed > MAX_GAP_SECONDS or elapsed < 0:
        reason = "gap"
    elif restart:  # the page was hidden since the previous beat
        reason = "restart"
    if media_id:
        state = row.media[media_id]
        duration = float(state["d"])
        new = min(max(float(position or 0), 0.0), duration)
        advance = new - float(state.get("p") or 0)
        if not reason and row.playing != media_id:
            reason = "start"
        elif not reason and (
            advance < 0 or advance > elapsed * MAX_RATE + TOLERANCE_SECONDS
        ):
            reason = "seek"
        elif not reason:
            _mark_watched(state, float(state.get("p") or 0), new)
            credited = min(elapsed, advance)
            row.seconds_watched += credited
        state["p"] = new
    elif not reason and row.seconds_read < row.reading_required:
        credited = min(elapsed, row.reading_required - row.seconds_read)
        row.seconds_read += credited
    if end_reached and row.end_reached_at is None:
        row.end_reached_at = now
    row.seq, row.last_beat_at, row.playing = seq, now, media_id
    newly_done = not was_done and _rules_met(row)
    if newly_done:
        row.done_at = now
    ModuleViewing.objects.filter(pk=row.pk).update(
        seconds_read=row.seconds_read,
        seconds_watched=row.seconds_watched,
        end_reached_at=row.end_reached_at,
        done_at=row.done_at,
        media=row.media,
        seq=seq,
        last_beat_at=now,
        playing=media_id,
    )
    if newly_done:
        # Rare: the module may now be complete (if its quizzes are passed too).
        module_open(
            deputy=Deputy.objects.get(pk=data["d"]),
            module=ModulePage.objects.get(pk=data["m"]),
        )
    return BeatResult(credited=credited, reason=reason, row=row, newly_done=newly_done)

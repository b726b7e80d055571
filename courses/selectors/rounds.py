"""Rounds of attempts: nobody is locked out for good.

A quiz or an exam allows a number of attempts per round. When a round's attempts
are used without a pass, the deputy studies again and a new round opens after the
cool-down the editor set (0: at once). Attempts a training administrator grants
count from the moment they are granted. The state is computed from the attempts'
and grants' times alone, so that the module page, the portal's next step and the
server's check on submit always agree.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import BooleanField, Value
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from courses.models import AttemptGrant, ModulePage, QuizAttempt
from people.models import Deputy


@dataclass(frozen=True)
class RoundState:
    round: int
    attempts_left: int
    # When no attempt is left: the moment the next round opens.
    opens_at: datetime | None

    @property
    def waiting(self) -> bool:
        return self.attempts_left <= 0


def round_state(
    *,
    attempts: Iterable[datetime],
    grants: Iterable[tuple[datetime, int]],
    per_round: int,
    cooldown: timedelta,
    now: datetime,
) -> RoundState:
    """Attempts left now, replaying attempts and grants in the order they happened."""
    events = sorted(
        [(at, 0) for at in attempts] + [(at, count) for at, count in grants],
        key=lambda event: event[0],
    )
    pool, used, rounds = per_round, 0, 1
    exhausted_at: datetime | None = None
    for at, granted in events:
        if exhausted_at is not None and at >= exhausted_at + cooldown:
            pool, rounds, exhausted_at = pool + per_round, rounds + 1, None
        if granted:
            pool += granted
        else:
            used += 1
            if used >= pool:
                exhausted_at = at
    if exhausted_at is not None and now >= exhausted_at + cooldown:
        pool, rounds, exhausted_at = pool + per_round, rounds + 1, None
    left = pool - used
    opens_at = exhausted_at + cooldown if left <= 0 and exhausted_at else None
    return RoundState(round=rounds, attempts_left=max(left, 0), opens_at=opens_at)


def quiz_cooldown(block_value: dict) -> timedelta:
    hours = block_value.get("cooldown_hours")
    return timedelta(hours=24 if hours is None else hours)


@dataclass(frozen=True)
class QuizState:
    """A deputy's standing at one quiz of a module."""

    attempts_used: int = 0
    attempts_left: int = 0
    passed: bool = False
    last_score: int | None = None
    round: int = 1
    opens_at: datetime | None = None

    @property
    def locked(self) -> bool:
        return not self.passed and self.attempts_left <= 0


def quiz_states_for(
    *, deputy: Deputy, modules: list[ModulePage], now: datetime | None = None
) -> dict[tuple[int, str], QuizState]:
    """Each quiz of these modules: {(module id, block id): state}, in two queries."""
    now = now or timezone.now()
    ids = [m.pk for m in modules if m.quizzes]
    if not ids:
        return {}
    # Attempts and grants in one query: (module, quiz, when, score or count, passed,
    # is a grant).
    attempt_rows = (
        QuizAttempt.objects.filter(deputy=deputy, module_id__in=ids)
        .order_by()
        .values_list(
            "module_id",
            "block_id",
            "submitted_at",
            "score",
            "passed",
            Value(False, output_field=BooleanField()),
        )
    )
    grant_rows = (
        AttemptGrant.objects.filter(deputy=deputy, module_id__in=ids)
        .order_by()
        .values_list(
            "module_id",
            "block_id",
            "granted_at",
            "attempts",
            Value(False, output_field=BooleanField()),
            Value(True, output_field=BooleanField()),
        )
    )
    attempts: dict[tuple[int, str], list] = defaultdict(list)
    grants: dict[tuple[int, str], list] = defaultdict(list)
    for module_id, block_id, at, number, passed, is_grant in sorted(
        attempt_rows.union(grant_rows, all=True), key=lambda row: row[2]
    ):
        if is_grant:
            grants[module_id, block_id].append((at, number))
        else:
            attempts[module_id, block_id].append(
                {"submitted_at": at, "score": number, "passed": passed}
            )
    states = {}
    for module in modules:
        for block in module.quizzes:
            key = (module.pk, block.id)
            rows = attempts.get(key, [])
            passed = any(r["passed"] for r in rows)
            state = round_state(
                attempts=[r["submitted_at"] for r in rows],
                grants=grants.get(key, []),
                per_round=block.value["max_attempts"],
                cooldown=quiz_cooldown(block.value),
                now=now,
            )
            states[key] = QuizState(
                attempts_used=len(rows),
                attempts_left=0 if passed else state.attempts_left,
                passed=passed,
                last_score=rows[-1]["score"] if rows else None,
                round=state.round,
                opens_at=None if passed else state.opens_at,
            )
    return states


def opens_at_display(moment: datetime) -> str:
    """ "11月28日 09:00" in Chinese, "Nov. 28 09:00" in English: local time."""
    local = timezone.localtime(moment)
    return f"{date_format(local, 'MONTH_DAY_FORMAT')} {local:%H:%M}"


def quiz_wait_message(opens_at: datetime | None) -> str:
    """What a deputy waiting for the next round reads."""
    if opens_at is None:
        return _("Study the module again; a new round of attempts opens soon.")
    return _(
        "You have used this round's attempts. Study the module again: the next "
        "round opens on %(when)s."
    ) % {"when": opens_at_display(opens_at)}

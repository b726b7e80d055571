"""Reads of must-read notices: who must read one, who has not, a deputy's banner.

The audience of a notice is a query over deputies: in office with an account, of
its delegation or its requirement's cohort (or all), and able to read the board.
Read means the deputy opened the topic (a `TopicRead` row). Staff see the
audience only within `Deputy.objects.visible_to(user)`; every figure is one query.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from courses.models import Enrolment
from courses.selectors.requirements import (
    requirement_cohort,
    requirement_ids_including,
)
from forum.models import Board, MustReadNotice, Topic, TopicRead
from forum.querysets import forum_deputy
from infrastructure.identity import AnyUser
from people.models import Deputy


def board_reader_condition(*, board: Board) -> Q:
    """The deputies (as a condition on Deputy) who may read this board."""
    if board.read_access != Board.ReadAccess.CLOSED:
        return Q()
    return (
        Q(
            Exists(
                Board.delegations.through.objects.filter(
                    board_id=board.pk, delegation_id=OuterRef("delegation_id")
                )
            )
        )
        | Q(
            Exists(
                Board.members.through.objects.filter(
                    board_id=board.pk, deputy_id=OuterRef("pk")
                )
            )
        )
        | Q(
            Exists(
                Enrolment.objects.filter(
                    course_id=board.course_id, deputy_id=OuterRef("pk")
                )
            )
        )
    )


def notice_audience(*, notice: MustReadNotice) -> QuerySet[Deputy]:
    """The deputies who must read the notice (in office, with an account, readers)."""
    deputies = Deputy.objects.filter(
        is_active=True, user__isnull=False, user__is_active=True
    ).filter(board_reader_condition(board=notice.topic.board))
    if notice.audience == MustReadNotice.Audience.DELEGATION and notice.delegation_id:
        deputies = deputies.filter(delegation_id=notice.delegation_id)
    elif notice.audience == MustReadNotice.Audience.COHORT and notice.requirement:
        cohort = requirement_cohort(requirement=notice.requirement)
        deputies = deputies.filter(pk__in=cohort.values("pk"))
    return deputies


def _has_read(notice: MustReadNotice) -> Exists:
    return Exists(
        TopicRead.objects.filter(topic_id=notice.topic_id, user_id=OuterRef("user_id"))
    )


def notice_audience_in_scope(
    *, notice: MustReadNotice, user: AnyUser
) -> QuerySet[Deputy]:
    """The notice's audience this staff member may see, each with `has_read`."""
    visible = Deputy.objects.visible_to(user)
    return (
        notice_audience(notice=notice)
        .filter(pk__in=visible.values("pk"))
        .annotate(has_read=_has_read(notice))
    )


def notice_unread_in_scope(
    *, notice: MustReadNotice, user: AnyUser
) -> QuerySet[Deputy]:
    """Who in this staff member's scope has not read the notice yet, by delegation."""
    return (
        notice_audience_in_scope(notice=notice, user=user)
        .filter(has_read=False)  # type: ignore[misc]  # the annotation above
        .order_by("delegation__sort_order", "delegation__name", "name", "pk")
    )


@dataclass(frozen=True)
class Readership:
    audience: int
    read: int

    @property
    def unread(self) -> int:
        return self.audience - self.read

    @property
    def share(self) -> float:
        return round(self.read / self.audience, 4) if self.audience else 0.0


def notice_readership(*, notice: MustReadNotice, user: AnyUser) -> Readership:
    """How many in the staff member's scope must read the notice, and have (1 query)."""
    figures = notice_audience_in_scope(notice=notice, user=user).aggregate(
        audience=Count("pk"), read=Count("pk", filter=Q(has_read=True))
    )
    return Readership(audience=figures["audience"], read=figures["read"])


def notices_managed(*, user: AnyUser) -> QuerySet[MustReadNotice]:
    """The notices on boards this staff member reads, newest first."""
    return (
        MustReadNotice.objects.visible_to(user)
        .select_related("topic__board", "delegation", "requirement", "created_by")
        .order_by("-created_at", "-pk")
    )


def must_read_for(*, user: AnyUser, limit: int = 5) -> list[Topic]:
    """The must-read notices this deputy has not opened yet, newest first (1 query)."""
    deputy = forum_deputy(user)
    if deputy is None or deputy.user_id is None:
        return []
    Audience = MustReadNotice.Audience
    addressed = MustReadNotice.objects.filter(
        Q(audience=Audience.EVERYONE)
        | Q(audience=Audience.DELEGATION, delegation_id=deputy.delegation_id)
        | Q(
            audience=Audience.COHORT,
            requirement__in=requirement_ids_including(deputy=deputy),
        )
    )
    read = TopicRead.objects.filter(user_id=deputy.user_id, topic=OuterRef("pk"))
    return list(
        Topic.objects.visible_to(user)
        .filter(pk__in=addressed.values("topic_id"))
        .exclude(Exists(read))
        .order_by("-created_at", "-pk")[:limit]
    )

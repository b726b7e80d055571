"""Reads of the forum: board lists, topic lists, pages of posts, search, mentions.

Each page is a fixed number of queries whatever the number of boards, topics or
posts: counts and "last post" lines are subqueries of one query, and everything
is filtered by `visible_to(user)` first.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import cast

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, NullIf
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import pgettext_lazy

from forum.models import Board, BoardRead, Post, Report, Status, Topic, TopicRead
from forum.querysets import board_filter, is_forum_moderator
from infrastructure.identity import AnyUser
from infrastructure.search import (
    SearchContext,
    SearchSource,
    match_q,
    rank_case,
    search_register,
    search_rows,
    text_concat,
)
from people.models import Deputy

TOPICS_PER_PAGE = 20
POSTS_PER_PAGE = 20


def _public_topics() -> QuerySet[Topic]:
    return Topic.objects.filter(status=Status.PUBLISHED, is_hidden=False)


def board_list(*, user: AnyUser) -> list[Board]:
    """The boards this user may read, each with counts, last post and unread flag."""
    topics = _public_topics().filter(board=OuterRef("pk"))
    latest = topics.filter(last_post__isnull=False).order_by("-last_post_at", "-pk")
    boards = Board.objects.visible_to(user).annotate(
        topic_count=Coalesce(
            Subquery(
                topics.order_by()
                .values("board")
                .annotate(n=Count("pk"))
                .values("n")[:1],
                output_field=IntegerField(),
            ),
            Value(0),
        ),
        post_count=Coalesce(
            Subquery(
                topics.order_by()
                .values("board")
                .annotate(n=Sum("post_count"))
                .values("n")[:1],
                output_field=IntegerField(),
            ),
            Value(0),
        ),
        last_topic_id=Subquery(latest.values("pk")[:1]),
        last_topic_title=Subquery(latest.values("title")[:1]),
        last_post_id=Subquery(latest.values("last_post_id")[:1]),
        last_post_at_=Subquery(latest.values("last_post_at")[:1]),
        last_author=Subquery(
            latest.annotate(
                name=Coalesce(
                    NullIf("last_post__author__deputy__name", Value("")),
                    NullIf("last_post__author__first_name", Value("")),
                    "last_post__author__username",
                )
            ).values("name")[:1]
        ),
    )
    if user.is_authenticated:
        marked = BoardRead.objects.filter(user=user, board=OuterRef("board")).values(
            "marked_at"
        )[:1]
        read = TopicRead.objects.filter(user=user, topic=OuterRef("pk")).values(
            "last_read_number"
        )[:1]
        unread_topics = (
            topics.filter(last_number__gt=0)
            .annotate(
                read_number=Coalesce(Subquery(read), Value(0)),
                marked_at=Subquery(marked),
            )
            .filter(last_number__gt=F("read_number"))
            .filter(Q(marked_at__isnull=True) | Q(last_post_at__gt=F("marked_at")))
        )
        boards = boards.annotate(has_unread=Exists(unread_topics))
    else:
        boards = boards.annotate(has_unread=Value(False))
    return cast(list[Board], list(boards))


@dataclass
class TopicPage:
    page: Page
    board_read_at: datetime | None


def board_topics(*, board: Board, user: AnyUser, page: str | int | None) -> TopicPage:
    """A page of a board's topics, pinned first, each with `is_unread` set."""
    topics = (
        Topic.objects.visible_to(user)
        .filter(board=board)
        .select_related("author__deputy", "last_post__author__deputy")
        .order_by("-is_pinned", "-last_post_at", "-pk")
    )
    board_read_at = None
    if user.is_authenticated:
        topics = topics.annotate(
            read_number=Coalesce(
                Subquery(
                    TopicRead.objects.filter(user=user, topic=OuterRef("pk")).values(
                        "last_read_number"
                    )[:1]
                ),
                Value(0),
            )
        )
        board_read_at = (
            BoardRead.objects.filter(user=user, board=board)
            .values_list("marked_at", flat=True)
            .first()
        )
    result = Paginator(topics, TOPICS_PER_PAGE).get_page(page)
    for topic in result:
        topic.is_unread = bool(  # type: ignore[attr-defined]
            user.is_authenticated
            and topic.last_number > getattr(topic, "read_number", 0)
            and (
                board_read_at is None
                or (
                    topic.last_post_at is not None
                    and topic.last_post_at > board_read_at
                )
            )
        )
    return TopicPage(page=result, board_read_at=board_read_at)


def topic_posts(*, topic: Topic, user: AnyUser) -> QuerySet[Post]:
    """The posts of a topic this user sees, in order, with their authors."""
    return (
        Post.objects.visible_to(user)
        .filter(topic=topic)
        .select_related("author__deputy__delegation")
        .order_by("number")
    )


def topic_read_number(*, user: AnyUser, topic: Topic) -> int:
    """The highest post number this user has read (a board "mark all read" counts)."""
    if not user.is_authenticated:
        return 0
    read = (
        TopicRead.objects.filter(user=user, topic=topic)
        .values_list("last_read_number", flat=True)
        .first()
        or 0
    )
    marked = (
        BoardRead.objects.filter(user=user, board_id=topic.board_id)
        .values_list("marked_at", flat=True)
        .first()
    )
    if marked is not None and topic.last_post_at and topic.last_post_at <= marked:
        return max(read, topic.last_number)
    return read


def topic_page_of_number(*, posts: QuerySet[Post], number: int) -> int:
    """The page of `posts` (POSTS_PER_PAGE) on which post `number` is, or would be."""
    before = posts.filter(number__lt=number).count()
    return before // POSTS_PER_PAGE + 1


def first_unread_number(*, posts: QuerySet[Post], read_number: int) -> int | None:
    return (
        posts.filter(number__gt=read_number)
        .order_by("number")
        .values_list("number", flat=True)
        .first()
    )


def post_search_rows(context: SearchContext) -> QuerySet:
    """Posts of readable boards: an opening post also by its topic's title."""
    opening = Q(number=1)
    posts = (
        Post.objects.public()
        .filter(board_filter(context.user, prefix="topic__board__"))
        .filter(
            match_q(context.terms, ["body_text"])
            | (opening & match_q(context.terms, ["topic__title"]))
        )
    )
    if context.year is not None:
        posts = posts.filter(created_at__year=context.year)
    return search_rows(
        posts,
        source_kind="forum",
        target="pk",
        title="topic__title",
        body=text_concat("body_text"),
        rank=rank_case(context, "topic__title", extra=opening),
    )


def post_links(ids: list[int], request: HttpRequest) -> dict[int, str]:
    return {pk: reverse("forum:post", args=[pk]) for pk in ids}


def search_sources_register() -> None:
    """The forum in the site search (ADR 0008): posts the searcher may read."""
    search_register(
        SearchSource(
            kind="forum",
            label=pgettext_lazy("search kind", "Forum post"),
            order=70,
            rows=post_search_rows,
            links=post_links,
        )
    )


def mention_candidates(*, board: Board, query: str, limit: int = 10) -> list[Deputy]:
    """Deputies in office, with an account, whose name contains the query and who
    may read the board (a closed board's members only)."""
    query = query.strip()
    if not query:
        return []
    deputies = Deputy.objects.active().filter(
        name__contains=query, user__isnull=False, user__is_active=True
    )
    if board.read_access == Board.ReadAccess.CLOSED:
        enrolled = (
            Q(enrolments__course_id=board.course_id)
            if board.course_id
            else Q(pk__in=[])
        )
        deputies = deputies.filter(
            Q(delegation__in=board.delegations.all())
            | Q(pk__in=board.members.all())
            | enrolled
        ).distinct()
    return list(deputies.select_related("delegation").order_by("name", "pk")[:limit])


def moderation_queue(*, user: AnyUser) -> dict:
    """What waits for this moderator: queued posts and open reports, oldest first."""
    if not is_forum_moderator(user):
        return {"pending": [], "reports": []}
    pending = (
        Post.objects.visible_to(user)
        .filter(status=Status.PENDING, deleted_at__isnull=True)
        .select_related("topic__board", "author__deputy")
        .order_by("created_at")[:100]
    )
    reports = (
        Report.objects.visible_to(user)
        .open()
        .select_related("post__topic__board", "post__author__deputy", "reporter")
        .order_by("created_at")[:100]
    )
    return {"pending": list(pending), "reports": list(reports)}

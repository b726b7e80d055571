"""A deputy's part in the forum: posts, topics, editions; a course's reflection.

These feed the panels that `courses` shows on /my/, the learning record and the
course page (registered in `forum.apps`), and the completion check of a course
that asks for a reflection post.
"""

from dataclasses import dataclass, field

from django.db.models import BooleanField, Count, Exists, OuterRef, Q, Value

from courses.extensions import Panel
from courses.models import CoursePage
from forum.models import (
    EditionRegistration,
    ForumEditionPage,
    Post,
    Topic,
)
from forum.querysets import forum_deputy
from forum.selectors.notices import must_read_for
from infrastructure.identity import AnyUser
from people.models import Deputy


def reflection_done(*, deputy: Deputy, course: CoursePage) -> bool:
    """True unless the course asks for a reflection the deputy has not posted."""
    if not course.requires_reflection:
        return True
    if deputy.user_id is None:
        return False
    return (
        Post.objects.public()
        .filter(author_id=deputy.user_id, topic__board__course_id=course.pk)
        .exists()
    )


@dataclass
class EditionTaken:
    edition: ForumEditionPage
    attended: bool
    contributed: bool
    registered: bool


def editions_of_deputy(
    *, deputy: Deputy, has_posted: bool = True
) -> list[EditionTaken]:
    """Editions the deputy registered for, attended or discussed in (one query).

    `has_posted=False` (the caller counted no post of theirs) leaves out the
    search for their posts in each edition's discussion.
    """
    registration = EditionRegistration.objects.filter(
        edition_id=OuterRef("pk"), deputy_id=deputy.pk
    )
    posted: Exists | Value
    if deputy.user_id and has_posted:
        posted = Exists(
            Post.objects.public().filter(
                author_id=deputy.user_id, topic__board_id=OuterRef("board_id")
            )
        )
    else:
        posted = Value(False, output_field=BooleanField())
    editions = (
        ForumEditionPage.objects.live()
        .annotate(
            registered=Exists(registration),
            attended=Exists(registration.filter(attended=True)),
            contributed=posted,
        )
        .filter(Q(registered=True) | Q(contributed=True))
        .order_by("-starts_at")
    )
    return [
        EditionTaken(
            edition=e,
            attended=e.attended,
            contributed=e.contributed,
            registered=e.registered,
        )
        for e in editions
    ]


@dataclass
class Participation:
    topics: int
    posts: int
    recent_topics: list[Topic] = field(default_factory=list)
    editions: list[EditionTaken] = field(default_factory=list)


def participation_of_deputy(*, deputy: Deputy) -> Participation:
    """Counts of the deputy's visible topics and replies, recent topics, editions."""
    if deputy.user_id is None:
        return Participation(topics=0, posts=0)
    mine = Post.objects.public().filter(author_id=deputy.user_id)
    figures = mine.aggregate(posts=Count("pk"), topics=Count("pk", filter=Q(number=1)))
    has_posted = bool(figures["posts"])
    # No post of theirs: no topic to list, and no query to find none.
    recent = (
        list(
            Topic.objects.public()
            .filter(Exists(mine.filter(topic_id=OuterRef("pk"))))
            .select_related("board")
            .order_by("-last_post_at", "-pk")[:5]
        )
        if has_posted
        else []
    )
    return Participation(
        topics=figures["topics"],
        posts=figures["posts"],
        recent_topics=recent,
        editions=editions_of_deputy(deputy=deputy, has_posted=has_posted),
    )


def my_page_notices_panel(*, deputy: Deputy) -> Panel | None:
    """The must-read banner on /my/: notices this deputy has not opened."""
    if deputy.user is None:
        return None
    topics = must_read_for(user=deputy.user)
    if not topics:
        return None
    return Panel("forum/includes/must_read_banner.html", {"topics": topics})


def my_page_participation_panel(*, deputy: Deputy) -> Panel | None:
    return Panel(
        "forum/includes/participation_panel.html",
        {"participation": participation_of_deputy(deputy=deputy)},
    )


def record_editions_panel(*, deputy: Deputy) -> Panel | None:
    """The learning record lists the editions attended or contributed to."""
    taken = [
        e for e in editions_of_deputy(deputy=deputy) if e.attended or e.contributed
    ]
    return Panel("forum/includes/record_editions.html", {"editions": taken})


def course_discussion_panel(*, course: CoursePage, user: AnyUser) -> Panel | None:
    """A course page links to its discussion and says whether a reflection is due.

    The link goes through `forum:course_board`, which checks who may read the board,
    so the course page itself asks nothing of the forum unless a reflection is due.
    """
    done = None
    if course.requires_reflection:
        deputy = forum_deputy(user)
        if deputy is not None:
            done = reflection_done(deputy=deputy, course=course)
    return Panel(
        "forum/includes/course_discussion.html",
        {
            "course_id": course.pk,
            "requires_reflection": course.requires_reflection,
            "reflection_done": done,
        },
    )

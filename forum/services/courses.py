"""The forum beside the courses: each course's discussion board, reflection posts."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from courses.models import CoursePage, Enrolment
from courses.services.progress import enrolment_refresh
from forum.models import Board, Post, Topic
from infrastructure.identity import deputy_for_user


def course_board_slug(course: CoursePage) -> str:
    return f"course-{course.pk}"


@transaction.atomic
def course_board_ensure(*, course: CoursePage) -> Board:
    """The course's discussion board, made the first time (safe to call again).

    Open to logged-in deputies and staff, listed after the editors' boards; an
    editor may close it to the course's participants in the admin.
    """
    board = Board.objects.filter(course=course).order_by("pk").first()
    if board is not None:
        return board
    slug = course_board_slug(course)
    try:
        with transaction.atomic():
            return Board.objects.create(
                title=(_("Course: %(title)s") % {"title": course.title})[:60],
                slug=slug,
                description=_("Questions and reflections (学习心得) on this course."),
                sort_order=1000,
                course=course,
            )
    except IntegrityError:
        return Board.objects.get(slug=slug)


def reflection_counted(*, post: Post, topic: Topic) -> None:
    """A visible post in a course's board may be the reflection the course asks for.

    Precondition: inside the transaction that made the post visible.
    """
    course_id = topic.board.course_id
    if course_id is None:
        return
    course = CoursePage.objects.filter(pk=course_id, requires_reflection=True).first()
    deputy = deputy_for_user(post.author)
    if course is None or deputy is None:
        return
    if Enrolment.objects.filter(deputy=deputy, course=course).exists():
        enrolment_refresh(deputy=deputy, course=course)

"""The forum beside the courses: a course's discussion, a required reflection post
counted in completion, and the deputy's participation on /my/."""

import pytest

from courses.models import Enrolment
from courses.services.progress import course_enrol, module_complete
from forum.models import Board
from forum.services import course_board_ensure, post_hide, topic_create
from tests.forum.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def reflective_course(quizless_course):
    quizless_course.requires_reflection = True
    quizless_course.save()
    return quizless_course


def _complete_modules(deputy, course):
    course_enrol(deputy=deputy, course=course)
    for module in course.get_children().specific():
        if module.is_required:
            module_complete(deputy=deputy, module=module)


def test_publishing_a_course_gives_it_a_discussion_board(quizless_course):
    quizless_course.save_revision().publish()
    board = Board.objects.get(course=quizless_course)
    assert course_board_ensure(course=quizless_course) == board  # once


def test_every_course_page_links_to_its_discussion(client, quizless_course, member):
    board = course_board_ensure(course=quizless_course)
    login(client, member.user)
    page = client.get(quizless_course.url).content.decode()
    link = f"/forum/c/{quizless_course.pk}/"
    assert link in page
    assert client.get(link)["Location"] == f"/forum/{board.slug}/"


def test_the_discussion_link_of_a_closed_course_board_tells_outsiders_nothing(
    client, quizless_course, outsider
):
    board = course_board_ensure(course=quizless_course)
    board.read_access = Board.ReadAccess.CLOSED
    board.save()
    login(client, outsider.user)  # not enrolled
    assert client.get(f"/forum/c/{quizless_course.pk}/").status_code == 404


def test_a_required_reflection_holds_completion_until_posted(
    reflective_course, member, moderator
):
    board = course_board_ensure(course=reflective_course)
    _complete_modules(member, reflective_course)
    enrolment = Enrolment.objects.get(deputy=member, course=reflective_course)
    assert enrolment.completed_at is None
    topic_create(
        board=board, author=member.user, title="学习心得", body="学完很有收获。"
    )
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None


def test_a_reflection_in_another_board_does_not_count(
    reflective_course, member, open_board
):
    course_board_ensure(course=reflective_course)
    _complete_modules(member, reflective_course)
    topic_create(board=open_board, author=member.user, title="心得", body="别处")
    assert (
        Enrolment.objects.get(deputy=member, course=reflective_course).completed_at
        is None
    )


def test_a_course_without_the_requirement_completes_as_before(quizless_course, member):
    _complete_modules(member, quizless_course)
    assert Enrolment.objects.get(deputy=member, course=quizless_course).completed_at


def test_the_course_page_says_whether_the_reflection_is_posted(
    client, reflective_course, member
):
    board = course_board_ensure(course=reflective_course)
    course_enrol(deputy=member, course=reflective_course)
    login(client, member.user)
    write = f"/forum/c/{reflective_course.pk}/?new=1"
    page = client.get(reflective_course.url).content.decode()
    assert write in page
    assert client.get(write)["Location"] == f"/forum/{board.slug}/new/"
    topic_create(board=board, author=member.user, title="心得", body="体会")
    page = client.get(reflective_course.url).content.decode()
    assert write not in page


def test_my_page_counts_the_deputys_visible_posts(
    client, open_board, member, moderator
):
    topic = topic_create(
        board=open_board, author=member.user, title="我的主题甲", body="正文"
    )
    hidden = topic_create(
        board=open_board, author=member.user, title="被隐藏的主题", body="正文"
    )
    post_hide(post=hidden.posts.get(), actor=moderator, reason="重复")
    login(client, member.user)
    page = client.get("/my/").content.decode()
    assert topic.title in page
    assert "被隐藏的主题" not in page

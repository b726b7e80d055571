import pytest
from django.contrib.auth.models import Group

from cms.groups import COURSE_EDITORS
from forum.models import Board, ModerationAction
from forum.services import topic_moderate
from tests.factories.roster import UserFactory
from tests.forum.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    user = UserFactory(username="forum_editor")
    user.groups.add(Group.objects.get(name=COURSE_EDITORS))
    return user


def test_editor_creates_a_closed_staff_board_in_the_admin(client, editor, xuhui):
    login(client, editor)
    response = client.post(
        "/admin/snippets/forum/board/add/",
        {
            "title": "学习心得",
            "slug": "reflections",
            "description": "",
            "sort_order": "3",
            "read_access": "closed",
            "post_access": "staff",
            "premoderated": "on",
            "delegations": [xuhui.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    board = Board.objects.get(slug="reflections")
    assert board.premoderated and list(board.delegations.all()) == [xuhui]


def test_deputy_cannot_manage_boards(client, member):
    login(client, member.user)
    response = client.get("/admin/snippets/forum/board/add/")
    assert response.status_code in {302, 403}


def test_moderation_log_shows_who_when_and_why(client, moderator, open_topic):
    topic_moderate(topic=open_topic, actor=moderator, action="lock", reason="讨论结束")
    login(client, moderator)
    page = client.get("/admin/forum_moderation_log/").content.decode()
    assert "讨论结束" in page and "moderator" in page
    action = ModerationAction.objects.get()
    inspect = client.get(f"/admin/forum_moderation_log/inspect/{action.pk}/")
    assert inspect.status_code == 200 and "讨论结束" in inspect.content.decode()
    menu = client.get("/admin/").content.decode()
    assert "forum_moderation_log" in menu


def test_editor_does_not_read_the_moderation_log(client, editor):
    login(client, editor)
    assert client.get("/admin/forum_moderation_log/").status_code in {302, 403}


def test_reports_list_names_the_deputy_who_reported_not_their_login(
    client, moderator, member, open_topic, django_assert_max_num_queries
):
    from forum.services import post_report

    member.user.username = "16-16-0041"
    member.user.save()
    post_report(
        post=open_topic.posts.get(), reporter=member.user, reason="涉及个人信息"
    )
    login(client, moderator)
    client.get("/admin/forum_reports/")
    with django_assert_max_num_queries(25):
        page = client.get("/admin/forum_reports/").content.decode()
    assert "涉及个人信息" in page and member.name in page
    assert "16-16-0041" not in page

import uuid

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import CoursePage
from forum.models import (
    Board,
    ForumEditionPage,
    ModerationAction,
    MustReadNotice,
    Post,
    Report,
    Topic,
)
from forum.services import post_reply, topic_create
from tests.factories.roster import DeputyFactory
from tests.forum.conftest import login

pytestmark = pytest.mark.django_db

TOO_FAST = ("Wait a minute", "请稍等", "稍后")


def test_posting_is_rate_limited_per_user_with_a_clear_message(
    client, settings, open_topic, member
):
    settings.FORUM_POST_RATE = "2/m"
    login(client, member.user)
    url = f"/forum/t/{open_topic.pk}/reply/"
    statuses = [
        client.post(url, {"body": f"回复{n}", "token": str(uuid.uuid4())}).status_code
        for n in range(3)
    ]
    assert statuses == [302, 302, 429]
    limited = client.post(url, {"body": "保留我的文字", "token": str(uuid.uuid4())})
    body = limited.content.decode()
    assert any(words in body for words in TOO_FAST)
    assert "保留我的文字" in body  # the text is not lost
    assert open_topic.posts.count() == 3


def test_rate_limit_counts_per_user(client, settings, open_topic, member, outsider):
    settings.FORUM_POST_RATE = "1/m"
    url = f"/forum/t/{open_topic.pk}/reply/"
    login(client, member.user)
    assert client.post(url, {"body": "甲"}).status_code == 302
    assert client.post(url, {"body": "乙"}).status_code == 429
    login(client, outsider.user)
    assert client.post(url, {"body": "丙"}).status_code == 302


def test_reporting_is_rate_limited(client, settings, open_board, member, outsider):
    settings.FORUM_REPORT_RATE = "1/m"
    topic = topic_create(board=open_board, author=outsider.user, title="题", body="一")
    second = post_reply(topic=topic, author=outsider.user, body="二")
    login(client, member.user)
    opening = topic.posts.get(number=1)
    first = client.post(f"/forum/p/{opening.pk}/report/", {"reason": "广告"})
    assert first.status_code == 302
    limited = client.post(f"/forum/p/{second.pk}/report/", {"reason": "广告"})
    assert limited.status_code == 429
    assert any(words in limited.content.decode() for words in TOO_FAST)
    assert Report.objects.count() == 1


def test_new_topic_through_the_form(client, open_board, member):
    login(client, member.user)
    response = client.post(
        f"/forum/{open_board.slug}/new/",
        {"title": "社区养老", "body": "**加粗**", "token": str(uuid.uuid4())},
    )
    topic = Topic.objects.get(title="社区养老")
    assert response["Location"] == f"/forum/t/{topic.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "<strong>加粗</strong>" in page


def test_preview_renders_without_saving(client, open_board, member):
    login(client, member.user)
    response = client.post(
        f"/forum/{open_board.slug}/new/",
        {"title": "预览", "body": "> 引用", "preview": "1"},
    )
    assert "<blockquote>" in response.content.decode()
    assert not Topic.objects.exists()


def test_quote_prefills_the_quoted_text(client, open_topic, member):
    login(client, member.user)
    post = open_topic.last_post
    body = client.get(f"/forum/t/{open_topic.pk}/reply/?quote={post.pk}").content
    assert "&gt; 分享一下走访选民的做法。" in body.decode()


def test_moderator_hides_and_locks_from_the_site(client, open_topic, moderator, member):
    reply = post_reply(topic=open_topic, author=member.user, body="违规内容")
    login(client, moderator)
    client.post(f"/forum/p/{reply.pk}/hide/hide/", {"reason": "违规"})
    client.post(f"/forum/t/{open_topic.pk}/moderate/lock/", {"reason": "讨论结束"})
    client.post(f"/forum/t/{open_topic.pk}/moderate/pin/", {"reason": "重要"})
    reply.refresh_from_db()
    open_topic.refresh_from_db()
    assert reply.is_hidden and open_topic.is_locked and open_topic.is_pinned
    assert set(ModerationAction.objects.values_list("action", flat=True)) == {
        "hide",
        "lock",
        "pin",
    }
    login(client, member.user)
    page = client.get(f"/forum/t/{open_topic.pk}/").content.decode()
    assert "违规内容" not in page


def test_deputy_cannot_moderate(client, open_topic, member):
    login(client, member.user)
    response = client.post(
        f"/forum/t/{open_topic.pk}/moderate/lock/", {"reason": "我想锁"}
    )
    assert response.status_code == 403
    open_topic.refresh_from_db()
    assert not open_topic.is_locked


def test_moderator_moves_a_topic(client, open_topic, moderator, staff_board):
    login(client, moderator)
    client.post(
        f"/forum/t/{open_topic.pk}/move/",
        {"board": staff_board.pk, "reason": "归入通知"},
    )
    open_topic.refresh_from_db()
    assert open_topic.board == staff_board


def _make_topics(board, author, n):
    for i in range(n):
        topic_create(board=board, author=author, title=f"话题{i}", body="正文")


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_board_page_queries_do_not_grow_with_topics(
    client, django_assert_max_num_queries, open_board, member
):
    authors = [DeputyFactory(with_account=True).user for _ in range(3)]
    login(client, member.user)
    for n, author in enumerate(authors):
        _make_topics(open_board, author, 3 if n == 0 else 15)
    _make_topics(open_board, authors[0], 0)
    small = Board.objects.create(title="小版块", slug="small")
    _make_topics(small, authors[0], 3)
    few = _queries(client, "/forum/small/")
    many = _queries(client, f"/forum/{open_board.slug}/")
    assert few == many
    with django_assert_max_num_queries(12):
        client.get(f"/forum/{open_board.slug}/")
    with django_assert_max_num_queries(12):
        client.get("/forum/")


def test_topic_page_queries_do_not_grow_with_posts(
    client, django_assert_max_num_queries, open_board, member
):
    authors = [DeputyFactory(with_account=True).user for _ in range(5)]
    short = topic_create(board=open_board, author=authors[0], title="短", body="1")
    post_reply(topic=short, author=authors[1], body="2")
    long = topic_create(board=open_board, author=authors[0], title="长", body="1")
    for n in range(30):
        post_reply(topic=long, author=authors[n % 5], body=f"回复{n}")
    login(client, member.user)
    # The first visit writes the read mark; compare second visits.
    client.get(f"/forum/t/{short.pk}/")
    client.get(f"/forum/t/{long.pk}/")
    few = _queries(client, f"/forum/t/{short.pk}/")
    many = _queries(client, f"/forum/t/{long.pk}/")
    assert few == many
    with django_assert_max_num_queries(16):
        client.get(f"/forum/t/{long.pk}/?page=2")


def test_seed_demo_makes_the_forum_once(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    titles = list(Board.objects.values_list("title", flat=True))
    # The editors' five boards first; then the editions' boards and one per course.
    assert titles[:5] == [
        "通知公告",
        "履职经验交流",
        "代表建议交流",
        "长三角代表工作协作",
        "学习心得",
    ]
    assert titles[5:7] == ["第一期论坛讨论", "第二期论坛讨论"]
    assert Board.objects.filter(course__isnull=False).count() == (
        CoursePage.objects.count()
    )
    assert MustReadNotice.objects.count() == 1
    assert ForumEditionPage.objects.count() == 2
    counts = (Board.objects.count(), Topic.objects.count(), Post.objects.count())
    assert counts[1] >= 6 and counts[2] > counts[1]
    assert Board.objects.get(slug="notices").post_access == "staff"
    call_command("seed_demo")
    assert (Board.objects.count(), Topic.objects.count(), Post.objects.count()) == (
        counts
    )

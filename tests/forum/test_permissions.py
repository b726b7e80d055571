"""Who reads what: every forum URL and side channel, for each kind of user.

The closed board belongs to 徐汇区: its deputies (member), moderators and staff of
the whole congress read it; a deputy of 黄浦区 (outsider) and a training
administrator scoped to 黄浦区 do not, and learn nothing of it anywhere.
"""

import pytest

from forum.models import Board, ModerationAction, Post, Report
from forum.services import (
    post_reply,
    post_report,
    subscription_set,
    topic_create,
    topic_move,
)
from tests.forum.conftest import login
from tests.html import search_text

pytestmark = pytest.mark.django_db

SECRETS = ("机密议题甲", "机密正文乙", "机密回复丙", "徐汇区代表小组")
READERS = ["member", "moderator", "trainer"]
NON_READERS = ["outsider", "scoped_trainer"]
ROLES = ["anonymous", *READERS, *NON_READERS]


@pytest.fixture
def people(member, outsider, moderator, trainer, scoped_trainer):
    return {
        "anonymous": None,
        "member": member.user,
        "outsider": outsider.user,
        "moderator": moderator,
        "trainer": trainer,
        "scoped_trainer": scoped_trainer,
    }


def _client(client, people, role):
    if people[role] is not None:
        login(client, people[role])
    return client


def closed_urls(topic):
    post = topic.last_post
    board = topic.board
    return {
        "board": f"/forum/{board.slug}/",
        "topic": f"/forum/t/{topic.pk}/",
        "unread jump": f"/forum/t/{topic.pk}/?unread=1",
        "permalink": f"/forum/p/{post.pk}/",
        "reply": f"/forum/t/{topic.pk}/reply/",
        "quote": f"/forum/t/{topic.pk}/reply/?quote={post.pk}",
        "new topic": f"/forum/{board.slug}/new/",
        "mentions": f"/forum/{board.slug}/mentions/?q=王",
        "edit": f"/forum/p/{post.pk}/edit/",
    }


@pytest.mark.parametrize("role", ROLES)
def test_closed_board_urls_answer_by_role(
    client, people, role, closed_topic, open_topic
):
    _client(client, people, role)
    for name, url in closed_urls(closed_topic).items():
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302, name
            assert response["Location"].startswith("/accounts/login/"), name
        elif role in NON_READERS:
            assert response.status_code == 404, name
        elif name in {"permalink", "unread jump"}:
            assert response.status_code == 302, name
            assert response["Location"].startswith(f"/forum/t/{closed_topic.pk}/")
        else:
            assert response.status_code == 200, (name, response.status_code)
        body = response.content.decode()
        if role == "anonymous" or role in NON_READERS:
            for secret in SECRETS:
                assert secret not in body, (name, secret)


@pytest.mark.parametrize("role", NON_READERS)
def test_closed_board_writes_are_refused_to_outsiders(
    client, people, role, closed_topic
):
    _client(client, people, role)
    post = closed_topic.last_post
    posts_before = Post.objects.count()
    for url, data in [
        (f"/forum/t/{closed_topic.pk}/reply/", {"body": "闯入"}),
        (f"/forum/{closed_topic.board.slug}/new/", {"title": "闯入", "body": "闯入"}),
        (f"/forum/p/{post.pk}/report/", {"reason": "闯入"}),
        (f"/forum/p/{post.pk}/delete/", {"reason": "闯入"}),
        (f"/forum/t/{closed_topic.pk}/subscribe/", {"on": "1"}),
        (f"/forum/{closed_topic.board.slug}/read/", {}),
    ]:
        assert client.post(url, data).status_code in {403, 404}, url
    assert Post.objects.count() == posts_before
    assert not Report.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_board_list_shows_closed_board_counts_and_last_post_only_to_readers(
    client, people, role, closed_topic, open_topic
):
    body = _client(client, people, role).get("/forum/").content.decode()
    if role in READERS:
        assert "徐汇区代表小组" in body and "机密议题甲" in body
    else:
        for secret in SECRETS:
            assert secret not in body
    if role != "anonymous":
        # The open board's counts are its own: nothing of the closed board in them.
        assert "如何走访选民" in body
        assert "1 topics · 1 posts" in body or "1 个主题" in body


@pytest.mark.parametrize("role", ROLES)
def test_search_finds_closed_posts_only_for_readers(
    client, people, role, closed_topic, open_topic
):
    response = _client(client, people, role).get("/search/", {"q": "机密"})
    body = search_text(response.content.decode())
    found = "机密正文乙" in body or "机密回复丙" in body
    assert found == (role in READERS)


def test_search_finds_forum_posts_by_chinese_substring(client, member, open_topic):
    body = login(client, member.user).get("/search/", {"q": "选民的做"}).content
    assert "如何走访选民" in search_text(body.decode())


def test_anonymous_reads_a_public_board_but_cannot_post(client, outsider):
    board = Board.objects.create(
        title="公开版块", slug="public", read_access=Board.ReadAccess.PUBLIC
    )
    topic = topic_create(
        board=board, author=outsider.user, title="公开话题", body="正文"
    )
    assert client.get(f"/forum/t/{topic.pk}/").status_code == 200
    assert "公开话题" in client.get("/forum/").content.decode()
    response = client.post(f"/forum/t/{topic.pk}/reply/", {"body": "匿名"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_staff_board_takes_topics_only_from_staff(
    client, staff_board, outsider, trainer
):
    login(client, outsider.user)
    assert client.get(f"/forum/{staff_board.slug}/").status_code == 200
    assert client.get(f"/forum/{staff_board.slug}/new/").status_code == 403
    client.post(f"/forum/{staff_board.slug}/new/", {"title": "代表发帖", "body": "x"})
    assert not staff_board.topics.exists()
    login(client, trainer)
    client.post(f"/forum/{staff_board.slug}/new/", {"title": "培训通知", "body": "x"})
    assert staff_board.topics.get().title == "培训通知"


def test_quote_preview_of_a_closed_post_shows_nothing_on_an_open_topic(
    client, outsider, open_topic, closed_topic
):
    login(client, outsider.user)
    closed_post = closed_topic.last_post
    response = client.get(f"/forum/t/{open_topic.pk}/reply/?quote={closed_post.pk}")
    assert response.status_code == 200
    for secret in SECRETS:
        assert secret not in response.content.decode()


def test_mention_of_an_outsider_in_a_closed_board_sends_no_notice(
    member, outsider, closed_topic
):
    post_reply(topic=closed_topic, author=member.user, body="@张明 请看看")
    assert not outsider.user.notifications.exists()


def test_follower_who_loses_access_is_not_told_of_replies(
    moderator, member, outsider, open_topic, closed_board
):
    subscription_set(user=outsider.user, topic=open_topic, on=True)
    topic_move(topic=open_topic, actor=moderator, board=closed_board, reason="归类")
    post_reply(topic=open_topic, author=member.user, body="机密回复丁")
    assert not outsider.user.notifications.exists()
    assert outsider.user.pk != member.user.pk


def test_mention_picker_offers_only_deputies_who_read_the_board(
    client, member, outsider, closed_board, open_board
):
    login(client, member.user)
    closed = client.get(f"/forum/{closed_board.slug}/mentions/", {"q": "张"}).json()
    assert closed["results"] == []
    opened = client.get(f"/forum/{open_board.slug}/mentions/", {"q": "张"}).json()
    assert opened["results"] == [{"name": "张明", "delegation": "黄浦区"}]


@pytest.mark.parametrize("role", ROLES)
def test_moderation_queue_and_admin_log_are_for_moderators_in_scope(
    client, people, role, closed_topic, moderator, outsider
):
    post_report(post=closed_topic.last_post, reporter=moderator, reason="机密举报戊")
    topic_move(
        topic=closed_topic, actor=moderator, board=closed_topic.board, reason="x"
    )
    ModerationAction.objects.create(
        actor=moderator, action="pin", topic=closed_topic, reason="机密置顶己"
    )
    _client(client, people, role)
    queue = client.get("/forum/moderation/")
    log = client.get("/admin/forum_moderation_log/")
    reports = client.get("/admin/forum_reports/")
    if role in {"moderator", "trainer"}:
        assert queue.status_code == 200
        assert "机密举报戊" in queue.content.decode()
        assert "机密置顶己" in log.content.decode()
        assert "机密举报戊" in reports.content.decode()
    elif role == "scoped_trainer":
        # A moderator all the same, but the closed board is outside the scope.
        assert queue.status_code == 200
        for response in (queue, log, reports):
            assert "机密" not in response.content.decode()
    else:
        assert queue.status_code in {302, 403}
        for response in (log, reports):
            assert response.status_code in {302, 403}
            assert "机密" not in response.content.decode()


def test_queued_and_hidden_posts_stay_out_of_every_channel_for_others(
    client, open_board, member, outsider, moderator
):
    Board.objects.filter(pk=open_board.pk).update(premoderated=True)
    open_board.refresh_from_db()
    topic = topic_create(
        board=open_board, author=member.user, title="待审主题壬", body="待审正文癸"
    )
    post = topic.posts.get()
    login(client, outsider.user)
    assert client.get(f"/forum/p/{post.pk}/").status_code == 404
    assert client.get(f"/forum/t/{topic.pk}/").status_code == 404
    for url in ("/forum/", f"/forum/{open_board.slug}/", "/search/?q=待审"):
        body = client.get(url).content.decode()
        assert "待审主题壬" not in body and "待审正文癸" not in body, url
    login(client, member.user)
    assert "待审正文癸" in client.get(f"/forum/t/{topic.pk}/").content.decode()
    login(client, moderator)
    assert "待审正文癸" in client.get("/forum/moderation/").content.decode()

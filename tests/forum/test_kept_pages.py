"""What /my/ shows of the forum follows each post, hiding and notice on the next
view, though the page is kept rendered (ADR 0018)."""

import re

import pytest

from forum.models import ModerationAction, MustReadNotice
from forum.services import (
    notice_mark,
    post_hide,
    post_reply,
    topic_create,
    topic_moderate,
)
from tests.forum.conftest import login

pytestmark = pytest.mark.django_db


def _posts(html: str) -> str:
    return re.search(r"发帖 (\d+) 篇", html)[1]


def test_a_reply_and_its_hiding_show_in_the_participation(
    client, member, open_topic, moderator
):
    login(client, member.user)
    assert _posts(client.get("/my/").content.decode()) == "0"
    reply = post_reply(
        topic=open_topic, author=member.user, body="我们每季度走访一次。"
    )
    html = client.get("/my/").content.decode()
    assert _posts(html) == "1" and "如何走访选民" in html
    post_hide(post=reply, actor=moderator, reason="与主题无关")
    assert _posts(client.get("/my/").content.decode()) == "0"


def test_a_notice_hidden_by_a_moderator_leaves_the_banner(
    client, member, staff_board, trainer, moderator
):
    topic = topic_create(
        board=staff_board,
        author=trainer,
        title="关于参加集中培训的通知",
        body="请按时参加。",
    )
    login(client, member.user)
    client.get("/my/")
    notice_mark(topic=topic, actor=trainer, audience=MustReadNotice.Audience.EVERYONE)
    assert "关于参加集中培训的通知" in client.get("/my/").content.decode()
    topic_moderate(
        topic=topic,
        actor=moderator,
        action=ModerationAction.Action.HIDE,
        reason="重复发布",
    )
    assert "关于参加集中培训的通知" not in client.get("/my/").content.decode()

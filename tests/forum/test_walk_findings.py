"""Findings of the walk-through: reported posts say so; hidden posts are explained
to their author; the mention picker stays on screen on a phone."""

import pytest

from forum.services import post_hide, post_reply, post_report
from infrastructure.models import Notification
from tests.forum.conftest import login

pytestmark = pytest.mark.django_db


def test_after_reporting_the_post_shows_reported_instead_of_the_link(
    client, open_topic, member, outsider
):
    reply = post_reply(topic=open_topic, author=outsider.user, body="可疑内容")
    login(client, member.user)
    page = client.get(f"/forum/t/{open_topic.pk}/").content.decode()
    assert f"/forum/p/{reply.pk}/report/" in page
    client.post(f"/forum/p/{reply.pk}/report/", {"reason": "广告"})
    page = client.get(f"/forum/t/{open_topic.pk}/").content.decode()
    assert f"/forum/p/{reply.pk}/report/" not in page
    assert "已举报" in page


def test_reporting_someone_elses_post_leaves_their_links_alone(
    client, open_topic, member, outsider
):
    first = post_reply(topic=open_topic, author=outsider.user, body="一")
    second = post_reply(topic=open_topic, author=outsider.user, body="二")
    post_report(post=first, reporter=member.user, reason="广告")
    login(client, member.user)
    page = client.get(f"/forum/t/{open_topic.pk}/").content.decode()
    assert f"/forum/p/{second.pk}/report/" in page


def test_the_author_is_told_why_their_post_was_hidden(open_topic, outsider, moderator):
    reply = post_reply(topic=open_topic, author=outsider.user, body="广告内容")
    post_hide(post=reply, actor=moderator, reason="含有广告")
    notice = Notification.objects.get(recipient=outsider.user, kind="forum_post_hidden")
    assert "含有广告" in notice.body
    assert open_topic.title in notice.title
    assert notice.url == f"/forum/t/{open_topic.pk}/"
    # Showing it again tells nobody; hiding twice tells once.
    post_hide(post=reply, actor=moderator, reason="再次", hidden=True)
    assert Notification.objects.filter(kind="forum_post_hidden").count() == 1

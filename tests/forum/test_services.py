import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from forum.models import Board, ModerationAction, Post, PostRevision, Status, Topic
from forum.selectors import board_list, board_topics
from forum.services import (
    board_mark_read,
    post_approve,
    post_delete,
    post_edit,
    post_hide,
    post_reply,
    post_report,
    report_resolve,
    topic_create,
    topic_mark_read,
    topic_moderate,
    topic_move,
)
from tests.factories.roster import DeputyFactory
from tests.forum.conftest import login

pytestmark = pytest.mark.django_db


def test_same_token_twice_makes_one_topic_and_one_reply(open_board, outsider):
    token = uuid.uuid4()
    first = topic_create(
        board=open_board,
        author=outsider.user,
        title="题",
        body="正文",
        client_token=token,
    )
    again = topic_create(
        board=open_board,
        author=outsider.user,
        title="题",
        body="正文",
        client_token=token,
    )
    assert first.pk == again.pk and Topic.objects.count() == 1
    reply_token = uuid.uuid4()
    a = post_reply(
        topic=first, author=outsider.user, body="回", client_token=reply_token
    )
    b = post_reply(
        topic=first, author=outsider.user, body="回", client_token=reply_token
    )
    assert a.pk == b.pk
    assert Post.objects.filter(topic=first).count() == 2


def test_double_click_on_the_reply_form_creates_one_post(client, open_topic, member):
    login(client, member.user)
    data = {"body": "双击也只发一次", "token": str(uuid.uuid4())}
    client.post(f"/forum/t/{open_topic.pk}/reply/", data)
    client.post(f"/forum/t/{open_topic.pk}/reply/", data)
    assert Post.objects.filter(body="双击也只发一次").count() == 1


def test_topic_counters_count_only_visible_posts(open_topic, member, moderator):
    reply = post_reply(topic=open_topic, author=member.user, body="一")
    open_topic.refresh_from_db()
    assert (open_topic.post_count, open_topic.last_post_id) == (2, reply.pk)
    post_hide(post=reply, actor=moderator, reason="不当言论")
    open_topic.refresh_from_db()
    assert open_topic.post_count == 1
    assert open_topic.last_post.number == 1


def test_unread_marks_follow_what_the_user_has_read(open_topic, member, outsider):
    def unread():
        page = board_topics(board=open_topic.board, user=member.user, page=1).page
        return [t.is_unread for t in page]

    assert unread() == [True]
    topic_mark_read(user=member.user, topic=open_topic, number=1)
    assert unread() == [False]
    post_reply(topic=open_topic, author=outsider.user, body="新回复")
    assert unread() == [True]
    [board] = board_list(user=member.user)
    assert board.has_unread
    board_mark_read(user=member.user, board=open_topic.board)
    assert unread() == [False]
    assert not board_list(user=member.user)[0].has_unread
    # Reading never moves backwards.
    topic_mark_read(user=member.user, topic=open_topic, number=2)
    topic_mark_read(user=member.user, topic=open_topic, number=1)
    assert open_topic.reads.get(user=member.user).last_read_number == 2


def test_viewing_marks_read_and_jump_goes_to_first_unread(client, open_board, member):
    author = DeputyFactory(with_account=True, name="赵强").user
    topic = topic_create(board=open_board, author=author, title="长帖", body="1")
    for n in range(24):
        post_reply(topic=topic, author=author, body=f"回复{n}")
    login(client, member.user)
    jump = client.get(f"/forum/t/{topic.pk}/?unread=1")
    assert jump["Location"].endswith("?page=1#post-1")
    client.get(f"/forum/t/{topic.pk}/")  # page 1: posts 1-20 read
    jump = client.get(f"/forum/t/{topic.pk}/?unread=1")
    assert jump["Location"].endswith("?page=2#post-21")
    page = client.get(f"/forum/t/{topic.pk}/?page=2").content.decode()
    assert 'id="post-21"' in page


def test_mention_notifies_the_deputy_and_subscribes_them(open_topic, outsider, member):
    post = post_reply(
        topic=open_topic, author=outsider.user, body="请@王芳看看这个做法"
    )
    notice = member.user.notifications.get(kind="forum_mention")
    assert "张明" in notice.title and notice.url == f"/forum/p/{post.pk}/"
    assert list(post.mentioned.all()) == [member]
    assert open_topic.subscriptions.filter(user=member.user).exists()
    # Subscribed: the next reply is a reply notice.
    post_reply(topic=open_topic, author=outsider.user, body="补充一句")
    assert member.user.notifications.filter(kind="forum_reply").count() == 1


def test_repliers_are_subscribed_and_the_author_is_not_told_of_own_post(
    open_topic, outsider, member
):
    post_reply(topic=open_topic, author=member.user, body="第一条回复")
    assert outsider.user.notifications.filter(kind="forum_reply").count() == 1
    assert not member.user.notifications.exists()
    post_reply(topic=open_topic, author=outsider.user, body="谢谢")
    assert member.user.notifications.filter(kind="forum_reply").count() == 1


def test_edit_keeps_the_earlier_text(open_topic, outsider):
    post = open_topic.last_post
    post_edit(post=post, editor=outsider.user, body="改过的正文")
    post.refresh_from_db()
    assert post.body == "改过的正文" and post.edited_at is not None
    assert PostRevision.objects.get(post=post).body == "分享一下走访选民的做法。"
    assert not ModerationAction.objects.exists()


def test_author_cannot_edit_after_the_window(client, open_topic, outsider, settings):
    post = open_topic.last_post
    Post.objects.filter(pk=post.pk).update(
        created_at=timezone.now()
        - timedelta(minutes=settings.FORUM_EDIT_WINDOW_MINUTES + 1)
    )
    login(client, outsider.user)
    assert client.get(f"/forum/p/{post.pk}/edit/").status_code == 403


def test_moderator_edit_needs_a_reason_and_is_logged(open_topic, moderator):
    post = open_topic.last_post
    with pytest.raises(ValidationError):
        post_edit(post=post, editor=moderator, body="删去电话号码", as_moderator=True)
    post_edit(
        post=post,
        editor=moderator,
        body="删去电话号码",
        reason="隐私",
        as_moderator=True,
    )
    action = ModerationAction.objects.get()
    assert (action.actor, action.action, action.reason, action.post) == (
        moderator,
        "edit",
        "隐私",
        post,
    )


def test_soft_delete_keeps_the_text_and_shows_a_placeholder(
    client, open_topic, outsider, member
):
    reply = post_reply(topic=open_topic, author=member.user, body="要删除的回复")
    post_delete(post=reply, user=member.user)
    reply.refresh_from_db()
    assert reply.deleted_at is not None and reply.body == "要删除的回复"
    page = login(client, outsider.user).get(f"/forum/t/{open_topic.pk}/")
    assert "要删除的回复" not in page.content.decode()
    assert "This post was deleted." in page.content.decode() or "已删除" in (
        page.content.decode()
    )


def test_every_moderation_action_is_logged_with_who_and_why(
    open_topic, moderator, member, closed_board
):
    reply = post_reply(topic=open_topic, author=member.user, body="回复")
    post_hide(post=reply, actor=moderator, reason="广告")
    post_hide(post=reply, actor=moderator, reason="误判", hidden=False)
    for action in ("lock", "unlock", "pin", "unpin", "hide", "unhide"):
        topic_moderate(topic=open_topic, actor=moderator, action=action, reason="测试")
    topic_move(topic=open_topic, actor=moderator, board=closed_board, reason="归类")
    report = post_report(post=reply, reporter=moderator, reason="举报")
    report_resolve(report=report, actor=moderator, reason="已处理")
    log = list(ModerationAction.objects.order_by("pk"))
    assert [a.action for a in log] == [
        "hide",
        "unhide",
        "lock",
        "unlock",
        "pin",
        "unpin",
        "hide",
        "unhide",
        "move",
        "resolve",
    ]
    assert all(a.actor == moderator and a.reason for a in log)
    assert log[8].detail == "履职经验交流 → 徐汇区代表小组"


def test_moderation_without_a_reason_is_refused(open_topic, moderator):
    with pytest.raises(ValidationError):
        topic_moderate(topic=open_topic, actor=moderator, action="lock", reason=" ")


def test_premoderated_posts_wait_and_are_announced_on_approval(
    open_board, member, outsider, moderator
):
    Board.objects.filter(pk=open_board.pk).update(premoderated=True)
    open_board.refresh_from_db()
    topic = topic_create(board=open_board, author=member.user, title="待审", body="x")
    assert topic.status == Status.PENDING
    assert not Topic.objects.visible_to(outsider.user).filter(pk=topic.pk).exists()
    assert Topic.objects.visible_to(member.user).filter(pk=topic.pk).exists()
    assert board_list(user=outsider.user)[0].topic_count == 0
    post = topic.posts.get()
    post_approve(post=post, actor=moderator)
    topic.refresh_from_db()
    assert topic.status == Status.PUBLISHED and topic.post_count == 1
    assert Topic.objects.visible_to(outsider.user).filter(pk=topic.pk).exists()
    assert ModerationAction.objects.get().action == "approve"


def test_staff_posts_skip_premoderation(open_board, trainer):
    Board.objects.filter(pk=open_board.pk).update(premoderated=True)
    open_board.refresh_from_db()
    topic = topic_create(board=open_board, author=trainer, title="通知", body="x")
    assert topic.status == Status.PUBLISHED


def test_locked_topic_takes_no_replies_from_deputies(
    client, open_topic, member, moderator
):
    topic_moderate(topic=open_topic, actor=moderator, action="lock", reason="已结束")
    login(client, member.user)
    assert client.get(f"/forum/t/{open_topic.pk}/reply/").status_code == 403
    client.post(f"/forum/t/{open_topic.pk}/reply/", {"body": "还想说"})
    assert open_topic.posts.count() == 1


def test_second_report_by_the_same_user_changes_nothing(open_topic, member):
    post = open_topic.last_post
    first = post_report(post=post, reporter=member.user, reason="广告")
    second = post_report(post=post, reporter=member.user, reason="还是广告")
    assert first.pk == second.pk and first.reason == "广告"


def test_a_mention_added_by_an_edit_is_told_once(open_topic, outsider, member):
    post = post_reply(topic=open_topic, author=outsider.user, body="大家看看")
    post_edit(post=post, editor=outsider.user, body="大家看看，@王芳")
    post_edit(post=post, editor=outsider.user, body="大家看看，@王芳 谢谢")
    assert member.user.notifications.filter(kind="forum_mention").count() == 1

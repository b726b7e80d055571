"""A deputy replies with an @mention chosen in the picker on a phone; the mentioned
deputy sees the notification and jumps to the unread reply."""

import pytest

from forum.models import Board, Post
from forum.services import post_reply, topic_create, topic_mark_read
from tests.factories.roster import DelegationFactory, DeputyFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, url, username, password):
    page.goto(f"{url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.press("input[name=password]", "Enter")
    page.wait_for_load_state()


def test_a_mention_reaches_the_deputy_who_jumps_to_the_unread_reply(
    live_server, browser, tmp_path
):
    xuhui = DelegationFactory(name="徐汇区")
    author = DeputyFactory(with_account=True, name="张明", delegation=xuhui)
    mentioned = DeputyFactory(with_account=True, name="王芳", delegation=xuhui)
    for deputy, password in ((author, "pw-author-123"), (mentioned, "pw-wang-123")):
        deputy.user.set_password(password)
        deputy.user.save()
    board = Board.objects.create(title="履职经验交流", slug="experience")
    topic = topic_create(
        board=board, author=mentioned.user, title="如何走访选民", body="请大家分享。"
    )
    for n in range(24):  # the reply lands on the second page
        post_reply(topic=topic, author=mentioned.user, body=f"补充第{n + 1}点")
    topic.refresh_from_db()
    topic_mark_read(user=mentioned.user, topic=topic, number=topic.last_number)

    # The author writes on a small phone: the picker must stay on screen.
    phone = browser.new_context(locale="zh-CN", viewport={"width": 360, "height": 640})
    page = phone.new_page()
    log_in(page, live_server.url, author.deputy_no, "pw-author-123")
    page.goto(f"{live_server.url}/forum/t/{topic.pk}/reply/")
    box = page.locator("textarea[name=body]")
    box.click()
    box.type("谢谢 @王")
    choice = page.get_by_role("button", name="@王芳（徐汇区）")
    choice.wait_for()
    bounds = choice.bounding_box()
    assert (
        bounds is not None
        and bounds["y"] >= 0
        and bounds["y"] + bounds["height"] <= 640
    )
    choice.click()
    box.type("，您的做法值得推广。")
    assert box.input_value() == "谢谢 @王芳 ，您的做法值得推广。"
    page.get_by_role("button", name="发送").click()
    page.wait_for_load_state()
    reply = Post.objects.get(topic=topic, author=author.user)
    assert page.url.endswith(f"#post-{reply.number}")
    page.screenshot(path=str(tmp_path / "replied.png"))
    phone.close()

    # The mentioned deputy sees the notice in the header and opens it.
    other = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    page = other.new_page()
    log_in(page, live_server.url, mentioned.deputy_no, "pw-wang-123")
    page.goto(f"{live_server.url}/forum/")
    header = page.locator("a[href='/notifications/']").first
    assert "1" in header.inner_text()
    page.goto(f"{live_server.url}/notifications/")
    assert "张明" in page.inner_text("main") and "如何走访选民" in page.inner_text(
        "main"
    )
    page.locator("main button[name=open]").first.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"#post-{reply.number}")
    target = page.locator(f"#post-{reply.number}")
    assert "新" in target.inner_text()  # the first unread post
    assert "您的做法值得推广" in target.inner_text()
    assert target.is_visible()
    page.screenshot(path=str(tmp_path / "jumped.png"))
    other.close()

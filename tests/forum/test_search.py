"""The forum in the site search: what a closed board holds stays with its readers."""

import pytest

from tests.forum.conftest import login
from tests.html import search_text

pytestmark = pytest.mark.django_db


def test_outsider_deputy_finds_nothing_of_a_closed_board_even_narrowed_to_the_forum(
    client, outsider, member, closed_topic, open_topic
):
    login(client, outsider.user)
    for params in ({"q": "机密"}, {"q": "机密", "kind": "forum"}):
        response = client.get("/search/", params)
        text = search_text(response.content.decode())
        assert "机密" in text  # the query is echoed …
        for secret in ("机密议题甲", "机密正文乙", "机密回复丙", "徐汇区代表小组"):
            assert secret not in text  # … and nothing of the board, not even a count
        assert "data-kind" not in response.content.decode()
    login(client, member.user)
    response = client.get("/search/", {"q": "机密", "kind": "forum"})
    text = search_text(response.content.decode())
    assert "机密正文乙" in text and "机密回复丙" in text


def test_a_topic_title_match_ranks_its_opening_post_first_and_once(
    client, member, open_topic
):
    from forum.services import post_reply

    post_reply(topic=open_topic, author=member.user, body="我也想知道走访的方法")
    login(client, member.user)
    html = client.get("/search/", {"q": "走访", "kind": "forum"}).content.decode()
    # The opening post (title and text match) before the reply (text only).
    assert html.count('data-kind="forum"') == 2
    assert html.index("分享一下") < html.index("我也想知道")

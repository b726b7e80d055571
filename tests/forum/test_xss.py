"""Every payload of the corpus renders inert wherever forum text is shown."""

import pytest
from markdown_it import MarkdownIt

from forum.services import post_reply, topic_create
from tests.forum.conftest import login
from tests.forum.xss import PAYLOADS, live_problems

pytestmark = pytest.mark.django_db


def test_the_corpus_is_large_and_the_checker_has_teeth():
    assert len(PAYLOADS) >= 50
    # Rendered by a careless renderer (raw HTML on, no allowlist), most are live.
    careless = MarkdownIt("commonmark", {"html": True})
    live = [p for p in PAYLOADS if live_problems(f"<body>{careless.render(p)}</body>")]
    assert len(live) >= 35


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_payload_is_inert_in_every_place_forum_text_shows(
    client, payload, open_board, outsider, member
):
    topic = topic_create(
        board=open_board,
        author=outsider.user,
        title=payload[:120],
        body=f"{payload}\n\n标记词",
    )
    reply = post_reply(
        topic=topic, author=outsider.user, body=f"@王芳 {payload}\n\n标记词"
    )
    login(client, member.user)
    pages = {
        "index": client.get("/forum/"),
        "board": client.get(f"/forum/{open_board.slug}/"),
        "topic": client.get(f"/forum/t/{topic.pk}/"),
        "quote": client.get(f"/forum/t/{topic.pk}/reply/?quote={reply.pk}"),
        "preview": client.post(
            f"/forum/t/{topic.pk}/reply/", {"body": payload, "preview": "1"}
        ),
        "title preview": client.post(
            f"/forum/{open_board.slug}/new/",
            {"title": payload[:120], "body": payload, "preview": "1"},
        ),
        "notifications": client.get("/notifications/"),
        "search": client.get("/search/", {"q": "标记词"}),
    }
    for place, response in pages.items():
        assert response.status_code == 200, place
        assert live_problems(response.content.decode()) == [], place
    # The places were really exercised: the notice and the search found the posts.
    assert "标记词" in pages["search"].content.decode()
    assert member.user.notifications.filter(kind="forum_mention").exists()

"""Benchmarks of the forum on a synthetic forum (issue 12):

10,000 topics (9,000 in one board), 100,000 posts, 1,000 in one topic and 200 in
another, read marks of 1,000 users. Server time through the test client, with a
bare view (tests/bench/forum_urls.py) measured interleaved as the floor.
"""

import os
import random
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import OuterRef, Subquery
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forum.models import Board, Post, Topic, TopicRead
from tests.bench.conftest import portal
from tests.bench.helpers import p50, report, timings
from tests.factories.roster import DeputyFactory, UserFactory

pytestmark = pytest.mark.django_db

# BENCH_FORUM_SCALE=0.05 builds a twentieth of it, to try the benchmark quickly.
SCALE = float(os.environ.get("BENCH_FORUM_SCALE", "1"))
TOPICS = max(int(10_000 * SCALE), 20)
POSTS = max(int(100_000 * SCALE), 2_000)
BIG_TOPIC = 1_000
MID_TOPIC = 200
READERS = max(int(1_000 * SCALE), 10)


def _post(topic_id: int, number: int, author_id: int, at) -> Post:
    text = f"第{number}楼：关于代表建议办理情况的交流意见，请各位代表补充。"
    return Post(
        topic_id=topic_id,
        number=number,
        author_id=author_id,
        body=text,
        body_html=f"<p>{text}</p>",
        body_text=text,
        created_at=at,
    )


def build_forum() -> dict:
    rng = random.Random(12)
    authors = [UserFactory(username=f"bench-author-{n}") for n in range(20)]
    author_ids = [a.pk for a in authors]
    big_board = Board.objects.create(title="履职经验交流", slug="experience")
    others = [
        Board.objects.create(title=f"版块{n}", slug=f"board-{n}", sort_order=n + 1)
        for n in range(4)
    ]
    now = timezone.now()
    topics = [
        Topic(
            board=big_board if n < TOPICS * 9 // 10 else others[n % 4],
            title=f"主题{n}：老旧小区加装电梯",
            author_id=author_ids[n % 20],
            last_post_at=now - timedelta(minutes=n),
        )
        for n in range(TOPICS)
    ]
    Topic.objects.bulk_create(topics, batch_size=1000)
    topic_ids = list(Topic.objects.order_by("pk").values_list("pk", flat=True))
    big, mid = topic_ids[0], topic_ids[1]
    sizes = {big: BIG_TOPIC, mid: MID_TOPIC}
    remaining = POSTS - BIG_TOPIC - MID_TOPIC
    rest = topic_ids[2:]
    for index, topic_id in enumerate(rest):
        sizes[topic_id] = remaining // len(rest) + (
            1 if index < remaining % len(rest) else 0
        )
    batch: list[Post] = []
    for topic_id, size in sizes.items():
        for number in range(1, size + 1):
            at = now - timedelta(seconds=size - number)
            batch.append(_post(topic_id, number, rng.choice(author_ids), at))
        if len(batch) >= 5000:
            Post.objects.bulk_create(batch, batch_size=1000)
            batch = []
    Post.objects.bulk_create(batch, batch_size=1000)
    last = Post.objects.filter(topic=OuterRef("pk")).order_by("-number")
    Topic.objects.update(
        numbers_used=Subquery(last.values("number")[:1]),
        post_count=Subquery(last.values("number")[:1]),
        last_number=Subquery(last.values("number")[:1]),
        last_post_id=Subquery(last.values("pk")[:1]),
    )
    readers = [UserFactory.build(username=f"bench-reader-{n}") for n in range(READERS)]
    for reader in readers:
        reader.password = "!"  # noqa: S105 - no login needed
    from django.contrib.auth import get_user_model

    get_user_model().objects.bulk_create(readers, batch_size=500)
    reader_ids = list(
        get_user_model()
        .objects.filter(username__startswith="bench-reader-")
        .values_list("pk", flat=True)
    )
    marks = [
        TopicRead(user_id=user_id, topic_id=topic_id, last_read_number=1)
        for user_id in reader_ids
        for topic_id in rng.sample(topic_ids[: min(2000, TOPICS)], 20)
    ]
    TopicRead.objects.bulk_create(marks, batch_size=2000, ignore_conflicts=True)
    deputy = DeputyFactory(with_account=True, name="张明")
    client = Client()
    client.force_login(deputy.user)
    TopicRead.objects.create(user=deputy.user, topic_id=big, last_read_number=500)
    return {"client": client, "big": big, "mid": mid, "board": big_board}


def forum_remove() -> None:
    """Take the forum away again, so that the later benchmarks (the site search on
    2,000 courses and 10,000 modules) measure what they say. In SQL: a hundred
    thousand posts deleted through the ORM would each be fetched for its signals."""
    with connection.cursor() as cursor:
        for table in ("forum_topicread", "forum_post", "forum_topic", "forum_board"):
            if table == "forum_post":
                cursor.execute("UPDATE forum_topic SET last_post_id = NULL")
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed names


@pytest.fixture(scope="module")
def bench_forum(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        portal()
        yield build_forum()
        forum_remove()


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@override_settings(ROOT_URLCONF="tests.bench.forum_urls")
def test_bench_forum_pages(bench_forum):
    client = bench_forum["client"]
    pages = {
        "forum_index": "/forum/",
        "forum_board_10k_topics": f"/forum/{bench_forum['board'].slug}/",
        "forum_topic_page_1k_posts": f"/forum/t/{bench_forum['big']}/?page=25",
        "forum_topic_page_200_posts": f"/forum/t/{bench_forum['mid']}/?page=5",
    }
    floor_samples: list[float] = []
    p50s: dict[str, float] = {}
    for name, url in pages.items():
        assert client.get(url).status_code == 200
        queries = _queries(client, url)
        samples: list[float] = []
        # Interleaved with the floor, so that both see the same machine load.
        for _ in range(15):
            floor_samples += timings(lambda: client.get("/bench-floor/"), repeat=2)
            samples += timings(lambda url=url: client.get(url), repeat=2, warmup=0)
        p50s[name] = p50(samples)
        report(f"{name}_p50", p50s[name], "s")
        report(f"{name}_queries", queries, "queries")
    # The site search when every one of the forum's posts holds the words.
    search = {"q": "代表建议", "kind": "forum"}
    assert client.get("/search/", search).status_code == 200
    searches: list[float] = []
    for _ in range(10):
        floor_samples += timings(lambda: client.get("/bench-floor/"), repeat=1)
        searches += timings(lambda: client.get("/search/", search), repeat=1, warmup=0)
    report("forum_search_100k_posts_p50", p50(searches), "s")
    floor = p50(floor_samples)
    report("forum_floor_p50", floor, "s")
    report("forum_floor_ratio", p50s["forum_topic_page_1k_posts"] / floor, "ratio")
    report(
        "forum_topic_queries",
        _queries(client, pages["forum_topic_page_1k_posts"]),
        "queries",
    )

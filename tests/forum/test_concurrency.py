"""Simultaneous replies on PostgreSQL: numbers never clash, counters stay right,
and one form sent many times at once makes one post."""

import uuid

import pytest
from django.db import connection

from forum.models import Board, Post, Topic
from forum.services import post_reply, topic_create
from tests.courses.test_concurrency import run_in_threads
from tests.factories.roster import DeputyFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def topic():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL (DATABASE_URL=postgres://…)")
    board = Board.objects.create(title="履职经验交流", slug="experience")
    author = DeputyFactory(with_account=True).user
    return topic_create(board=board, author=author, title="并发", body="开帖")


def test_twenty_simultaneous_replies_are_numbered_and_counted(topic):
    users = [DeputyFactory(with_account=True).user for _ in range(20)]
    queue = list(users)
    errors = run_in_threads(
        20, lambda: post_reply(topic=topic, author=queue.pop(), body="同时回复")
    )
    assert errors == []
    topic = Topic.objects.get(pk=topic.pk)
    numbers = sorted(Post.objects.filter(topic=topic).values_list("number", flat=True))
    assert numbers == list(range(1, 22))
    assert (topic.post_count, topic.numbers_used, topic.last_number) == (21, 21, 21)


def test_one_form_sent_ten_times_at_once_makes_one_post(topic):
    user = DeputyFactory(with_account=True).user
    token = uuid.uuid4()
    errors = run_in_threads(
        10,
        lambda: post_reply(topic=topic, author=user, body="双击", client_token=token),
    )
    assert errors == []
    assert Post.objects.filter(author=user).count() == 1
    assert Topic.objects.get(pk=topic.pk).post_count == 2

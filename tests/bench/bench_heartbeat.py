"""Benchmark of the heartbeat endpoint (ADR 0013) on the 10,000-deputy college."""

import json
import time
import uuid

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtailmedia.models import get_media_model

from courses.models import CoursePage, ModulePage, ModuleViewing
from people.models import Deputy
from tests.bench.helpers import p50, report, timings
from tests.factories.roster import UserFactory

pytestmark = pytest.mark.django_db

DEPUTIES_BEATING = 20


def video_module() -> ModulePage:
    """A module of the bench course holding a 30-minute video."""
    course = CoursePage.objects.get(slug="bench-course-0")
    existing = ModulePage.objects.child_of(course).filter(slug="bench-video").first()
    if existing is not None:
        return existing
    media = get_media_model().objects.create(
        title="基准视频",
        file=ContentFile(b"0", name="bench.webm"),
        type="video",
        duration=1800,
    )
    body = [
        {
            "type": "media",
            "id": str(uuid.uuid4()),
            "value": {"title": "基准视频", "media": media.pk, "transcript": ""},
        },
        {"type": "text", "value": "<p>" + "代" * 3500 + "</p>", "id": "t"},
    ]
    module = ModulePage(title="基准视频模块", slug="bench-video", body=json.dumps(body))
    course.add_child(instance=module)
    return module


def deputies_viewing(module: ModulePage) -> list[Deputy]:
    """Every deputy of the bench term has a row for the module (a full table)."""
    deputies = Deputy.objects.filter(term__number=99).order_by("pk")
    ModuleViewing.objects.bulk_create(
        [
            ModuleViewing(
                deputy_id=pk,
                module=module,
                course_id=module.get_parent().pk,
                seconds_read=60,
            )
            for pk in deputies.values_list("pk", flat=True)
        ],
        ignore_conflicts=True,
        batch_size=2000,
    )
    return list(deputies[:DEPUTIES_BEATING])


class Player:
    """A deputy's logged-in browser tab playing the video."""

    def __init__(self, deputy: Deputy, module: ModulePage):
        if deputy.user_id is None:
            deputy.user = UserFactory()
            deputy.save(update_fields=["user"])
        self.client = Client()
        self.client.force_login(deputy.user)
        data = self.client.post(f"/my/modules/{module.pk}/viewing/").json()
        self.token, self.seq, self.position = data["token"], 0, 0.0
        self.block_id = next(iter(data["resume"]))

    def beat(self) -> None:
        self.seq += 1
        self.position += 0.001  # consistent with the (tiny) time between beats
        response = self.client.post(
            "/my/heartbeat/",
            json.dumps(
                {
                    "token": self.token,
                    "seq": self.seq,
                    "media": self.block_id,
                    "position": self.position,
                }
            ),
            content_type="application/json",
        )
        assert response.status_code == 200, response.content


def test_bench_heartbeat(bench_college):
    module = video_module()
    deputies = deputies_viewing(module)
    player = Player(deputies[0], module)
    player.beat()
    with CaptureQueriesContext(connection) as queries:
        player.beat()
    query_count = len(queries)  # read now: the next request clears the query log
    writes = [
        q for q in queries if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    ]
    assert len(writes) == 1, writes  # one row updated per heartbeat

    # The floor: the same logged-in request through every middleware (session, user)
    # that the endpoint refuses at once (GET), sampled in turn with the heartbeats so
    # that a busy machine weighs on both alike.
    def floor() -> None:
        assert player.client.get("/my/heartbeat/").status_code == 405

    beats, floors = [], []
    for _ in range(200):
        beats += timings(player.beat, repeat=1, warmup=0)
        floors += timings(floor, repeat=1, warmup=0)
    report("heartbeat_p50", p50(beats), "s")
    report("heartbeat_floor_p50", p50(floors), "s")
    report("heartbeat_floor_ratio", p50(beats) / p50(floors), "ratio")
    report("heartbeat_queries", query_count, "queries")

    # Many deputies at once, one after another through the endpoint.
    players = [Player(deputy, module) for deputy in deputies]
    rounds = 20
    start = time.perf_counter()
    for _round in range(rounds):
        for each in players:
            each.beat()
    elapsed = time.perf_counter() - start
    report("heartbeat_writes_per_s", rounds * len(players) / elapsed, "per_s")

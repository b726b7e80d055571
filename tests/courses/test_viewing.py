"""Time-based completion (ADR 0013): heartbeats credit reading and watching time."""

import json
import re
import uuid
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtailmedia.models import get_media_model

from courses.models import Enrolment, ModuleProgress, ModuleViewing
from courses.selectors.viewing import reading_seconds_required
from courses.services.progress import module_open, quiz_submit
from courses.services.viewing import viewing_beat, viewing_start
from tests.factories.pages import ModulePageFactory, quiz_body

pytestmark = pytest.mark.django_db

T0 = timezone.now().replace(microsecond=0)


def at(seconds: float):
    return T0 + timedelta(seconds=seconds)


@pytest.fixture
def trainer(db):
    """A training administrator of the whole congress."""
    from django.contrib.auth.models import Group

    from cms.groups import TRAINING_ADMINISTRATORS
    from tests.factories.roster import UserFactory

    user = UserFactory(username="trainer", is_staff=True)
    user.groups.add(Group.objects.get(name=TRAINING_ADMINISTRATORS))
    return user


@pytest.fixture
def video(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return get_media_model().objects.create(
        title="人民代表大会制度简介",
        file=ContentFile(b"0123456789" * 100, name="intro.webm"),
        type="video",
        duration=100,
    )


def media_body(media, *, block_id: str | None = None) -> str:
    return json.dumps(
        [
            {
                "type": "media",
                "id": block_id or str(uuid.uuid4()),
                "value": {"title": "导学视频", "media": media.pk, "transcript": ""},
            }
        ]
    )


def text_body(chars: int) -> str:
    return json.dumps(
        [{"type": "text", "value": f"<p>{'代' * chars}</p>", "id": str(uuid.uuid4())}]
    )


@pytest.fixture
def video_module(course, video):
    return ModulePageFactory(
        parent=course, title="视频导学", body=media_body(video), reading_seconds=None
    )


@pytest.fixture
def text_module(course):
    # 700 characters at 350 a minute: two minutes of reading.
    return ModulePageFactory(
        parent=course, title="代表法导读", body=text_body(700), reading_seconds=None
    )


class Tab:
    """One browser tab of the deputy: a playing session and its heartbeats."""

    def __init__(self, deputy, module, *, started: float = 0):
        self.deputy, self.module = deputy, module
        self.session = viewing_start(
            deputy=deputy, module=module, user_id=deputy.user.pk, now=at(started)
        )
        self.seq = 0
        self.block_id = next(iter(self.session.requirements.media), "")

    def beat(self, when: float, position: float | None = None, **options):
        self.seq += 1
        return viewing_beat(
            user_id=self.deputy.user.pk,
            token=self.session.token,
            seq=self.seq,
            media_id=self.block_id if position is not None else "",
            position=position,
            now=at(when),
            **options,
        )

    def watch(self, start: float, end: float, *, step: float = 20, clock: float = 0):
        """Play from ``start`` to ``end`` at normal speed; returns the clock after."""
        self.beat(clock, start)  # play pressed: a starting point
        position = start
        while position < end:
            nxt = min(position + step, end)
            clock += nxt - position
            self.beat(clock, nxt)
            position = nxt
        return clock


def viewing(deputy, module) -> ModuleViewing:
    return ModuleViewing.objects.get(deputy=deputy, module=module)


def completed(deputy, module) -> bool:
    row = ModuleProgress.objects.filter(deputy=deputy, module=module).first()
    return row is not None and row.completed_at is not None


def test_skipping_ahead_in_a_video_earns_nothing(deputy, video_module):
    tab = Tab(deputy, video_module)
    clock = tab.watch(0, 20)
    skipped = tab.beat(clock + 20, 95)  # 20 s later the position jumped 75 s ahead
    assert skipped.credited == 0 and skipped.reason == "seek"
    tab.beat(clock + 25, 100)  # and played on to the end from there
    row = viewing(deputy, video_module)
    assert row.seconds_watched == pytest.approx(25)
    assert not completed(deputy, video_module)
    # Only what was played counts towards the share: 0-20 s and 95-100 s.
    from courses.selectors.viewing import watched_share

    assert watched_share(row.media[tab.block_id]) == pytest.approx(0.25, abs=0.02)


def test_a_video_module_completes_at_the_editors_share(deputy, video_module):
    module_open(deputy=deputy, module=video_module)
    assert not completed(deputy, video_module)  # opening earns nothing
    tab = Tab(deputy, video_module)
    clock = tab.watch(0, 85)
    assert not completed(deputy, video_module)  # 85 % < 90 %
    tab.watch(85, 90, clock=clock + 1)
    assert completed(deputy, video_module)
    enrolment = Enrolment.objects.get(deputy=deputy, course=video_module.get_parent())
    assert enrolment.modules_done == 1


def test_a_lower_share_set_by_the_editor_completes_sooner(deputy, video_module):
    video_module.watch_share = 50
    video_module.save()
    tab = Tab(deputy, video_module)
    tab.watch(0, 50)
    assert completed(deputy, video_module)


def test_faster_playback_up_to_twice_the_speed_still_earns(deputy, video_module):
    tab = Tab(deputy, video_module)
    tab.beat(0, 0)
    result = tab.beat(20, 40)  # 40 s of video in 20 s
    assert result.credited == pytest.approx(20) and result.reason == ""


def test_two_tabs_earn_once(deputy, video_module, text_module):
    first = Tab(deputy, video_module)
    first.beat(0, 0)
    assert first.beat(20, 20).credited == pytest.approx(20)
    # A second tab starts playing (here another module): it takes the deputy's slot.
    second = Tab(deputy, text_module, started=21)
    with pytest.raises(Exception, match="elsewhere"):
        first.beat(40, 40)
    assert second.beat(41).credited == pytest.approx(20)
    # A second tab on the same module also leaves the first one earning nothing.
    third = Tab(deputy, video_module, started=42)
    with pytest.raises(Exception, match="elsewhere"):
        second.beat(60)
    third.beat(43, 20)
    assert third.beat(63, 40).credited == pytest.approx(20)
    assert viewing(deputy, video_module).seconds_watched == pytest.approx(40)
    assert viewing(deputy, text_module).seconds_read == pytest.approx(20)


def test_forged_and_replayed_heartbeats_are_refused(deputy, other_deputy, text_module):
    tab = Tab(deputy, text_module)
    tab.beat(20)
    with pytest.raises(Exception, match="replayed"):
        viewing_beat(user_id=deputy.user.pk, token=tab.session.token, seq=1, now=at(40))
    with pytest.raises(Exception, match="forged"):
        viewing_beat(
            user_id=deputy.user.pk,
            token=tab.session.token[:-2] + "xx",
            seq=5,
            now=at(40),
        )
    with pytest.raises(Exception, match="forged"):  # another deputy's token
        viewing_beat(
            user_id=other_deputy.user.pk, token=tab.session.token, seq=5, now=at(40)
        )
    assert viewing(deputy, text_module).seconds_read == pytest.approx(20)
    assert tab.beat(40).credited == pytest.approx(20)  # the real tab goes on


def test_a_hidden_page_earns_nothing(deputy, text_module):
    tab = Tab(deputy, text_module)
    tab.beat(20)
    # Hidden for five minutes: no heartbeat; the next one after the gap earns nothing.
    gap = tab.beat(320)
    assert gap.credited == 0 and gap.reason == "gap"
    # Hidden for a short while: the page says so when it is seen again.
    tab.beat(330)
    restarted = tab.beat(350, restart=True)
    assert restarted.credited == 0 and restarted.reason == "restart"
    assert tab.beat(370).credited == pytest.approx(20)
    assert viewing(deputy, text_module).seconds_read == pytest.approx(50)


def test_reading_time_is_estimated_from_the_text_or_set_by_the_editor(
    course, text_module
):
    assert reading_seconds_required(text_module) == 120
    text_module.reading_seconds = 45
    assert reading_seconds_required(text_module) == 45


def test_a_text_module_completes_after_its_reading_time_and_the_end_reached(
    deputy, text_module
):
    module_open(deputy=deputy, module=text_module)
    assert not completed(deputy, text_module)  # opening no longer completes it
    tab = Tab(deputy, text_module)
    for when in range(20, 140, 20):
        tab.beat(when)
    row = viewing(deputy, text_module)
    assert row.seconds_read == 120  # capped at the reading time asked for
    assert not completed(deputy, text_module)  # the end of the text is not reached
    tab.beat(141, end_reached=True)
    assert completed(deputy, text_module)


def test_the_end_reached_early_does_not_shorten_the_reading_time(deputy, text_module):
    tab = Tab(deputy, text_module)
    tab.beat(5, end_reached=True)
    tab.beat(25)
    assert not completed(deputy, text_module)


def test_a_quiz_is_still_needed_after_the_reading_time(deputy, course):
    module = ModulePageFactory(
        parent=course, body=quiz_body(text="代" * 350), reading_seconds=None
    )
    tab = Tab(deputy, module)
    tab.beat(1, end_reached=True)
    tab.beat(21)
    tab.beat(41)
    tab.beat(61)
    assert viewing(deputy, module).done_at is not None
    assert not completed(deputy, module)
    quiz_submit(
        deputy=deputy, module=module, block_id=module.quizzes[0].id, answers={0: {0}}
    )
    assert completed(deputy, module)


def test_passing_the_quiz_before_the_reading_time_leaves_the_module_open(
    deputy, course
):
    module = ModulePageFactory(
        parent=course, body=quiz_body(text="代" * 350), reading_seconds=None
    )
    quiz_submit(
        deputy=deputy, module=module, block_id=module.quizzes[0].id, answers={0: {0}}
    )
    assert not completed(deputy, module)
    tab = Tab(deputy, module)
    tab.beat(1, end_reached=True)
    for when in (21, 41, 61):
        tab.beat(when)
    assert completed(deputy, module)


def test_the_deputy_resumes_where_they_stopped(deputy, video_module):
    tab = Tab(deputy, video_module)
    tab.watch(0, 37)
    later = Tab(deputy, video_module, started=3600)
    from courses.selectors.viewing import viewing_status

    status = viewing_status(
        requirements=later.session.requirements, row=later.session.row
    )
    assert status.media[0].position == pytest.approx(37)
    assert status.media[0].watched_percent == 37


# The HTTP side: what the browser talks to.


def start(client, module):
    response = client.post(f"/my/modules/{module.pk}/viewing/")
    assert response.status_code == 200
    return response.json()


def beat(client, payload):
    return client.post(
        "/my/heartbeat/", json.dumps(payload), content_type="application/json"
    )


def test_the_player_page_starts_a_session_and_resumes(client, deputy, video_module):
    client.force_login(deputy.user)
    html = client.get(video_module.url).content.decode()
    assert "data-viewing-media" in html and "/static/js/module-viewing.js" in html
    data = start(client, video_module)
    assert data["interval"] in range(15, 31)
    assert data["lines"] and not data["module_complete"]
    assert list(data["resume"].values()) == [0]


def test_a_second_tab_is_told_to_stop(client, deputy, text_module):
    client.force_login(deputy.user)
    first = start(client, text_module)
    start(client, text_module)
    response = beat(client, {"token": first["token"], "seq": 1})
    assert response.status_code == 409
    assert response.json()["refused"] == "elsewhere"
    assert "另一个窗口" in response.json()["message"]


def test_heartbeats_refuse_forgery_replay_and_nonsense(client, deputy, text_module):
    client.force_login(deputy.user)
    token = start(client, text_module)["token"]
    assert beat(client, {"token": token, "seq": 1}).status_code == 200
    assert beat(client, {"token": token, "seq": 1}).status_code == 409
    assert beat(client, {"token": token + "0", "seq": 2}).status_code == 403
    assert beat(client, {"seq": 2}).status_code == 400
    assert (
        client.post("/my/heartbeat/", "x" * 5000, content_type="text/plain").status_code
        == 400
    )


def test_only_deputies_start_sessions(client, user, text_module):
    assert client.post(f"/my/modules/{text_module.pk}/viewing/").status_code == 302
    client.force_login(user)
    assert client.post(f"/my/modules/{text_module.pk}/viewing/").status_code == 403


def test_one_row_updated_and_few_queries_per_heartbeat(
    client, deputy, text_module, django_assert_max_num_queries
):
    client.force_login(deputy.user)
    token = start(client, text_module)["token"]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert beat(client, {"token": token, "seq": 1}).status_code == 200
    writes = [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))
    ]
    assert len(writes) == 1 and "courses_moduleviewing" in writes[0]
    assert len(queries) <= 6


def test_media_files_are_served_to_logged_in_users_in_ranges(client, deputy, video):
    url = f"/my/media/{video.pk}/"
    assert client.get(url).status_code == 302
    client.force_login(deputy.user)
    whole = client.get(url)
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
    part = client.get(url, HTTP_RANGE="bytes=10-19")
    assert part.status_code == 206 and part.content == b"0123456789"
    assert part["Content-Range"] == "bytes 10-19/1000"
    assert client.get(url, HTTP_RANGE="bytes=5000-").status_code == 416


def test_the_record_shows_time_spent_beside_hours(
    client, deputy, trainer, quizless_course
):
    from courses.models import ModulePage

    modules = list(
        ModulePage.objects.child_of(quizless_course).filter(is_required=True)
    )
    for module in modules:
        module_open(deputy=deputy, module=module)  # empty modules: complete on opening
        ModuleViewing.objects.update_or_create(
            deputy=deputy,
            module=module,
            defaults={
                "course": quizless_course,
                "seconds_read": 600,
                "seconds_watched": 300,
            },
        )
    client.force_login(trainer)
    html = client.get(f"/records/{deputy.pk}/").content.decode()
    from tests.html import visible_text

    text = visible_text(html)
    assert "学习用时" in text
    # The course's row: title, kind, required or elective, hours, status, score, time.
    row = re.search(
        rf"{re.escape(quizless_course.title)} 初任学习 (\S+ ){{4}}(\S+ 分钟)", text
    )
    assert row is not None and row.group(2) == "30 分钟", text

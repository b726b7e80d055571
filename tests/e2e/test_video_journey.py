"""A deputy plays a module's short video to its end in Chromium; the module completes
from the heartbeats alone (ADR 0013)."""

import json
import uuid

import pytest

from cms.demo.media import demo_video
from courses.models import ModuleProgress, ModuleViewing
from tests.factories.pages import ModulePageFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_playing_the_video_to_its_end_completes_the_module(
    live_server, page, settings, deputy, quizless_course, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    media = demo_video(title="演示视频", seconds=6)
    assert media is not None, "ffmpeg is required (scripts/system-deps.sh installs it)"
    body = [
        {
            "type": "media",
            "id": str(uuid.uuid4()),
            "value": {"title": media.title, "media": media.pk, "transcript": ""},
        }
    ]
    module = ModulePageFactory(
        parent=quizless_course, title="视频导学", body=json.dumps(body)
    )
    deputy.user.set_password("pw-journey-123")
    deputy.user.save()

    page.goto(f"{live_server.url}/accounts/login/?next={module.url}")
    page.get_by_label("代表证号、手机号或邮箱").fill(deputy.phone)
    page.get_by_label("密码").fill("pw-journey-123")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"**{module.url}")
    status = page.locator("[data-viewing-status]")
    status.get_by_text("已观看 0%").wait_for()
    assert not ModuleProgress.objects.filter(
        deputy=deputy, module=module, completed_at__isnull=False
    ).exists()

    video = page.locator("video[data-viewing-media]")
    video.evaluate("v => { v.muted = true; v.playbackRate = 2; return v.play(); }")
    status.get_by_text("本模块已完成").wait_for(timeout=30_000)

    assert ModuleProgress.objects.get(deputy=deputy, module=module).completed_at
    viewing = ModuleViewing.objects.get(deputy=deputy, module=module)
    assert 2 <= viewing.seconds_watched <= 6  # real time at twice the speed

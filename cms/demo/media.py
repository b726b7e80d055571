"""A short demo video, made at setup with ffmpeg (no download), in a module of its own.

The video is a test pattern with a tone; what matters is that a deputy can play it
and see the module complete once 90 % of it is watched (ADR 0013).
"""

import json
import shutil
import subprocess  # noqa: S404 - runs the local ffmpeg with fixed arguments
import tempfile
import uuid
from pathlib import Path

from django.core.files import File
from wagtail.models import Collection
from wagtailmedia.models import get_media_model

from courses.models import CoursePage, ModulePage

DEMO_VIDEO_TITLE = "导学短片：人民代表大会制度概述"
DEMO_COURSE_SLUG = "initial-term-learning"
COURSE_MATERIAL = "课程资料"


def demo_video_make(path: Path, *, seconds: int = 12) -> bool:
    """Write a small WebM (VP8 and Opus, 320x180) to ``path``; False without ffmpeg."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        return False
    subprocess.run(  # noqa: S603 - fixed arguments, no user input
        [
            ffmpeg,
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            f"testsrc2=size=320x180:rate=10:duration={seconds}",
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency=440:duration={seconds}",
            "-c:v",
            "libvpx",
            "-deadline",
            "realtime",
            "-cpu-used",
            "8",
            "-b:v",
            "100k",
            "-c:a",
            "libopus",
            "-b:a",
            "24k",
            "-shortest",
            str(path),
        ],
        check=True,
        timeout=300,
    )
    return True


def demo_video(*, title: str = DEMO_VIDEO_TITLE, seconds: int = 12):
    """The demo video in the media library, made once; None when ffmpeg is missing."""
    Media = get_media_model()
    existing = Media.objects.filter(title=title).first()
    if existing is not None:
        return existing
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo-video.webm"
        if not demo_video_make(path, seconds=seconds):
            return None
        collection = (
            Collection.objects.filter(name=COURSE_MATERIAL).first()
            or Collection.get_first_root_node()
        )
        with path.open("rb") as handle:
            return Media.objects.create(
                title=title,
                file=File(handle, name="demo-video.webm"),
                type="video",
                duration=seconds,
                width=320,
                height=180,
                collection=collection,
            )


def media_block(media, *, block_id: str) -> dict:
    return {
        "type": "media",
        "id": block_id,
        "value": {
            "title": media.title,
            "media": media.pk,
            "transcript": (
                "本短片为本模块导学：人民代表大会制度是我国的根本政治制度。"
                "观看满 90% 即计入本模块的学习。"
            ),
        },
    }


def seed_media() -> int:
    """The demo video, put first in the initial-term course's first module; 1 if so."""
    media = demo_video()
    course = CoursePage.objects.filter(slug=DEMO_COURSE_SLUG).first()
    if media is None or course is None:
        return 0
    module = ModulePage.objects.child_of(course).order_by("path").first()
    if module is None:
        return 0
    if any(block.block_type == "media" for block in module.body):
        return 1
    block_id = str(uuid.uuid5(uuid.NAMESPACE_URL, "deputy-college:video-guide"))
    raw = [media_block(media, block_id=block_id), *module.body.raw_data]
    module.body = json.dumps(list(raw))
    module.save_revision().publish()
    return 1

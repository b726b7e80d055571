"""Certificate rendering speed and size against a floor measured in the same run;
1,000 certificates through the real worker."""

import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from certificates.models import CertificateTemplate
from certificates.rendering import facts_pdf
from certificates.services import SAMPLE_FACTS, printed_facts
from tests.bench.helpers import p50, report

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
LATIN_FACTS = {
    "name": "Zhang Ming",
    "programme": "Initial-term learning of new deputies",
    "hours": "12",
    "start_date": "1 March 2023",
    "end_date": "30 June 2023",
    "issue_date": "1 July 2023",
}


FLOOR_TEXT = (
    "结业证书 张明代表于二〇二三年参加新任代表初任履职学习，"
    "完成规定学习内容，成绩合格，准予结业。特发此证。"
)


def _floor_renderer(tmp_path: Path):
    """The floor: a one-page A4 of one short paragraph in a font subset to its own
    few characters, through WeasyPrint with one reused font configuration."""
    from fontTools import subset
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from infrastructure.pdf.fonts import slim_font_path

    font_path = tmp_path / "floor.otf"
    options = subset.Options()
    options.hinting = False
    font = subset.load_font(str(slim_font_path()), options)
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(text=FLOOR_TEXT)
    subsetter.subset(font)
    subset.save_font(font, str(font_path), options)
    font_config = FontConfiguration()
    css = CSS(
        string=f'@font-face {{ font-family: Floor; src: url("{font_path.as_uri()}") }}'
        "@page { size: A4; margin: 20mm }"
        "body { font-family: Floor; font-size: 16pt }",
        font_config=font_config,
    )
    html = f"<!DOCTYPE html><html lang=zh><body><p>{FLOOR_TEXT}</p></body></html>"

    def render() -> bytes:
        return HTML(string=html).write_pdf(stylesheets=[css], font_config=font_config)

    return render, len(set(FLOOR_TEXT))


def interleaved_p50(renders: dict, *, repeat: int, warmup: int = 2) -> dict:
    """Each render's median time, the renders taking turns (in a rotating order) so
    that a busy machine slows them all alike."""
    for render in renders.values():
        for _ in range(warmup):
            render()
    samples: dict = {name: [] for name in renders}
    names = list(renders)
    for n in range(repeat):
        for name in names[n % len(names) :] + names[: n % len(names)]:
            start = time.perf_counter()
            renders[name]()
            samples[name].append(time.perf_counter() - start)
    return {name: p50(values) for name, values in samples.items()}


def test_bench_certificate_rendering(settings, tmp_path):
    from django.core.files.images import ImageFile
    from wagtail.images.models import Image as WagtailImage

    from cms.demo.documents import seal_png

    settings.MEDIA_ROOT = tmp_path / "media"
    seal = WagtailImage(title="seal")
    seal.file = ImageFile(io.BytesIO(seal_png()), name="seal.png")
    seal.save()
    chinese = CertificateTemplate.objects.create(
        name="中文", seal=seal, signatory="王建国", signatory_title="主任"
    )
    latin = CertificateTemplate.objects.create(
        name="Latin",
        title="Certificate",
        issuing_body="Deputy Affairs Commission",
        wording="{name}\nhas completed {programme} from {start_date} to {end_date}, "
        "{hours} credit hours.",
        seal=seal,
    )
    url = "http://127.0.0.1:8000/certificates/verify/" + "x" * 32
    serial = "沪人大培〔2026〕第0001号"
    cjk = printed_facts(
        template=chinese, facts=SAMPLE_FACTS, serial=serial, verify_url=url
    )
    lat = printed_facts(
        template=latin, facts=LATIN_FACTS, serial=serial, verify_url=url
    )

    def render_cjk():
        return facts_pdf(facts=cjk, template=chinese, code="x" * 32)

    def render_latin():
        return facts_pdf(facts=lat, template=latin, code="x" * 32)

    render_floor, floor_chars = _floor_renderer(tmp_path)
    times = interleaved_p50(
        {"cjk": render_cjk, "latin": render_latin, "floor": render_floor}, repeat=15
    )
    report("certificate_render_cjk_p50", times["cjk"], "s")
    report("certificate_render_latin_p50", times["latin"], "s")
    report("certificate_floor_p50", times["floor"], "s")
    report("certificate_floor_chars", floor_chars, "chars")
    report("certificate_floor_ratio", times["cjk"] / times["floor"], "ratio")
    report("certificate_cjk_latin_ratio", times["cjk"] / times["latin"], "ratio")
    report("certificate_pdf_kb", len(render_cjk()) / 1024, "KB")
    report("certificate_floor_pdf_kb", len(render_floor()) / 1024, "KB")


def watch_peak_memory_kb(processes: list[subprocess.Popen]) -> int:
    """The largest peak resident size (VmHWM) any of the processes reached.

    Polled until they all exit.
    """
    peak = 0
    while any(p.poll() is None for p in processes):
        for process in processes:
            try:
                status = Path(f"/proc/{process.pid}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]))
        time.sleep(0.2)
    return peak


def test_bench_certificate_bulk_1000_through_the_worker(tmp_path):
    count = int(os.environ.get("BENCH_CERTIFICATES", "1000"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "bench-only",
        "SITE_URL": "http://127.0.0.1:8000",
        "DEBUG": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'bench.sqlite3'}",
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "BENCH_CERTIFICATES": str(count),
        "PYTHONPATH": str(ROOT),
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v", "0"], env=env, check=True, cwd=ROOT)
    setup = (ROOT / "tests" / "bench" / "bulk_setup.py").read_text()
    subprocess.run([*manage, "shell", "-c", setup], env=env, check=True, cwd=ROOT)
    start = time.perf_counter()
    workers = [
        subprocess.Popen(
            [
                *manage,
                "db_worker",
                "--batch",
                "--no-startup-delay",
                "--worker-id",
                f"bench-{n}",
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for n in range(2)
    ]
    peak_kb = watch_peak_memory_kb(workers)
    for worker in workers:
        _out, err = worker.communicate(timeout=900)
        assert worker.returncode == 0, err.decode()[-2000:]
    elapsed = time.perf_counter() - start
    check = subprocess.run(
        [
            *manage,
            "shell",
            "-c",
            "from certificates.models import Certificate; "
            "print(Certificate.objects.exclude(sha256='').count(), "
            "Certificate.objects.values('serial').distinct().count())",
        ],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    issued, distinct = (int(v) for v in check.stdout.split()[-2:])
    assert issued == distinct == count
    report("certificate_bulk_1000", elapsed, "s")
    report("certificate_worker_peak_mb", peak_kb / 1024, "MB")

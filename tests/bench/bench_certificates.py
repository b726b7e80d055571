"""Certificate rendering speed and size; 1,000 certificates through the real worker."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from certificates.models import CertificateTemplate
from certificates.rendering import facts_pdf
from certificates.services import SAMPLE_FACTS, printed_facts
from tests.bench.helpers import p50, report, timings

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


def test_bench_certificate_rendering():
    chinese = CertificateTemplate.objects.create(name="中文")
    latin = CertificateTemplate.objects.create(
        name="Latin",
        title="Certificate",
        issuing_body="Deputy Affairs Commission",
        wording="{name}\nhas completed {programme} from {start_date} to {end_date}, "
        "{hours} credit hours.",
    )
    url = "http://127.0.0.1:8000/certificates/verify/" + "x" * 32
    cjk = printed_facts(
        template=chinese, facts=SAMPLE_FACTS, serial="DC-2026-000001", verify_url=url
    )
    lat = printed_facts(
        template=latin, facts=LATIN_FACTS, serial="DC-2026-000001", verify_url=url
    )

    def render_cjk():
        return facts_pdf(facts=cjk, template=chinese, code="x" * 32)

    def render_latin():
        return facts_pdf(facts=lat, template=latin, code="x" * 32)

    cjk_p50 = p50(timings(render_cjk, repeat=15))
    latin_p50 = p50(timings(render_latin, repeat=15))
    report("certificate_render_cjk_p50", cjk_p50, "s")
    report("certificate_render_latin_p50", latin_p50, "s")
    report("certificate_cjk_latin_ratio", cjk_p50 / latin_p50, "ratio")
    report("certificate_pdf_kb", len(render_cjk()) / 1024, "KB")


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

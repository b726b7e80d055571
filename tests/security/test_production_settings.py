"""Production settings refuse what would be unsafe: debug pages, a guessed site
address, demo accounts with a public password."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[2]


def _production(env: dict, code: str) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SITE_URL", "SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(DJANGO_SETTINGS_MODULE="cms.settings.production", **env)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


SETUP = "import django; django.setup(); from django.conf import settings; "


def test_debug_stays_off_under_production_settings_whatever_the_environment():
    result = _production(
        {"DEBUG": "1", "SECRET_KEY": "x" * 50, "SITE_URL": "https://college.example"},
        SETUP + "print(settings.DEBUG, settings.WAGTAILADMIN_BASE_URL)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "https://college.example"]


def test_production_settings_require_site_url():
    result = _production({"SECRET_KEY": "x" * 50}, SETUP)
    assert result.returncode != 0
    assert "SITE_URL must be set in production" in result.stderr


def test_production_settings_require_secret_key():
    result = _production({"SITE_URL": "https://college.example"}, SETUP)
    assert result.returncode != 0
    assert "SECRET_KEY must be set in production" in result.stderr


@pytest.mark.django_db
def test_seed_demo_refuses_under_production_settings_even_when_forced(settings):
    settings.DEMO_DATA_ALLOWED = False
    settings.DEBUG = True
    with pytest.raises(CommandError, match="生产环境下不能运行"):
        call_command("seed_demo", "--force")
    assert not get_user_model().objects.filter(username="admin").exists()

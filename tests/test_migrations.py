from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_models_and_migrations_agree():
    out = StringIO()
    try:
        call_command(
            "makemigrations", "--check", "--dry-run", stdout=out, stderr=StringIO()
        )
    except SystemExit as exit_:
        pytest.fail(
            f"models changed without a migration:\n{out.getvalue()}"
            if exit_.code
            else ""
        )

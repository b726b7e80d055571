"""System checks: rendering Chinese PDFs needs the CJK font and HarfBuzz subsetting.

Without libharfbuzz-subset0 WeasyPrint silently falls back to fontTools and a
certificate takes 10–13 s instead of 0.13 s; this check makes that loud.
"""

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.core.checks import CheckMessage, Error, Warning, register

from infrastructure.pdf.fonts import (
    full_font_path,
    harfbuzz_subset_available,
    slim_font_path,
)


@register()
def pdf_fonts_check(
    app_configs: Sequence[AppConfig] | None, **kwargs: Any
) -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    if not full_font_path().is_file():
        problems.append(
            Error(
                f"The CJK font {full_font_path()} is missing; "
                "certificates would print empty boxes.",
                hint="apt-get install fonts-noto-cjk (make run / make test do it), "
                "or set CJK_FONT_FILE.",
                id="infrastructure.E001",
            )
        )
    try:
        available = harfbuzz_subset_available()
    except OSError:
        available = False
    if not available:
        problems.append(
            Error(
                "HarfBuzz subsetting (libharfbuzz-subset0 >= 4.1) is not available; "
                "Chinese PDFs would take 50-100x longer.",
                hint="apt-get install libharfbuzz-subset0",
                id="infrastructure.E002",
            )
        )
    if not slim_font_path().is_file():
        problems.append(
            Warning(
                f"The slim CJK font {slim_font_path()} is not built; "
                "PDFs will be larger.",
                hint="python manage.py build_fonts",
                id="infrastructure.W001",
            )
        )
    return problems

"""WeasyPrint rendering of the college's PDFs (certificates, records, bulletins).

Only the project's own templates and assets are rendered: the URL fetcher
refuses the network and every file outside the allowed folders.
"""

import atexit
import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string

from infrastructure.pdf.fonts import font_face_css, full_font_path

if TYPE_CHECKING:
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcherResponse

logger = logging.getLogger("deputy_college.pdf")

ASSETS_DIR = Path(__file__).resolve().parent / "assets"


def allowed_roots() -> list[Path]:
    return [
        ASSETS_DIR.resolve(),
        Path(settings.MEDIA_ROOT).resolve(),
        Path(settings.FONT_BUILD_DIR).resolve(),
    ]


def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher

    class ProjectURLFetcher(URLFetcher):
        """data: URLs and files under the project's asset and media folders, no more."""

        def fetch(
            self, url: str, headers: dict[str, str] | None = None
        ) -> "URLFetcherResponse":
            scheme = urlparse(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(unquote(urlparse(url).path)).resolve()
                if any(path.is_relative_to(root) for root in allowed_roots()):
                    return super().fetch(url, headers)
            logger.warning("Refused to fetch %s while rendering a PDF", url)
            raise ValueError(f"Refused to fetch {url}")

    return ProjectURLFetcher


def pdf_render(
    *,
    template: str,
    context: dict,
    title: str,
    author: str = "",
    subject: str = "",
    variant: str | None = None,
) -> bytes:
    """Render a self-contained template to PDF bytes with document metadata.

    Fails loudly when the CJK font is missing rather than drawing empty boxes.
    """
    from weasyprint import HTML

    if not full_font_path().is_file():
        raise ImproperlyConfigured(
            f"CJK font not found: {full_font_path()} (install fonts-noto-cjk)"
        )
    html = render_to_string(
        template,
        {**context, "pdf_title": title, "pdf_author": author, "pdf_subject": subject},
    )
    fetcher = _fetcher_class()()
    font_config, font_css = _fonts()
    document = HTML(
        string=html, base_url=ASSETS_DIR.as_uri() + "/", url_fetcher=fetcher
    )
    options = {"pdf_variant": variant} if variant else {}
    return document.write_pdf(
        stylesheets=[font_css], font_config=font_config, **options
    )


_local = threading.local()
# Drop the cached configuration before interpreter teardown, while WeasyPrint can
# still free it.
atexit.register(lambda: _local.__dict__.clear())


def _fonts() -> "tuple[FontConfiguration, CSS]":
    """One font configuration per thread, reused: one per PDF leaks ~0.3 MB a render."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    css_text = font_face_css()
    cached = getattr(_local, "fonts", None)
    if cached is None or cached[0] != css_text:
        font_config = FontConfiguration()
        cached = (
            css_text,
            font_config,
            CSS(
                string=css_text, font_config=font_config, url_fetcher=_fetcher_class()()
            ),
        )
        _local.fonts = cached
    return cached[1], cached[2]


def qr_svg(url: str, *, scalable: bool = False) -> str:
    """A link as an inline SVG QR code.

    Scalable: without width and height, so that CSS sizes it (a screen in a room).
    """
    import segno

    code = segno.make(url, error="m")
    if scalable:
        return code.svg_inline(omitsize=True, dark="#111", border=2)
    return code.svg_inline(scale=3, dark="#111", border=1)


def qr_png_data_uri(url: str) -> str:
    """A link as a small 1-bit PNG QR code in a data: URL, for PDFs.

    Cheaper to render than the SVG (whose hundreds of path segments WeasyPrint parses
    one by one) and a fixed mask spares segno scoring all eight.
    """
    import segno

    code = segno.make(url, error="m", mask=0, micro=False)
    return code.png_data_uri(scale=4, border=1, dark="#111")

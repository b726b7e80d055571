"""WeasyPrint rendering of the college's PDFs (certificates, learning records).

Only the project's own templates and assets are rendered: the URL fetcher
refuses the network and every file outside the allowed folders.
"""

import logging
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.template.loader import render_to_string

logger = logging.getLogger("deputy_college.pdf")

ASSETS_DIR = Path(__file__).resolve().parent / "assets"


def allowed_roots() -> list[Path]:
    return [ASSETS_DIR.resolve(), Path(settings.MEDIA_ROOT).resolve()]


def _fetcher_class():
    from weasyprint.urls import URLFetcher

    class ProjectURLFetcher(URLFetcher):
        """data: URLs and files under the project's asset and media folders, nothing else."""

        def fetch(self, url, headers=None):
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


def pdf_render(*, template: str, context: dict, title: str, author: str = "", subject: str = "",
               variant: str | None = None) -> bytes:
    """Render a self-contained template to PDF bytes with document metadata."""
    from weasyprint import HTML

    html = render_to_string(template, {**context, "pdf_title": title, "pdf_author": author, "pdf_subject": subject})
    document = HTML(string=html, base_url=ASSETS_DIR.as_uri() + "/", url_fetcher=_fetcher_class()())
    options = {"pdf_variant": variant} if variant else {}
    return document.write_pdf(**options)

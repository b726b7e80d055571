"""The certificate PDF: its template, QR code and seal, through the shared renderer."""

from datetime import date
from pathlib import Path

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from courses.models import Category
from courses.selectors.record import KINDS, Status
from infrastructure.pdf import pdf_render, qr_png_data_uri


def certificate_pdf(*, certificate, variant: str | None = "pdf/a-3b") -> bytes:
    """The PDF of an issued certificate, from the facts frozen at issue.

    PDF/A-3b, for archiving.
    """
    return facts_pdf(
        facts=certificate.snapshot,
        template=certificate.template,
        code=certificate.code,
        variant=variant,
    )


def facts_pdf(
    *, facts: dict, template, code: str, variant: str | None = "pdf/a-3b"
) -> bytes:
    """A certificate PDF of the given printed facts and template."""
    context = {
        "facts": facts,
        "template": template,
        "qr": qr_png_data_uri(facts["verify_url"]),
        "code": code,
        "seal_url": seal_url(template),
        "wording_lines": [line for line in facts["wording"].splitlines() if line],
    }
    with translation.override(
        "zh-hans"
    ):  # certificates are printed in Chinese whoever triggers them
        return pdf_render(
            template="certificates/pdf/certificate.html",
            context=context,
            title=f"{facts['title']} {facts['serial']}",
            author=facts["issuing_body"],
            subject=f"{facts['name']} · {facts['programme']}",
            variant=variant,
        )


# Printed 38 mm wide: 360 px is about 240 dpi, and keeps the seal a few KB.
SEAL_RENDITION = "max-360x360|format-png"


def seal_url(template) -> str:
    """The seal as a small PNG rendition (an upload may be a large photo)."""
    if template.seal_id is None:
        return ""
    try:
        rendition = template.seal.get_rendition(SEAL_RENDITION)
        return Path(rendition.file.path).resolve().as_uri()
    except (NotImplementedError, ValueError, OSError):
        return ""


def _date(value: str | None) -> str:
    if not value:
        return ""
    return formats.date_format(date.fromisoformat(value), "DATE_FORMAT")


def record_display(facts: dict) -> dict:
    """The record's frozen facts with labels in the current language, for templates."""
    kinds = dict(Category.choices)
    statuses = {
        Status.COMPLETED: pgettext("course status", "Completed"),
        Status.IN_PROGRESS: pgettext("course status", "In progress"),
        Status.NOT_STARTED: pgettext("course status", "Not started"),
        Status.EXEMPTED: pgettext("course status", "Exempted"),
    }

    def totals(row: dict) -> dict:
        return {
            **row,
            "kinds": [(kinds.get(k, k), h) for k, h in row["by_kind"].items()],
        }

    return {
        "name": facts.get("name", ""),
        "deputy_no": facts.get("deputy_no", ""),
        "delegation": facts.get("delegation", ""),
        "term": facts.get("term", ""),
        "kind_labels": [kinds[k] for k in KINDS],
        "years": [
            {
                **totals(year),
                "entries": [
                    {
                        **entry,
                        "date": _date(entry["date"]),
                        "kind": kinds.get(entry["kind"], entry["kind"]),
                    }
                    for entry in year["entries"]
                ],
            }
            for year in facts.get("years", [])
        ],
        "term_totals": totals(facts["term_totals"]) if "term_totals" in facts else {},
        "courses": [
            {
                **course,
                "kind": kinds.get(course["kind"], course["kind"]),
                "status_label": statuses.get(course["status"], course["status"]),
                "completed_on": _date(course["completed_on"]),
            }
            for course in facts.get("courses", [])
        ],
        "certificates": [
            {**c, "issue_date": _date(c["issue_date"])}
            for c in facts.get("certificates", [])
        ],
    }


def learning_record_pdf(*, record, verify_url: str) -> bytes:
    """The PDF of an issued learning record, from its frozen facts."""
    with translation.override("zh-hans"):
        context = {
            "record": record_display(record.snapshot),
            "issuing_body": record.issuing_body,
            "issue_date": formats.date_format(
                timezone.localdate(record.issued_at), "DATE_FORMAT"
            ),
            "verify_url": verify_url,
            "qr": qr_png_data_uri(verify_url),
            "code": record.code,
        }
        return pdf_render(
            template="certificates/pdf/learning_record.html",
            context=context,
            title=_("Learning record of %(name)s")
            % {"name": context["record"]["name"]},
            author=record.issuing_body,
            subject=_("Learning record"),
        )

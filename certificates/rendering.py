"""The certificate PDF: its template, QR code and seal, through the shared renderer."""

from pathlib import Path

from django.utils import translation

from infrastructure.pdf import pdf_render, qr_svg


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
        "qr": qr_svg(facts["verify_url"]),
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


def seal_url(template) -> str:
    if template.seal_id is None:
        return ""
    try:
        return Path(template.seal.file.path).resolve().as_uri()
    except (NotImplementedError, ValueError, FileNotFoundError):
        return ""

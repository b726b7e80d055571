import hashlib
import io
import re
import zipfile

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from certificates.forms import BulkIssueForm, RevokeForm, VerifyUploadForm
from certificates.masking import mask_name
from certificates.models import Certificate, CertificateTemplate
from certificates.permissions import can_download, can_manage_certificates
from certificates.rendering import facts_pdf
from certificates.services import (
    SAMPLE_FACTS,
    certificate_eligible_deputies,
    certificate_reissue,
    certificate_revoke,
    printed_facts,
)
from certificates.tasks import certificate_issue_task

CODE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def _too_many(request) -> bool:
    return is_ratelimited(
        request,
        group="certificate-verify",
        key="ip",
        rate=settings.CERTIFICATE_VERIFY_RATE,
        increment=True,
    )


def _rate_limited_response(request):
    response = render(request, "certificates/verify_limited.html", status=429)
    response["Retry-After"] = "60"
    return response


def _public_facts(certificate: Certificate) -> dict:
    """What anyone may learn from a certificate: nothing that identifies or reaches the person."""
    facts = certificate.snapshot
    return {
        "masked_name": mask_name(facts.get("name", "")),
        "programme": facts.get("programme", ""),
        "hours": certificate.hours,
        "issued_at": certificate.issued_at,
        "issuing_body": facts.get("issuing_body", ""),
        "serial": certificate.serial,
        "is_valid": certificate.is_valid,
        "revoked_at": certificate.revoked_at,
        "revoked_reason": certificate.revoked_reason,
        "replacement_code": certificate.replaced_by.code
        if certificate.replaced_by_id
        else None,
    }


def verify(request, code: str):
    """Public verification by code: 404 reveals nothing, answers are rate-limited and not indexed."""
    if _too_many(request):
        return _rate_limited_response(request)
    if not CODE.match(code):
        raise Http404
    certificate = (
        Certificate.objects.select_related("replaced_by").filter(code=code).first()
    )
    if certificate is None:
        raise Http404
    response = render(
        request, "certificates/verify.html", {"certificate": _public_facts(certificate)}
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def verify_upload(request):
    """Does this exact file come from us? The upload's SHA-256 against the record."""
    form = VerifyUploadForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST":
        if _too_many(request):
            return _rate_limited_response(request)
        if form.is_valid():
            digest = hashlib.sha256()
            for chunk in form.cleaned_data["file"].chunks():
                digest.update(chunk)
            certificate = (
                Certificate.objects.select_related("replaced_by")
                .filter(sha256=digest.hexdigest())
                .first()
            )
            context["checked"] = True
            context["certificate"] = _public_facts(certificate) if certificate else None
    response = render(request, "certificates/verify_upload.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_required
def download(request, pk: int):
    certificate = get_object_or_404(Certificate.objects.select_related("deputy"), pk=pk)
    if not can_download(request.user, certificate) or not certificate.pdf:
        raise Http404  # the same answer whether it exists or not
    return FileResponse(
        certificate.pdf.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"{certificate.serial}.pdf",
    )


# Wagtail admin views ----------------------------------------------------------------------


def _require_manage(request):
    if not can_manage_certificates(request.user):
        raise PermissionDenied


def revoke(request, pk: int):
    _require_manage(request)
    certificate = get_object_or_404(Certificate.objects.select_related("deputy"), pk=pk)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["reissue"]:
                new = certificate_reissue(
                    certificate=certificate, reason=form.cleaned_data["reason"]
                )
                messages.success(
                    request,
                    _("Revoked; replacement %(serial)s issued.")
                    % {"serial": new.serial},
                )
            else:
                certificate_revoke(
                    certificate=certificate, reason=form.cleaned_data["reason"]
                )
                messages.success(
                    request,
                    _("Certificate %(serial)s revoked.")
                    % {"serial": certificate.serial},
                )
            return redirect("certificates_admin:index")
        except ValidationError as error:
            form.add_error(None, error)
    return TemplateResponse(
        request,
        "certificates/admin/revoke.html",
        {"certificate": certificate, "form": form},
    )


def bulk_issue(request):
    _require_manage(request)
    form = BulkIssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        course, requirement = (
            form.cleaned_data["course"],
            form.cleaned_data["requirement"],
        )
        deputy_ids = list(
            certificate_eligible_deputies(
                course=course, requirement=requirement
            ).values_list("pk", flat=True)
        )
        for deputy_id in deputy_ids:
            certificate_issue_task.enqueue(
                deputy_id,
                course_id=course.pk if course else None,
                requirement_id=requirement.pk if requirement else None,
            )
        messages.success(
            request,
            _("%(count)d certificates queued for issuing.")
            % {"count": len(deputy_ids)},
        )
        return redirect("certificates_admin:index")
    from courses.models import Delegation

    return TemplateResponse(
        request,
        "certificates/admin/bulk_issue.html",
        {"form": form, "delegations": Delegation.objects.all()},
    )


def zip_download(request):
    """A ZIP of the valid certificates of one course, requirement or delegation."""
    if not request.user.has_perm("certificates.view_certificate"):
        raise PermissionDenied
    certificates = Certificate.objects.valid().exclude(pdf="")
    filters = {
        k: v
        for k, v in {
            "course_id": request.GET.get("course"),
            "requirement_id": request.GET.get("requirement"),
            "deputy__delegation_id": request.GET.get("delegation"),
        }.items()
        if v and v.isdigit()
    }
    if not filters:
        messages.error(
            request, _("Choose a course, requirement or delegation to download.")
        )
        return redirect("certificates_admin:index")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for certificate in certificates.filter(**filters).select_related("deputy"):
            with certificate.pdf.open("rb") as handle:
                archive.writestr(
                    f"{certificate.serial}-{certificate.deputy.name}.pdf", handle.read()
                )
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="certificates.zip"'
    return response


def template_preview(request, pk: int):
    """A sample certificate of a template, as editors see it before use."""
    if not request.user.has_perm("certificates.change_certificatetemplate"):
        raise PermissionDenied
    template = get_object_or_404(CertificateTemplate, pk=pk)
    url = request.build_absolute_uri("/certificates/verify/")
    facts = printed_facts(
        template=template, facts=SAMPLE_FACTS, serial="DC-0000-000000", verify_url=url
    )
    return HttpResponse(
        facts_pdf(facts=facts, template=template, code="SAMPLE", variant=None),
        content_type="application/pdf",
    )

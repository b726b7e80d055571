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
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from django_ratelimit.core import is_ratelimited
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.permission_policies import ModelPermissionPolicy

from certificates.forms import BulkIssueForm, RevokeForm, VerifyUploadForm
from certificates.masking import mask_name
from certificates.models import Certificate, CertificateTemplate, LearningRecord
from certificates.permissions import can_view_certificates, certificate_policy
from certificates.rendering import facts_pdf, record_display
from certificates.rendering import learning_record_pdf as learning_record_pdf_render
from certificates.selectors import learning_record_check, learning_record_document_facts
from certificates.services import (
    SAMPLE_FACTS,
    certificate_eligible_deputies,
    certificate_reissue,
    certificate_revoke,
    learning_record_issue,
    printed_facts,
)
from certificates.tasks import certificate_issue_task
from certificates.wording import fill_serial, hours_text
from courses.extensions import panels, record_panels
from courses.permissions import can_grant_attempts
from courses.selectors.exams import deputy_exam_results, deputy_unpassed_attempts
from courses.selectors.viewing import seconds_spent_by_course
from courses.views.learning import deputy_or_403
from infrastructure.identity import deputy_for_user
from infrastructure.links import absolute_url
from infrastructure.uploads import body_too_large
from people.models import Delegation, Deputy
from people.permissions import can_view_others_records

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
    # The site's own 429 page, as RATELIMIT_VIEW's; the limit counts per minute.
    response = render(request, "429.html", status=429)
    response["Retry-After"] = "60"
    return response


def _public_facts(certificate: Certificate) -> dict:
    """What anyone may learn from a certificate.

    Nothing that identifies or reaches the person.
    """
    facts = certificate.snapshot
    return {
        "masked_name": mask_name(facts.get("name", "")),
        "programme": facts.get("programme", ""),
        "hours": hours_text(certificate.hours),
        "period": facts.get("period")
        or pgettext("date range", "%(start)s to %(end)s")
        % {"start": facts.get("start_date", ""), "end": facts.get("end_date", "")},
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


def _public_record_facts(record: LearningRecord) -> dict:
    """What anyone holding a learning record may check: masked name, status, totals."""
    check = learning_record_check(record=record)
    display = record_display(record.snapshot)
    return {
        "masked_name": mask_name(display["name"]),
        "delegation": display["delegation"],
        "issued_at": record.issued_at,
        "issuing_body": record.issuing_body,
        "is_current": check.is_current,
        "years": display["years"],
        "term_totals": display["term_totals"],
        "kind_labels": display["kind_labels"],
        "certificate_count": len(display["certificates"]),
    }


def verify(request, code: str):
    """Public verification by code: 404 reveals nothing; rate-limited, not indexed."""
    if _too_many(request):
        return _rate_limited_response(request)
    if not CODE.match(code):
        raise Http404
    certificate = (
        Certificate.objects.select_related("replaced_by").filter(code=code).first()
    )
    if certificate is not None:
        context = {"certificate": _public_facts(certificate)}
    else:
        # Certificates and learning records share one page and one kind of code.
        record = LearningRecord.objects.filter(code=code).first()
        if record is None:
            raise Http404
        context = {"record": _public_record_facts(record)}
    response = render(request, "certificates/verify.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def verify_upload(request):
    """Does this exact file come from us? The upload's SHA-256 against the record.

    The rate limit and the declared size are checked before the body is read.
    """
    context: dict = {"form": VerifyUploadForm()}
    status = 200
    if request.method == "POST":
        if _too_many(request):
            return _rate_limited_response(request)
        if body_too_large(request, max_file_bytes=VerifyUploadForm.MAX_BYTES):
            context["too_large"] = True
            status = 413
        else:
            form = VerifyUploadForm(request.POST, request.FILES)
            context["form"] = form
            if form.is_valid():
                context["checked"] = True
                context["certificate"] = _certificate_of_file(form.cleaned_data["file"])
    response = render(
        request, "certificates/verify_upload.html", context, status=status
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _certificate_of_file(upload) -> dict | None:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    certificate = (
        Certificate.objects.select_related("replaced_by")
        .filter(sha256=digest.hexdigest())
        .first()
    )
    return _public_facts(certificate) if certificate else None


@login_required
def download(request, pk: int):
    # The holder, and certificate staff within their delegations. Other staff are
    # refused; for a deputy any certificate not theirs (and for scoped staff one
    # outside their delegations) gets the same 404 whether it exists or not.
    user = request.user
    if deputy_for_user(user) is None and not can_view_certificates(user):
        raise PermissionDenied
    certificate = get_object_or_404(Certificate.objects.visible_to(user), pk=pk)
    if not certificate.pdf:
        raise Http404
    return FileResponse(
        certificate.pdf.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"{certificate.serial}.pdf",
    )


# The learning record (参训记录) ------------------------------------------------------


def _record_deputy(request, deputy_id: int | None) -> Deputy:
    """One's own record (/my/record/) or, by id, one within the administrator's scope.

    Staff who may not read records are refused; for a deputy, or staff limited to some
    delegations, a deputy outside what they may see answers 404, as if there were none.
    """
    if deputy_id is None:
        return deputy_or_403(request)
    user = request.user
    if deputy_for_user(user) is None and not can_view_others_records(user):
        raise PermissionDenied
    deputies = Deputy.objects.visible_to(request.user)
    return get_object_or_404(
        deputies.select_related("delegation", "term"), pk=deputy_id
    )


@login_required
def learning_record(request, deputy_id: int | None = None):
    """The record as it stands now, every course with its status."""
    deputy = _record_deputy(request, deputy_id)
    issue_url = (
        reverse("certificates:my_record_issue")
        if deputy_id is None
        else reverse("certificates:deputy_record_issue", args=[deputy.pk])
    )
    facts = learning_record_document_facts(deputy=deputy)
    record = record_display(facts)
    spent = seconds_spent_by_course(deputy=deputy)
    for course in record["courses"]:
        course["seconds_spent"] = spent.get(course["title"], 0)
    return render(
        request,
        "certificates/learning_record.html",
        {
            "record": record,
            "issue_url": issue_url,
            "show_time_spent": True,
            "extension_panels": panels(record_panels, deputy=deputy),
            "deputy": deputy,
            "exam_results": deputy_exam_results(deputy=deputy),
            # Staff only: quizzes and exams not passed, each with a form to grant
            # more attempts.
            "unpassed": deputy_unpassed_attempts(deputy=deputy)
            if deputy_id is not None and can_grant_attempts(request.user)
            else None,
        },
    )


@login_required
@require_POST
def issue_learning_record(request, deputy_id: int | None = None):
    """Issue the record as it stands, then send the browser to its PDF.

    A POST, so that a prefetcher, a crawler or a reload issues nothing; the same
    facts issued again give the same record and code.
    """
    deputy = _record_deputy(request, deputy_id)
    record = learning_record_issue(deputy=deputy)
    return redirect("certificates:issued_record_pdf", code=record.code)


@login_required
def learning_record_pdf(request, code: str):
    """The PDF of a record already issued, drawn from its frozen facts."""
    record = _issued_record(request, code)
    pdf = learning_record_pdf_render(
        record=record,
        verify_url=absolute_url(reverse("certificates:verify", args=[record.code])),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    issued_on = timezone.localdate(record.issued_at).isoformat()
    response["Content-Disposition"] = (
        f'inline; filename="learning-record-{record.deputy_id}-{issued_on}.pdf"'
    )
    return response


def _issued_record(request, code: str) -> LearningRecord:
    """An issued record of the deputy themselves, or of a deputy the staff may see.

    As on the record page: staff who may not read records are refused, and any other
    record answers 404, as if there were none.
    """
    user = request.user
    if deputy_for_user(user) is None and not can_view_others_records(user):
        raise PermissionDenied
    if not CODE.match(code):
        raise Http404
    return get_object_or_404(
        LearningRecord.objects.filter(deputy__in=Deputy.objects.visible_to(user)),
        code=code,
    )


# Wagtail admin views ---------------------------------------------------------------
# Issuing is "add", revoking and re-issuing is "change", downloading is "view"; every
# certificate and deputy they touch comes through `visible_to(user)`.


class CertificateAdminView(
    PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView
):
    permission_policy = certificate_policy


class RevokeView(CertificateAdminView):
    permission_required = "change"
    template_name = "certificates/admin/revoke.html"
    page_title = gettext_lazy("Revoke or re-issue")
    header_icon = "warning"

    def get_certificate(self) -> Certificate:
        certificates = Certificate.objects.visible_to(self.request.user)
        return get_object_or_404(
            certificates.select_related("deputy"), pk=self.kwargs["pk"]
        )

    def get(self, request, *args, **kwargs):
        context = {"certificate": self.get_certificate(), "form": RevokeForm()}
        return self.render_to_response(self.get_context_data(**context))

    def post(self, request, *args, **kwargs):
        certificate = self.get_certificate()
        form = RevokeForm(request.POST)
        if form.is_valid():
            try:
                self._apply(certificate, form.cleaned_data)
                return redirect("certificates_admin:index")
            except ValidationError as error:
                form.add_error(None, error)
        context = {"certificate": certificate, "form": form}
        return self.render_to_response(self.get_context_data(**context))

    def _apply(self, certificate: Certificate, data: dict) -> None:
        if data["reissue"]:
            new = certificate_reissue(certificate=certificate, reason=data["reason"])
            messages.success(
                self.request,
                _("Revoked; replacement %(serial)s issued.") % {"serial": new.serial},
            )
        else:
            certificate_revoke(certificate=certificate, reason=data["reason"])
            messages.success(
                self.request,
                _("Certificate %(serial)s revoked.") % {"serial": certificate.serial},
            )


class BulkIssueView(CertificateAdminView):
    permission_required = "add"
    template_name = "certificates/admin/bulk_issue.html"
    page_title = gettext_lazy("Issue certificates")
    header_icon = "doc-full"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", BulkIssueForm())
        context["delegations"] = Delegation.objects.visible_to(self.request.user)
        context["can_download"] = self.permission_policy.user_has_permission(
            self.request.user, "view"
        )
        return context

    def post(self, request, *args, **kwargs):
        form = BulkIssueForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        course, requirement = (
            form.cleaned_data["course"],
            form.cleaned_data["requirement"],
        )
        eligible = certificate_eligible_deputies(course=course, requirement=requirement)
        deputy_ids = list(
            eligible.filter(
                pk__in=Deputy.objects.visible_to(request.user).values("pk")
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


class ZipDownloadView(PermissionCheckedMixin, View):
    """A ZIP of the valid certificates of one course, requirement or delegation."""

    permission_policy = certificate_policy
    permission_required = "view"

    def get(self, request, *args, **kwargs):
        filters = {
            key: value
            for key, value in {
                "course_id": request.GET.get("course"),
                "requirement_id": request.GET.get("requirement"),
                "deputy__delegation_id": request.GET.get("delegation"),
            }.items()
            if value and value.isdigit()
        }
        if not filters:
            messages.error(
                request, _("Choose a course, requirement or delegation to download.")
            )
            return redirect("certificate_bulk_issue")
        delegations = Delegation.objects.visible_to(request.user)
        if (
            "deputy__delegation_id" in filters
            and not delegations.filter(pk=filters["deputy__delegation_id"]).exists()
        ):
            # Outside the administrator's scope the delegation does not exist.
            raise Http404
        certificates = (
            Certificate.objects.visible_to(request.user)
            .valid()
            .exclude(pdf="")
            .filter(**filters)
        )
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for certificate in certificates.select_related("deputy"):
                with certificate.pdf.open("rb") as handle:
                    archive.writestr(zip_entry_name(certificate), handle.read())
        response = HttpResponse(buffer.getvalue(), content_type="application/zip")
        response["Content-Disposition"] = 'attachment; filename="certificates.zip"'
        return response


def zip_entry_name(certificate: Certificate) -> str:
    """Serial and name, with nothing an archive tool could read as a path."""
    name = re.sub(r"[^\w\u3400-\u9fff·]+", "_", certificate.deputy.name)[:40]
    return f"{certificate.serial}-{name.strip('._') or 'certificate'}.pdf"


class TemplatePreviewView(PermissionCheckedMixin, View):
    """A sample certificate of a template, as its editors see it before use."""

    permission_policy = ModelPermissionPolicy(CertificateTemplate)
    permission_required = "change"

    def get(self, request, pk: int):
        template = get_object_or_404(CertificateTemplate, pk=pk)
        facts = printed_facts(
            template=template,
            facts=SAMPLE_FACTS,
            # Number 0 is never issued: a sample cannot pass for a certificate.
            serial=fill_serial(
                template.serial_format, year=timezone.localdate().year, number=0
            ),
            verify_url=absolute_url(reverse("certificates:verify_upload")),
        )
        return HttpResponse(
            facts_pdf(facts=facts, template=template, code="SAMPLE", variant=None),
            content_type="application/pdf",
        )

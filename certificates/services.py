"""Issuing, rendering, revoking and re-issuing certificates.

Issuing is split in two transactions on purpose: the record (serial, code, printed
facts) is created under the database's constraints and committed quickly, then the
PDF is rendered outside any lock. A task that dies between the two leaves a record
without PDF, which the next run of the same task renders: safe to run twice.
"""

import hashlib
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet, Sum
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from certificates.models import (
    Certificate,
    CertificateTemplate,
    LearningRecord,
    SerialCounter,
)
from certificates.rendering import certificate_pdf
from certificates.selectors import facts_digest, learning_record_document_facts
from certificates.wording import fill_serial, fill_wording, hours_text
from courses.learning_pages import learning_changed
from courses.models import CoursePage, Enrolment, HoursEntry, Requirement
from courses.selectors.coverage import cohort_with_coverage
from infrastructure.links import absolute_url
from infrastructure.notifications import notify
from infrastructure.pdf.fonts import missing_glyphs
from people.models import Deputy


def template_default() -> CertificateTemplate:
    template = (
        CertificateTemplate.objects.filter(is_default=True).first()
        or CertificateTemplate.objects.first()
    )
    if template is None:
        template = CertificateTemplate.objects.create(
            name="结业证书（默认）", is_default=True
        )
    return template


def _serial_counter_lock(year: int) -> SerialCounter:
    """The year's serial counter, locked until the transaction ends.

    Precondition: inside a transaction. Issuers take it before they look for an
    existing certificate, so two racing issues queue here and the second finds the
    first's certificate: no number is taken and then thrown away.
    """
    SerialCounter.objects.bulk_create([SerialCounter(year=year)], ignore_conflicts=True)
    return SerialCounter.objects.select_for_update().get(year=year)


def _serial_take(counter: SerialCounter, *, template: CertificateTemplate) -> str:
    """The next serial in the template's format.

    Precondition: the counter is locked (_serial_counter_lock).
    """
    counter.last += 1
    counter.save(update_fields=["last"])
    return fill_serial(template.serial_format, year=counter.year, number=counter.last)


def verification_url(code: str) -> str:
    return absolute_url(reverse("certificates:verify", args=[code]))


def _long_date(value: date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def period_text(start: date, end: date) -> str:
    """2023年7月20日; 2023年3月1日至6月30日; 2023年11月1日至2024年1月5日."""
    if start >= end:
        return _long_date(end)
    if start.year == end.year:
        return pgettext("date range", "%(start)s to %(end)s") % {
            "start": _long_date(start),
            # Django's Chinese MONTH_DAY_FORMAT pads the month (06月30日).
            "end": formats.date_format(
                end,
                "n月j日"
                if (translation.get_language() or "").startswith("zh")
                else "MONTH_DAY_FORMAT",
            ),
        }
    return pgettext("date range", "%(start)s to %(end)s") % {
        "start": _long_date(start),
        "end": _long_date(end),
    }


def course_eligibility(*, deputy: Deputy, course: CoursePage) -> Enrolment:
    enrolment = Enrolment.objects.filter(
        deputy=deputy, course=course, completed_at__isnull=False
    ).first()
    if enrolment is None:
        raise ValidationError(
            _("%(name)s has not completed %(course)s.")
            % {"name": deputy.name, "course": course.title}
        )
    if not course.awards_certificate:
        raise ValidationError(
            _("%(course)s does not award a certificate.") % {"course": course.title}
        )
    return enrolment


def requirement_eligibility(*, deputy: Deputy, requirement: Requirement) -> None:
    if (
        not cohort_with_coverage(requirement=requirement)
        .filter(pk=deputy.pk, covered=True)
        .exists()
    ):
        raise ValidationError(
            _("%(name)s has not met %(requirement)s.")
            % {"name": deputy.name, "requirement": requirement.name}
        )


def _facts(
    *,
    deputy: Deputy,
    course: CoursePage | None,
    requirement: Requirement | None,
    issued_on: date,
) -> dict:
    """What the certificate prints, frozen at issue, always in Chinese.

    The learning's dates are those of the learning: the course's start (or the
    completion, when the deputy finished before the course began) to the day the
    deputy completed it; for a programme, the first of its courses to the last
    completion. The issue date is the day of issue, printed apart.
    """
    if course is not None:
        enrolment = course_eligibility(deputy=deputy, course=course)
        programme, hours = course.title, course.hours
        end = timezone.localdate(enrolment.completed_at)
        starts = [course.start_date] if course.start_date else []
    elif requirement is not None:
        requirement_eligibility(deputy=deputy, requirement=requirement)
        programme = requirement.name
        courses = list(requirement.courses.all())
        course_ids = [c.pk for c in courses]
        completions = [
            timezone.localdate(at)
            for at in Enrolment.objects.filter(
                deputy=deputy, course_id__in=course_ids, completed_at__isnull=False
            ).values_list("completed_at", flat=True)
        ]
        hours = HoursEntry.objects.filter(
            deputy=deputy, course_id__in=course_ids
        ).aggregate(t=Sum("hours"))["t"] or Decimal("0")
        end = max(completions, default=issued_on)
        starts = [c.start_date for c in courses if c.start_date] + completions
    else:
        raise ValueError("A certificate is of a course or of a requirement.")
    start = min([d for d in starts if d <= end], default=end)
    with translation.override("zh-hans"):
        return {
            "name": deputy.name,
            "programme": programme,
            "hours": hours_text(hours),
            "period": period_text(start, end),
            "completion_date": _long_date(end),
            "start_date": _long_date(start),
            "end_date": _long_date(end),
            "issue_date": _long_date(issued_on),
        }


def glyphs_check(*texts: str) -> None:
    """Refuse a name or title that no font can draw, naming the missing characters."""
    missing = missing_glyphs("".join(texts))
    if missing:
        raise ValidationError(
            _(
                "These characters cannot be printed with the certificate fonts: "
                "%(chars)s (U+%(codes)s)."
            )
            % {
                "chars": "、".join(missing),
                "codes": ", U+".join(f"{ord(c):04X}" for c in missing),
            }
        )


def _existing(
    *, deputy: Deputy, course: CoursePage | None, requirement: Requirement | None
) -> Certificate | None:
    certificates = Certificate.objects.valid().filter(deputy=deputy)
    if course is not None:
        return certificates.filter(course=course).first()
    return certificates.filter(requirement=requirement).first()


@transaction.atomic
def _certificate_record(
    *,
    deputy: Deputy,
    course: CoursePage | None,
    requirement: Requirement | None,
    template: CertificateTemplate | None,
) -> Certificate:
    now = timezone.now()
    counter = _serial_counter_lock(timezone.localdate(now).year)
    existing = _existing(deputy=deputy, course=course, requirement=requirement)
    if existing is not None:
        return existing
    facts = _facts(
        deputy=deputy,
        course=course,
        requirement=requirement,
        issued_on=timezone.localdate(now),
    )
    glyphs_check(facts["name"], facts["programme"])
    template = template or template_default()
    certificate = Certificate(
        deputy=deputy,
        course=course,
        requirement=requirement,
        template=template,
        hours=Decimal(facts["hours"]),
        issued_at=now,
        serial=_serial_take(counter, template=template),
    )
    certificate.snapshot = printed_facts(
        template=template,
        facts=facts,
        serial=certificate.serial,
        verify_url=verification_url(certificate.code),
    )
    try:
        with transaction.atomic():
            certificate.save()
    except IntegrityError:
        # Another issue won in spite of the lock (a second template, say): give the
        # number back so that the series stays without gaps.
        counter.last -= 1
        counter.save(update_fields=["last"])
        existing = _existing(deputy=deputy, course=course, requirement=requirement)
        if existing is None:
            raise
        return existing
    _issued_notify(certificate=certificate)
    return certificate


def _issued_notify(*, certificate: Certificate) -> None:
    """Tell the deputy, on the site, that a new certificate is waiting on /my/."""
    user = certificate.deputy.user
    if user is None:
        return
    # Stored text, read later by the deputy: in the site's language, not the issuer's.
    with translation.override(settings.LANGUAGE_CODE):
        notify(
            recipients=[user],
            kind="certificate_issued",
            title=_("Certificate issued"),
            body=_(
                "Your certificate of %(programme)s (No. %(serial)s) is issued; "
                "download it from My learning."
            )
            % {
                "programme": certificate.snapshot.get("programme", ""),
                "serial": certificate.serial,
            },
            url=reverse("courses:my_learning"),
        )


def printed_facts(
    *, template: CertificateTemplate, facts: dict, serial: str, verify_url: str
) -> dict:
    """The facts with the template's wording filled in: everything the PDF prints."""
    return {
        **facts,
        "serial": serial,
        "verify_url": verify_url,
        "title": template.title,
        "wording": fill_wording(template.wording, facts),
        "issuing_body": template.issuing_body,
        "signatory": template.signatory,
        "signatory_title": template.signatory_title,
    }


SAMPLE_FACTS = {
    "name": "张明",
    "programme": "新任代表初任履职学习",
    "hours": "12",
    "period": "2023年3月1日至6月30日",
    "completion_date": "2023年6月30日",
    "start_date": "2023年3月1日",
    "end_date": "2023年6月30日",
    "issue_date": "2023年7月1日",
}


def certificate_render(*, certificate: Certificate) -> Certificate:
    """Render and store the PDF of a certificate record that has none yet."""
    if certificate.pdf:
        return certificate
    content = certificate_pdf(certificate=certificate)
    certificate.pdf.save(f"{certificate.serial}.pdf", ContentFile(content), save=False)
    certificate.sha256 = hashlib.sha256(content).hexdigest()
    Certificate.objects.filter(pk=certificate.pk, sha256="").update(
        pdf=certificate.pdf.name, sha256=certificate.sha256
    )
    learning_changed(deputy_ids=[certificate.deputy_id])  # an update sends no signal
    certificate.refresh_from_db()
    return certificate


def certificate_issue(
    *,
    deputy: Deputy,
    course: CoursePage | None = None,
    requirement: Requirement | None = None,
    template: CertificateTemplate | None = None,
) -> Certificate:
    """Issue (or return) a deputy's course or requirement certificate, with its PDF."""
    if (course is None) == (requirement is None):
        raise ValueError("certificate_issue needs exactly one of course or requirement")
    certificate = _certificate_record(
        deputy=deputy, course=course, requirement=requirement, template=template
    )
    return certificate_render(certificate=certificate)


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, reason: str) -> Certificate:
    """Void a certificate; its verification page then says 已作废 and why."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for revoking the certificate."))
    updated = Certificate.objects.filter(
        pk=certificate.pk, status=Certificate.Status.VALID
    ).update(
        status=Certificate.Status.REVOKED,
        revoked_at=timezone.now(),
        revoked_reason=reason,
    )
    if not updated:
        raise ValidationError(_("This certificate is already revoked."))
    learning_changed(deputy_ids=[certificate.deputy_id])
    certificate.refresh_from_db()
    return certificate


def certificate_reissue(*, certificate: Certificate, reason: str) -> Certificate:
    """Revoke a certificate and issue a replacement, linked from the old one's page."""
    with transaction.atomic():
        if certificate.is_valid:
            certificate_revoke(certificate=certificate, reason=reason)
        replacement = _certificate_record(
            deputy=certificate.deputy,
            course=certificate.course,
            requirement=certificate.requirement,
            template=certificate.template,
        )
        Certificate.objects.filter(pk=certificate.pk).update(replaced_by=replacement)
    return certificate_render(certificate=replacement)


def certificate_eligible_deputies(
    *, course: CoursePage | None = None, requirement: Requirement | None = None
) -> QuerySet[Deputy]:
    """Deputies who earned a course or requirement certificate and hold no valid one."""
    deputies: QuerySet[Deputy]
    if course is not None:
        deputies = Deputy.objects.filter(
            enrolments__course=course, enrolments__completed_at__isnull=False
        )
        held = Certificate.objects.valid().filter(course=course).values("deputy_id")
    elif requirement is not None:
        deputies = cohort_with_coverage(requirement=requirement).filter(covered=True)
        held = (
            Certificate.objects.valid()
            .filter(requirement=requirement)
            .values("deputy_id")
        )
    else:
        raise ValueError("A certificate is of a course or of a requirement.")
    return deputies.exclude(pk__in=held)


def learning_record_issue(*, deputy: Deputy) -> LearningRecord:
    """Issue the deputy's learning record as it stands: the same facts give the same
    record (and code); changed facts give a new one, superseding the last."""
    facts = learning_record_document_facts(deputy=deputy)
    digest = facts_digest(facts)
    existing = LearningRecord.objects.filter(deputy=deputy, digest=digest).first()
    if existing is not None:
        return existing
    record = LearningRecord(
        deputy=deputy,
        digest=digest,
        snapshot=facts,
        issuing_body=template_default().issuing_body,
        issued_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        # The same facts issued at the same moment elsewhere (a double click).
        return LearningRecord.objects.get(deputy=deputy, digest=digest)
    return record

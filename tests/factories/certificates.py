"""Certificates as `certificate_issue` leaves them, without going through its checks.

`CertificateFactory` builds a consistent row: its deputy completed its course (a
completed enrolment is made when there is none), the printed facts are those of the
deputy and course, the serial and verification code have the service's shapes. No PDF
is rendered unless asked: `CertificateFactory(pdf=True)` renders and stores it through
`certificate_render`, the service's own step (about a second with the CJK fonts).
"""

from datetime import timedelta

import factory
from django.utils import formats, timezone

from certificates.models import Certificate, CertificateTemplate
from certificates.services import certificate_render, printed_facts, verification_url
from courses.models import Enrolment
from tests.factories.progress import CourseWithModulesFactory, EnrolmentFactory
from tests.factories.roster import DeputyFactory


class CertificateTemplateFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"结业证书模板{n + 1}")
    title = "结业证书"
    issuing_body = "上海市人大常委会代表工作委员会"

    class Meta:
        model = CertificateTemplate


def _long_date(value) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def _completion(certificate) -> Enrolment:
    """The deputy's completed enrolment in the course, made when missing."""
    enrolment = Enrolment.objects.filter(
        deputy=certificate.deputy,
        course=certificate.course,
        completed_at__isnull=False,
    ).first()
    return enrolment or EnrolmentFactory(
        deputy=certificate.deputy, course=certificate.course, completed=True
    )


class CertificateFactory(factory.django.DjangoModelFactory):
    deputy = factory.SubFactory(DeputyFactory)
    course = factory.SubFactory(CourseWithModulesFactory, awards_certificate=True)
    requirement = None
    template = factory.SubFactory(CertificateTemplateFactory)
    # Factory serials use numbers the yearly counter will not reach in a test run.
    serial = factory.Sequence(lambda n: f"DC-2023-{900000 + n:06d}")
    hours = factory.SelfAttribute("course.hours")
    status = Certificate.Status.VALID

    class Meta:
        model = Certificate
        skip_postgeneration_save = True

    class Params:
        revoked = factory.Trait(
            status=Certificate.Status.REVOKED,
            revoked_at=factory.LazyFunction(timezone.now),
            revoked_reason="姓名录入错误",
        )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        certificate = model_class(*args, **kwargs)
        enrolment = _completion(certificate)
        completed_on = timezone.localdate(enrolment.completed_at)
        certificate.issued_at = enrolment.completed_at + timedelta(days=1)
        facts = {
            "name": certificate.deputy.name,
            "programme": certificate.course.title,
            "hours": str(certificate.course.hours),
            "start_date": _long_date(
                certificate.course.start_date
                or timezone.localdate(enrolment.enrolled_at)
            ),
            "end_date": _long_date(completed_on),
            "issue_date": _long_date(timezone.localdate(certificate.issued_at)),
        }
        certificate.snapshot = printed_facts(
            template=certificate.template,
            facts=facts,
            serial=certificate.serial,
            verify_url=verification_url(certificate.code),
        )
        certificate.save()
        return certificate

    @factory.post_generation
    def pdf(obj, create, extracted, **kwargs):
        if create and extracted:
            certificate_render(certificate=obj)

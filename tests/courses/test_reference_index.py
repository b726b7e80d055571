"""Records of what deputies do are not content: saving them queues no reference-index
task (issue 9: half of the tasks of the certificate benchmark were these)."""

from unittest import mock

import pytest

from courses.models import QuizAttempt
from tests.factories.certificates import CertificateFactory, CertificateTemplateFactory
from tests.factories.progress import (
    CourseWithModulesFactory,
    EnrolmentFactory,
    ExemptionFactory,
)
from tests.factories.roster import DeputyFactory, RequirementFactory

pytestmark = pytest.mark.django_db


def test_learning_records_and_certificates_queue_no_reference_index_task(home):
    deputy = DeputyFactory()
    course = CourseWithModulesFactory(parent=home, awards_certificate=True)
    module = course.get_children().first().specific
    template = CertificateTemplateFactory()
    requirement = RequirementFactory(term=deputy.term)
    with mock.patch("wagtail.signal_handlers.update_reference_index_task") as task:
        # Enrolment, module progress and the hours ledger line of a completed course.
        EnrolmentFactory(deputy=deputy, course=course, completed=True)
        QuizAttempt.objects.create(
            deputy=deputy, module=module, block_id="q1", number=1, score=80, passed=True
        )
        CertificateFactory(deputy=deputy, course=course, template=template)
        # Control: a record not exempted still queues its task.
        ExemptionFactory(requirement=requirement, deputy=deputy)
    queued = [call.args[1] for call in task.enqueue.call_args_list]
    assert queued == ["exemption"]

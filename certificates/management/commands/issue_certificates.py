from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from certificates.services import certificate_eligible_deputies, certificate_issue
from certificates.tasks import certificate_issue_task
from courses.models import CoursePage, Requirement


class Command(BaseCommand):
    help = (
        "Issues the certificate of a course or requirement to everyone eligible "
        "who has none; safe to run twice."
    )

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--course", help="Slug of the course.")
        target.add_argument("--requirement", help="Slug of the learning requirement.")
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Hand the work to the task worker instead.",
        )

    def handle(self, *args, course=None, requirement=None, enqueue=False, **options):
        course_page = CoursePage.objects.filter(slug=course).first() if course else None
        requirement_obj = (
            Requirement.objects.filter(slug=requirement).first()
            if requirement
            else None
        )
        if course and course_page is None:
            raise CommandError(_("No course with slug “%(slug)s”.") % {"slug": course})
        if requirement and requirement_obj is None:
            raise CommandError(
                _("No requirement with slug “%(slug)s”.") % {"slug": requirement}
            )
        deputies = list(
            certificate_eligible_deputies(
                course=course_page, requirement=requirement_obj
            )
        )
        issued, refused = 0, []
        for deputy in deputies:
            if enqueue:
                certificate_issue_task.enqueue(
                    deputy.pk,
                    course_id=course_page.pk if course_page else None,
                    requirement_id=requirement_obj.pk if requirement_obj else None,
                )
                issued += 1
                continue
            try:
                certificate_issue(
                    deputy=deputy, course=course_page, requirement=requirement_obj
                )
                issued += 1
            except ValidationError as error:
                refused.append(f"{deputy}: {' '.join(error.messages)}")
        for line in refused:
            self.stderr.write(line)
        message = _("%(count)d queued.") if enqueue else _("%(count)d issued.")
        self.stdout.write(message % {"count": issued})
        if refused:
            raise CommandError(
                _("%(count)d could not be issued.") % {"count": len(refused)}
            )

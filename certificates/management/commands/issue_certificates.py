from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from certificates.services import certificate_eligible_deputies, certificate_issue
from certificates.tasks import certificate_issue_task
from courses.models import AnnualPlanPage, CoursePage, Requirement


def _course_find(value: str) -> CoursePage:
    """The course named by a page id or a slug.

    A slug is unique only among siblings: it may name several courses.
    """
    if value.isdigit() and (page := CoursePage.objects.filter(pk=value).first()):
        return page
    candidates = list(CoursePage.objects.filter(slug=value).order_by("path"))
    if not candidates:
        raise CommandError(
            _("No course with the page id or slug “%(course)s”.") % {"course": value}
        )
    if len(candidates) > 1:
        raise CommandError(
            _(
                "The slug “%(slug)s” names several courses; give the page id of one: "
                "%(candidates)s"
            )
            % {
                "slug": value,
                "candidates": "; ".join(_candidate(page) for page in candidates),
            }
        )
    return candidates[0]


def _candidate(page: CoursePage) -> str:
    annual = AnnualPlanPage.objects.parent_of(page).first()
    return _("%(id)d “%(title)s” in %(plan)s (%(year)s)") % {
        "id": page.pk,
        "title": page.title,
        "plan": annual.title if annual else "-",
        "year": annual.year if annual else "-",
    }


class Command(BaseCommand):
    help = (
        "Issues the certificate of a course or requirement to everyone eligible "
        "who has none; safe to run twice."
    )

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument(
            "--course",
            help="Page id of the course, or its slug when only one course has it.",
        )
        target.add_argument("--requirement", help="Slug of the learning requirement.")
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Hand the work to the task worker instead.",
        )

    def handle(self, *args, course=None, requirement=None, enqueue=False, **options):
        course_page = _course_find(course) if course else None
        requirement_obj = (
            Requirement.objects.filter(slug=requirement).first()
            if requirement
            else None
        )
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

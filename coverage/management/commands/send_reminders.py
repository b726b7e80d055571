from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from courses.models import Requirement
from courses.selectors.requirements import initial_requirement
from coverage.services import reminder_candidates, reminders_send


class Command(BaseCommand):
    help = (
        "Reminds the uncovered deputies of a requirement whose deadline is near "
        "(meant for cron, e.g. every Monday); nobody is reminded twice in 24 hours."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--requirement",
            help="Slug; by default the current term's initial learning.",
        )
        parser.add_argument(
            "--due-within",
            type=int,
            default=30,
            help="Days: remind those whose deadline is at most this far away.",
        )

    def handle(self, *args, requirement=None, due_within=30, **options):
        if requirement:
            found = Requirement.objects.filter(slug=requirement).first()
            if found is None:
                raise CommandError(
                    _("No requirement with slug “%(slug)s”.") % {"slug": requirement}
                )
        else:
            found = initial_requirement()
            if found is None:
                raise CommandError(
                    _(
                        "The current term has no initial-learning requirement; "
                        "pass --requirement."
                    )
                )
        if due_within < 0:
            raise CommandError(_("--due-within cannot be negative."))
        candidates = reminder_candidates(requirement=found, due_within_days=due_within)
        result = reminders_send(requirement=found, deputy_ids=candidates)
        self.stdout.write(
            f"reminded={result.sent} throttled={result.throttled} "
            f"unreachable={result.unreachable}"
        )

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from courses.models import Requirement
from courses.services.standings import standings_drift, standings_rebuild


class Command(BaseCommand):
    help = (
        "Compares the kept coverage standings with a recount (ADR 0017); with "
        "--rebuild, recounts the requirements that differ. Meant for cron, e.g. "
        "nightly, as a safety net: changes made outside the application (SQL by "
        "hand, a restored backup) are not seen by the signals that keep them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--requirement", help="Slug; by default every one.")
        parser.add_argument(
            "--rebuild",
            action="store_true",
            help="Recount the requirements whose standings differ.",
        )

    def handle(self, *args, requirement=None, rebuild=False, **options):
        requirements = Requirement.objects.order_by("pk")
        if requirement:
            requirements = requirements.filter(slug=requirement)
            if not requirements.exists():
                raise CommandError(
                    _("No requirement with slug “%(slug)s”.") % {"slug": requirement}
                )
        drifted = []
        for each in requirements:
            drift = standings_drift(requirement=each)
            self.stdout.write(
                _(
                    "%(requirement)s: %(missing)d missing, %(extra)d extra, "
                    "%(different)d different"
                )
                % {
                    "requirement": drift.requirement,
                    "missing": drift.missing,
                    "extra": drift.extra,
                    "different": drift.different,
                }
            )
            if drift.any:
                drifted.append(each)
        if drifted and rebuild:
            for each in drifted:
                standings_rebuild(requirement=each)
                self.stdout.write(_("%(slug)s recounted.") % {"slug": each.slug})
        elif drifted:
            raise CommandError(
                _("The standings of %(count)d requirements differ from a recount.")
                % {"count": len(drifted)}
            )

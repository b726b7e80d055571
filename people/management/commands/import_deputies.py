from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from people.services.roster_import import RosterFileError, deputies_import


class Command(BaseCommand):
    help = (
        "Imports the roster of deputies from a CSV (UTF-8) or XLSX file; "
        "a file with any bad row writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and report, writing nothing.",
        )

    def handle(self, *args, file: Path, dry_run: bool, **options):
        if not file.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": file})
        try:
            result = deputies_import(
                content=file.read_bytes(), filename=file.name, dry_run=dry_run
            )
        except RosterFileError as error:
            raise CommandError(str(error)) from error
        if result.errors:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("%(count)d problem(s) found; nothing was imported.")
                % {"count": len(result.errors)}
            )
        summary = _(
            "%(rows)d rows: %(created)d new, %(updated)d updated, "
            "%(unchanged)d unchanged."
        ) % {
            "rows": result.rows,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        }
        if dry_run:
            summary += " " + _("Dry run: nothing was written.")
        self.stdout.write(summary)

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from courses.models import Requirement
from courses.selectors.coverage import CoverageReport, coverage_report
from courses.selectors.requirements import initial_requirement
from coverage.selectors import EXPORT_VIEWS, WHOLE_CITY, coverage_tables
from infrastructure.exports import table_to_csv, tables_to_xlsx, to_json


class Command(BaseCommand):
    help = (
        "Reports a requirement's coverage: overall, per delegation, and every "
        "uncovered deputy (the whole congress: commands run as the operator)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--requirement",
            help="Slug; by default the current term's initial learning.",
        )
        parser.add_argument("--format", choices=["json", "csv", "xlsx"], default="json")
        parser.add_argument(
            "--view",
            choices=list(EXPORT_VIEWS),
            default="delegations",
            help="Which table a CSV holds (XLSX has one sheet per view).",
        )
        parser.add_argument(
            "--output", type=Path, help="File to write; standard output by default."
        )

    def handle(
        self,
        *args,
        requirement=None,
        format="json",
        output=None,
        view="delegations",
        **options,
    ):
        if requirement:
            found = (
                Requirement.objects.filter(slug=requirement)
                .select_related("term")
                .first()
            )
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
        if format == "xlsx" and output is None:
            raise CommandError(_("XLSX needs --output."))
        content = render(coverage_report(requirement=found), format, view)
        if output:
            output.write_bytes(content)
        else:
            sys.stdout.buffer.write(content)
            sys.stdout.flush()


def render(report: CoverageReport, format: str, view: str = "delegations") -> bytes:
    """JSON as before; CSV one view (Chinese headers); XLSX one sheet per view."""
    if format == "json":
        return to_json(report.as_dict())
    tables = coverage_tables(report=report, scope_label=WHOLE_CITY)
    if format == "csv":
        _title, header, rows = tables[EXPORT_VIEWS[view]]
        return table_to_csv(header, rows)
    return tables_to_xlsx(tables)

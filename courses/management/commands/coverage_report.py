import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from courses.models import Requirement
from courses.selectors.coverage import coverage_report
from courses.selectors.requirements import initial_requirement
from infrastructure.exports import table_to_csv, tables_to_xlsx, to_json


class Command(BaseCommand):
    help = (
        "Reports a requirement's coverage: overall, per delegation, "
        "and every uncovered deputy."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--requirement",
            help="Slug; by default the current term's initial learning.",
        )
        parser.add_argument("--format", choices=["json", "csv", "xlsx"], default="json")
        parser.add_argument(
            "--output", type=Path, help="File to write; standard output by default."
        )

    def handle(self, *args, requirement=None, format="json", output=None, **options):
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
        data = coverage_report(requirement=found).as_dict()
        content = render(data, format)
        if format == "xlsx" and output is None:
            raise CommandError(_("XLSX needs --output."))
        if output:
            output.write_bytes(content)
        else:
            sys.stdout.buffer.write(content)
            sys.stdout.flush()


def render(data: dict, format: str) -> bytes:
    if format == "json":
        return to_json(data)
    delegation_header = ["delegation", "cohort_size", "covered", "coverage"]
    delegation_rows = [[d[k] for k in delegation_header] for d in data["by_delegation"]]
    if format == "csv":
        return table_to_csv(delegation_header, delegation_rows)
    uncovered_header = ["deputy_no", "name", "delegation", "missing"]
    uncovered_rows = [
        [u["deputy_no"], u["name"], u["delegation"], "；".join(u["missing"])]
        for u in data["uncovered"]
    ]
    summary = [
        ["requirement", data["requirement"]],
        ["deadline", data["deadline"]],
        ["cohort_size", data["cohort_size"]],
        ["covered", data["covered"]],
        ["coverage", data["coverage"]],
        ["generated_at", data["generated_at"]],
    ]
    return tables_to_xlsx(
        [
            ("summary", ["field", "value"], summary),
            ("by_delegation", delegation_header, delegation_rows),
            ("uncovered", uncovered_header, uncovered_rows),
        ]
    )

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cms.demo.seeding import seed_demo


class Command(BaseCommand):
    help = (
        "Creates (or completes) the demo college: plan, courses, deputies and accounts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even when DEBUG is off."
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError(
                _(
                    "seed_demo never runs under production settings: the demo "
                    "accounts' password is public."
                )
            )
        if not settings.DEBUG and not force:
            raise CommandError(
                _(
                    "seed_demo adds demo accounts with a known password; "
                    "with DEBUG off, pass --force."
                )
            )
        result = seed_demo(password=settings.DEMO_PASSWORD)
        self.stdout.write(
            _(
                "Demo college ready: %(courses)d courses, %(modules)d modules, "
                "%(deputies)d deputies."
            )
            % {
                "courses": result["courses"],
                "modules": result["modules"],
                "deputies": result["deputies"],
            }
        )
        self.stdout.write(
            _("Demo accounts: %(accounts)s (password: %(password)s)")
            % {
                "accounts": ", ".join(result["accounts"]),
                "password": settings.DEMO_PASSWORD,
            }
        )

from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from wagtail.models import Site


class Command(BaseCommand):
    help = (
        "Points the default Wagtail site at the address the college is served on, "
        "so that links in mail, certificates and records lead back to it."
    )

    def add_arguments(self, parser):
        parser.add_argument("url", help="e.g. http://127.0.0.1:8000")

    def handle(self, *args, url: str, **options):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise CommandError(
                _("Give the address as http://host:port, not %(url)s.") % {"url": url}
            )
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as error:
            raise CommandError(str(error)) from error
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError(_("There is no default site yet: run seed_demo first."))
        site.hostname, site.port = parts.hostname, port
        site.save(update_fields=["hostname", "port"])
        self.stdout.write(
            _("Links now lead to %(url)s.") % {"url": site.root_url.rstrip("/")}
        )

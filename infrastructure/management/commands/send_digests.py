"""Daily, from cron: queue the e-mail digest for every user who asked for it."""

from django.core.management.base import BaseCommand

from infrastructure.notifications.digest import (
    digest_recipients,
    digests_enqueue,
    digests_send,
)


class Command(BaseCommand):
    help = "Send the daily e-mail digest of unread notices (for cron, once a day)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            action="store_true",
            help="Send in this process instead of through the task worker.",
        )

    def handle(self, *args, **options):
        if options["now"]:
            sent = digests_send(user_ids=digest_recipients())
            self.stdout.write(f"Digests sent: {sent}")
        else:
            queued = digests_enqueue()
            self.stdout.write(f"Digests queued for {queued} users")

"""Job alerts' retention (the daily task, for sites without beat)."""

from django.core.management.base import BaseCommand

from jobs.alerts.services import alerts_purge


class Command(BaseCommand):
    help = "Delete unconfirmed job alerts after 7 days and remove unsubscribed ones' email after 30."

    def handle(self, *args, **options):
        counts = alerts_purge()
        self.stdout.write(
            f"Deleted {counts.unconfirmed_deleted} unconfirmed alert(s), anonymised "
            f"{counts.unsubscribed_anonymised} unsubscribed alert(s)."
        )

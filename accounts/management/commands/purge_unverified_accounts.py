from django.core.management.base import BaseCommand

from accounts.services import users_purge_unverified


class Command(BaseCommand):
    help = (
        "Delete accounts that never verified their email address (the nightly task, for sites without beat)."
    )

    def handle(self, *args, **options):
        deleted = users_purge_unverified()
        self.stdout.write(f"Deleted {deleted} unverified account(s).")

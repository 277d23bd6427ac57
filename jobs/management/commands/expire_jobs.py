from django.core.management.base import BaseCommand

from jobs.services import jobs_expire


class Command(BaseCommand):
    help = "Mark published jobs past their closing time as expired (the hourly task, for sites without beat)."

    def handle(self, *args, **options):
        self.stdout.write(f"Expired {jobs_expire()} job(s).")

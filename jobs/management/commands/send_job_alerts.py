"""The weekly job alerts run, synchronously, for sites without a Celery worker (the same services)."""

import smtplib
import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from jobs.alerts.run import (
    AlertRunError,
    BatchOutcome,
    alerts_reconcile,
    alerts_run_week,
    alerts_send_batch,
    chunks,
)


class Command(BaseCommand):
    help = (
        "Match this week's job alerts (or --week's) and send the digests. Safe to run again: nobody gets "
        "a week's digest twice, and digests left unsent by an earlier run go out now."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--week",
            type=date.fromisoformat,
            help="the Monday of the week to run, as YYYY-MM-DD (default: this week's Monday)",
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            outcome = alerts_run_week(week=options["week"])
        except AlertRunError as error:
            raise CommandError(str(error)) from error
        match = outcome.match
        self.stdout.write(
            f"Week of {outcome.run.week:%d %B %Y}: {len(match.due):,} alerts due, "
            f"{match.new_job_count:,} new jobs, matched in {match.seconds:.2f}s; "
            f"{outcome.created:,} new digests ({outcome.skipped:,} alerts skipped), "
            f"{len(outcome.waiting):,} to send."
        )
        totals = BatchOutcome()
        stopped = 0
        waiting = outcome.waiting
        for _ in range(2):
            for part in chunks(waiting):
                try:
                    totals += alerts_send_batch(delivery_ids=part)
                except (smtplib.SMTPException, OSError) as error:
                    stopped += 1
                    self.stderr.write(f"A batch stopped on a mail error and was handed back: {error}")
            # Digests a dead run left mid-send go out again.
            waiting = alerts_reconcile()
            if not waiting:
                break
        self.stdout.write(
            f"Sent {totals.sent:,}, failed {totals.failed:,}, skipped {totals.skipped:,} "
            f"in {time.monotonic() - started:.2f}s."
        )
        if stopped:
            raise CommandError(
                f"{stopped} batch(es) hit a mail error; run the command again to send the rest."
            )

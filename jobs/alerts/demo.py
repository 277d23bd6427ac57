"""Demo job alerts: N confirmed subscriptions with varied, realistic searches (50 unless --subscribers N).

Alert number n has the address "alerts-demo-<n>@example.com" and filters that depend on n only, so
running it again adds only what is missing and removes demo alerts numbered above N. Most people pick a
role family and a borough or two; fewer add a level, a minimum salary, search words or a workplace.
100,000 alerts go in with bulk_create, 5,000 a batch, each batch committed on its own.
"""

from __future__ import annotations

import random
import re
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation
from capability.models import Level, RoleFamily

from ..models import AlertSubscription
from .filters import ALERT_PARAMS, filter_key

DEFAULT_COUNT = 50
BATCH_SIZE = 5000
EMAIL = "alerts-demo-{number:06d}@example.com"
EMAIL_PATTERN = re.compile(r"^alerts-demo-(\d{6})@example\.com$")
SEARCHES = [
    "data", "developer", "designer", "analyst", "cyber security", "product manager", "GIS", "architect",
    '"service design"', "apprentice", "python", "power bi", "delivery manager", "user research",
]  # fmt: skip
SALARIES = [35000, 40000, 45000, 50000, 55000, 60000, 70000]


def demo_email(number: int) -> str:
    return EMAIL.format(number=number)


def _some(rng: random.Random, options: list, weights: tuple[float, float, float]) -> list:
    """None, one or two of `options`, with the given chances."""
    how_many = rng.choices((0, 1, 2), weights=weights)[0]
    return rng.sample(options, how_many)


def demo_query(
    number: int, *, boroughs: list[str], families: list[str], levels: list[str]
) -> list[list[str]]:
    """Alert n's filters, normalised as the jobs list normalises its query."""
    rng = random.Random(f"job-alert-{number}")
    chosen: dict[str, list[str]] = {
        "organisation": _some(rng, boroughs, (0.5, 0.35, 0.15)),
        "role_family": _some(rng, families, (0.35, 0.5, 0.15)),
        "contract_type": ["permanent"] if rng.random() < 0.1 else [],
        "working_pattern": ["part_time"] if rng.random() < 0.08 else [],
        "workplace": _some(rng, ["remote", "hybrid"], (0.85, 0.1, 0.05)),
    }
    if rng.random() < 0.45:
        first = rng.randrange(len(levels))
        chosen["level"] = levels[first : first + rng.choice((1, 1, 2))]
    if rng.random() < 0.2:
        chosen["min_salary"] = [str(rng.choice(SALARIES))]
    if rng.random() < 0.15:
        chosen["q"] = [rng.choice(SEARCHES)]
    if rng.random() < 0.03:
        chosen["closing_within"] = ["7"]
    return [[name, value] for name in ALERT_PARAMS for value in sorted(set(chosen.get(name, [])))]


def seed(*, stdout, options):
    """Make the number of demo alerts asked for: add missing ones by address, remove those numbered above."""
    count = options.get("subscribers")
    count = DEFAULT_COUNT if count is None else count
    demo = AlertSubscription.objects.filter(email__startswith="alerts-demo-", email__endswith="@example.com")
    existing = {
        int(match.group(1))
        for email in demo.values_list("email", flat=True)
        if (match := EMAIL_PATTERN.match(email))
    }
    beyond = [number for number in existing if number > count]
    removed = 0
    for start in range(0, len(beyond), BATCH_SIZE):
        emails = [demo_email(number) for number in beyond[start : start + BATCH_SIZE]]
        _, deleted = AlertSubscription.objects.filter(email__in=emails).delete()
        removed += deleted.get(AlertSubscription._meta.label, 0)
    missing = [number for number in range(1, count + 1) if number not in existing]
    if missing:
        boroughs = list(
            Organisation.objects.filter(kind__in=[Organisation.Kind.BOROUGH, Organisation.Kind.CITY])
            .order_by("slug")
            .values_list("slug", flat=True)
        )
        families = list(RoleFamily.objects.order_by("position", "slug").values_list("slug", flat=True))
        levels = list(Level.objects.order_by("rank").values_list("slug", flat=True))
        now = timezone.now()
        for start in range(0, len(missing), BATCH_SIZE):
            batch = []
            for number in missing[start : start + BATCH_SIZE]:
                query = demo_query(number, boroughs=boroughs, families=families, levels=levels)
                confirmed = now - timedelta(days=1 + number % 90, minutes=number % 1440)
                batch.append(
                    AlertSubscription(
                        email=demo_email(number),
                        query=query,
                        filter_key=filter_key(query),
                        status=AlertSubscription.Status.ACTIVE,
                        confirmation_sent_at=confirmed - timedelta(minutes=5),
                        confirmed_at=confirmed,
                    )
                )
            with transaction.atomic():
                AlertSubscription.objects.bulk_create(batch, batch_size=BATCH_SIZE)
            if len(missing) > 10 * BATCH_SIZE and (start // BATCH_SIZE) % 4 == 3:
                stdout.write(f"  {start + len(batch):,} of {len(missing):,} demo job alerts created")
    stdout.write(
        f"Demo job alerts: {len(missing)} created, {count} in place"
        + (f", {removed} removed." if removed else ".")
    )

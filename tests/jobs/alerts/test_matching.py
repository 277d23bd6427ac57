"""Matching: every due alert gets exactly the jobs the jobs list shows for its filters, in its window."""

from datetime import timedelta

import pytest

from accounts.models import Organisation
from capability.models import Level, Role
from jobs.alerts.filters import filterset_for
from jobs.alerts.matching import MAX_JOBS, match_subscriptions, window_start
from jobs.models import Job
from tests.jobs.alerts.conftest import RUN_AT, published, query
from tests.jobs.alerts.factories import AlertSubscriptionFactory

pytestmark = pytest.mark.django_db


def expected(alert_query: list, since) -> tuple[list[int], int]:
    """What the jobs list shows for the alert's filters, published in (since, run time], newest first."""
    jobs = (
        filterset_for(alert_query)
        .qs.filter(published_at__gt=since, published_at__lte=RUN_AT)
        .order_by("-published_at", "-id")
    )
    ids = list(jobs.values_list("pk", flat=True))
    return ids[:MAX_JOBS], len(ids)


def matched(result) -> dict[int, tuple[list[int], int]]:
    return {subscription_id: (found.job_ids, found.total) for subscription_id, found in result.deliveries()}


QUERIES = [
    {},
    {"organisation": "hackney"},
    {"organisation": ["camden", "hackney"]},
    {"role_family": "data"},
    {"role_family": ["data", "user-centred-design"], "level": "senior"},
    {"level": ["junior", "mid"]},
    {"min_salary": "50000"},
    {"contract_type": "fixed_term"},
    {"working_pattern": "part_time", "workplace": ["remote", "hybrid"]},
    {"q": "designer"},
    {"q": "data", "organisation": "hackney"},
    {"closing_within": "7"},
    {"organisation": "islington", "min_salary": "45000", "workplace": "remote"},
    {"q": "nothing-matches-this"},
]


@pytest.fixture
def varied_jobs(monday):
    hackney, camden, islington = (
        Organisation.objects.get(slug=slug) for slug in ("hackney", "camden", "islington")
    )
    roles = {
        slug: Role.objects.get(slug=slug)
        for slug in ("data-analyst", "service-designer", "software-developer")
    }
    levels = {slug: Level.objects.get(slug=slug) for slug in ("junior", "mid", "senior")}
    jobs = []
    for number in range(36):
        jobs.append(
            published(
                hours_before_run=2 + number * 4,
                organisation=(hackney, camden, islington)[number % 3],
                title=("Data analyst", "Senior service designer", "Software developer")[number % 4 % 3],
                role=roles[("data-analyst", "service-designer", "software-developer")[number % 4 % 3]],
                level=levels[("junior", "mid", "senior")[number % 5 % 3]],
                salary_min=35_000 + number * 500,
                salary_max=40_000 + number * 1_000,
                contract_type=(Job.ContractType.PERMANENT, Job.ContractType.FIXED_TERM)[number % 7 == 0],
                working_pattern=(Job.WorkingPattern.FULL_TIME, Job.WorkingPattern.PART_TIME)[number % 3 == 1],
                workplace=(Job.Workplace.HYBRID, Job.Workplace.REMOTE, Job.Workplace.ON_SITE)[number % 2],
                closes_at=RUN_AT + timedelta(days=2 + number),
            )
        )
    # Outside every window or not visible: never in a digest.
    published(hours_before_run=-1)  # published after the run's time: next week's
    published(hours_before_run=24 * 30)  # before any window
    published(hours_before_run=5, closes_at=RUN_AT + timedelta(hours=1))  # closed by now (09:00)
    published(hours_before_run=5, status=Job.Status.CLOSED)
    published(hours_before_run=5, status=Job.Status.SUBMITTED)
    return jobs


def test_each_alert_gets_what_the_jobs_list_shows_for_its_filters(varied_jobs, monday):
    alerts = [AlertSubscriptionFactory(query=query(**filters)) for filters in QUERIES]
    # Two people with the same search share one match.
    twin = AlertSubscriptionFactory(query=query(organisation="hackney"))

    result = match_subscriptions(run_at=RUN_AT, now=RUN_AT + timedelta(hours=2))

    got = matched(result)
    since = RUN_AT - timedelta(days=7)
    for alert in alerts:
        ids, total = expected(alert.query, since)
        if total:
            assert got[alert.pk] == (ids, total), alert.query
        else:
            assert alert.pk not in got, alert.query
    assert got[twin.pk] == got[alerts[1].pk]
    assert result.filter_count == len(QUERIES)
    assert result.new_job_count == len(varied_jobs)
    assert not result.skipped


def test_a_first_digest_covers_the_7_days_before_the_run_and_later_ones_start_at_the_last(monday):
    fresh = published(hours_before_run=1)
    older = published(hours_before_run=24 * 4)
    oldest = published(hours_before_run=24 * 9)
    first = AlertSubscriptionFactory()
    since_last = AlertSubscriptionFactory(last_digest_at=RUN_AT - timedelta(days=3))
    back_from_a_long_pause = AlertSubscriptionFactory(last_digest_at=RUN_AT - timedelta(days=90))
    covered = AlertSubscriptionFactory(last_digest_at=RUN_AT)

    got = matched(match_subscriptions(run_at=RUN_AT, now=RUN_AT + timedelta(hours=2)))

    assert got[first.pk] == ([fresh.pk, older.pk], 2)
    assert got[since_last.pk] == ([fresh.pk], 1)
    assert got[back_from_a_long_pause.pk] == ([fresh.pk, older.pk, oldest.pk], 3)
    assert covered.pk not in got
    assert window_start(None, RUN_AT) == RUN_AT - timedelta(days=7)
    assert window_start(RUN_AT - timedelta(days=90), RUN_AT) == RUN_AT - timedelta(days=28)


def test_only_active_confirmed_alerts_are_due(monday):
    published(hours_before_run=3)
    active = AlertSubscriptionFactory()
    AlertSubscriptionFactory(status="pending", confirmed_at=None)
    AlertSubscriptionFactory(status="paused")
    AlertSubscriptionFactory(status="unsubscribed")
    AlertSubscriptionFactory(email="", status="unsubscribed")
    AlertSubscriptionFactory(confirmed_at=RUN_AT + timedelta(minutes=5))  # confirmed after the run's time

    got = matched(match_subscriptions(run_at=RUN_AT, now=RUN_AT + timedelta(hours=2)))

    assert list(got) == [active.pk]


def test_at_most_50_jobs_newest_first_with_the_full_count(monday):
    jobs = [published(hours_before_run=1 + number) for number in range(57)]
    alert = AlertSubscriptionFactory()

    job_ids, total = matched(match_subscriptions(run_at=RUN_AT, now=RUN_AT))[alert.pk]

    assert total == 57
    assert job_ids == [job.pk for job in jobs[:50]]


def test_an_alert_whose_filter_no_longer_exists_is_skipped_not_broadened(monday):
    published(hours_before_run=3)
    gone = Organisation.objects.create(slug="old-borough", name="Old Borough Council")
    alert = AlertSubscriptionFactory(query=[*query(organisation="hackney"), ["organisation", "old-borough"]])
    gone.delete()
    unknown_choice = AlertSubscriptionFactory(query=[["workplace", "moon-base"]])
    fine = AlertSubscriptionFactory(query=query(organisation="hackney"))

    result = match_subscriptions(run_at=RUN_AT, now=RUN_AT)

    assert "borough \u2018old-borough\u2019" in result.skipped[alert.pk]
    assert "workplace \u2018moon-base\u2019" in result.skipped[unknown_choice.pk]
    assert list(matched(result)) == [fine.pk]


def test_no_due_alerts_match_nothing(monday):
    published(hours_before_run=3)

    result = match_subscriptions(run_at=RUN_AT, now=RUN_AT)

    assert result.due == []
    assert result.matches == {}


def test_searches_with_phrases_exclusions_and_or_match_as_the_list_does(varied_jobs, monday):
    """Full-text search on Postgres (one statement for every search), words elsewhere: either way, what
    the list's own search finds, in each alert's own window."""
    searches = ["designer", "data", '"service designer" -senior', "analysts or developer", "nothing-at-all"]
    alerts = []
    for words in searches:
        alerts.append(AlertSubscriptionFactory(query=query(q=words)))
        alerts.append(
            AlertSubscriptionFactory(query=query(q=words), last_digest_at=RUN_AT - timedelta(days=2))
        )

    got = matched(match_subscriptions(run_at=RUN_AT, now=RUN_AT + timedelta(hours=2)))

    for alert in alerts:
        ids, total = expected(alert.query, window_start(alert.last_digest_at, RUN_AT))
        assert got.get(alert.pk, ([], 0)) == (ids, total), alert.query
    assert sum(1 for alert in alerts if alert.pk in got) >= 6

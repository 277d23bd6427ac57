"""The public jobs list: search, filters, sorts, tags, bad input, keyset pages, count and query budget."""

import re
from datetime import timedelta
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Organisation
from capability.models import Level, Role
from jobs.filters import JOB_FILTER_PARAMS as FILTER_PARAMS
from jobs.models import Job
from tests.jobs.factories import JobFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("jobs:list")


def quoted(text: str) -> str:
    """How messages quote a value the user gave: in curly single quotes."""
    return f"\u2018{text}\u2019"


def live_job(**kwargs) -> Job:
    return JobFactory(status=Job.Status.PUBLISHED, **kwargs)


def live_copies(template: Job, count: int) -> list[Job]:
    """`count` more published jobs like `template`, one minute older each, in a single INSERT."""
    fields = {
        field.attname: getattr(template, field.attname)
        for field in Job._meta.concrete_fields
        if not field.primary_key
    }
    copies = [
        Job(
            **{
                **fields,
                "reference": f"BULK{n:04d}",
                "published_at": template.published_at - timedelta(minutes=n),
            }
        )
        for n in range(1, count + 1)
    ]
    return Job.objects.bulk_create(copies)


def listed(response) -> list[int]:
    assert response.status_code == 200
    return [job.pk for job in response.context["page"].rows]


def get_list(client, **params):
    return client.get(LIST_URL, params)


# What is listed


def test_only_published_open_jobs_are_listed(client):
    shown = live_job(title="Data analyst")
    hidden = [
        JobFactory(status=status)
        for status in (
            Job.Status.DRAFT,
            Job.Status.SUBMITTED,
            Job.Status.REJECTED,
            Job.Status.CLOSED,
            Job.Status.EXPIRED,
            Job.Status.ARCHIVED,
        )
    ]
    past_closing = live_job(closes_at=timezone.now() - timedelta(minutes=1))

    response = get_list(client)

    assert response.templates[0].name == "jobs/list.html"
    assert listed(response) == [shown.pk]
    content = response.content.decode()
    assert shown.get_absolute_url() in content
    for job in [*hidden, past_closing]:
        assert job.get_absolute_url() not in content


def test_result_shows_what_a_candidate_compares(client):
    job = live_job(
        title="Senior service designer",
        role=Role.objects.get(slug="service-designer"),
        grade_label="PO6",
        salary_min=52_110,
        salary_max=55_962,
        contract_type=Job.ContractType.FIXED_TERM,
        working_pattern=Job.WorkingPattern.PART_TIME,
        workplace=Job.Workplace.REMOTE,
        location="Hackney Town Hall, Mare Street, E8",
        summary="Design services with residents of Hackney.",
    )

    content = get_list(client).content.decode()

    for text in (
        f'href="{job.get_absolute_url()}"',
        "Senior service designer",
        "Hackney",
        "£52,110 to £55,962",
        "PO6",
        "Hackney Town Hall, Mare Street, E8",
        "Remote",
        "Fixed term, part time",
        "Design services with residents of Hackney.",
        "Closes ",
    ):
        assert text in content


def test_closing_soon_tag_marks_jobs_closing_within_three_days(client):
    live_job(title="Closing tomorrow", closes_at=timezone.now() + timedelta(days=1))
    assert "Closing soon</strong>" in get_list(client).content.decode()
    Job.objects.update(closes_at=timezone.now() + timedelta(days=4))
    cache.clear()
    assert "Closing soon</strong>" not in get_list(client).content.decode()


# Search and filters


def test_search_by_a_word_of_the_description_finds_that_job_only(client):
    wanted = live_job(description="<p>You will build our <strong>geospatial</strong> data platform.</p>")
    live_job(description="<p>You will run user research with residents.</p>")

    assert listed(get_list(client, q="geospatial")) == [wanted.pk]
    assert listed(get_list(client, q="GEOSPATIAL platform")) == [wanted.pk]
    assert listed(get_list(client, q="hovercraft")) == []


def test_borough_filter_takes_one_or_several_boroughs(client):
    hackney = live_job()
    camden = live_job(organisation=Organisation.objects.get(slug="camden"))
    live_job(organisation=Organisation.objects.get(slug="ealing"))

    assert listed(get_list(client, organisation="camden")) == [camden.pk]
    assert set(listed(get_list(client, organisation=["camden", "hackney"]))) == {camden.pk, hackney.pk}


def test_role_family_filter(client):
    analyst = live_job(title="Data analyst", role=Role.objects.get(slug="data-analyst"))
    live_job(title="Senior service designer", role=Role.objects.get(slug="service-designer"))

    assert listed(get_list(client, role_family="data")) == [analyst.pk]


def test_level_filter(client):
    senior = live_job(level=Level.objects.get(slug="senior"))
    live_job(level=Level.objects.get(slug="mid"))

    assert listed(get_list(client, level="senior")) == [senior.pk]


@pytest.mark.parametrize(
    ("figure", "matches"),
    [("45000", True), ("47500", True), ("£45,000", True), ("50000", False), ("47501", False)],
)
def test_minimum_salary_matches_jobs_whose_maximum_reaches_it(client, figure, matches):
    job = live_job(salary_min=42_000, salary_max=47_500)
    response = get_list(client, min_salary=figure)
    assert listed(response) == ([job.pk] if matches else [])
    assert not response.context["form"].errors


@pytest.mark.parametrize(
    ("name", "wanted", "other"),
    [
        ("contract_type", Job.ContractType.FIXED_TERM, Job.ContractType.PERMANENT),
        ("working_pattern", Job.WorkingPattern.PART_TIME, Job.WorkingPattern.FULL_TIME),
        ("workplace", Job.Workplace.REMOTE, Job.Workplace.ON_SITE),
    ],
)
def test_choice_filters(client, name, wanted, other):
    match = live_job(**{name: wanted})
    live_job(**{name: other})

    assert listed(get_list(client, **{name: wanted.value})) == [match.pk]
    assert len(listed(get_list(client, **{name: [wanted.value, other.value]}))) == 2


def test_posted_within_filter(client):
    recent = live_job(published_at=timezone.now() - timedelta(days=3))
    live_job(published_at=timezone.now() - timedelta(days=10))

    assert listed(get_list(client, posted_within="7")) == [recent.pk]
    assert len(listed(get_list(client, posted_within="14"))) == 2


def test_closing_within_filter(client):
    soon = live_job(closes_at=timezone.now() + timedelta(hours=30))
    live_job(closes_at=timezone.now() + timedelta(days=10))

    assert listed(get_list(client, closing_within="7")) == [soon.pk]
    assert listed(get_list(client, closing_within="1")) == []
    assert len(listed(get_list(client, closing_within="14"))) == 2


def test_filters_combine(client):
    wanted = live_job(workplace=Job.Workplace.REMOTE, salary_max=60_000)
    live_job(workplace=Job.Workplace.REMOTE, salary_min=30_000, salary_max=40_000)
    live_job(workplace=Job.Workplace.ON_SITE, salary_max=60_000)

    assert listed(get_list(client, workplace="remote", min_salary="50000")) == [wanted.pk]


# Sorts


def test_sort_orders(client):
    now = timezone.now()
    old_rich = live_job(
        published_at=now - timedelta(days=9), closes_at=now + timedelta(days=20), salary_max=80_000
    )
    new_mid = live_job(
        published_at=now - timedelta(days=1), closes_at=now + timedelta(days=30), salary_max=50_000
    )
    mid_soon = live_job(
        published_at=now - timedelta(days=5), closes_at=now + timedelta(days=2), salary_max=45_000
    )

    assert listed(get_list(client)) == [new_mid.pk, mid_soon.pk, old_rich.pk]
    assert listed(get_list(client, sort="newest")) == [new_mid.pk, mid_soon.pk, old_rich.pk]
    assert listed(get_list(client, sort="closing")) == [mid_soon.pk, old_rich.pk, new_mid.pk]
    assert listed(get_list(client, sort="salary")) == [old_rich.pk, new_mid.pk, mid_soon.pk]


# Selected filters as removable tags


def test_each_tag_links_to_the_same_search_without_its_value(client):
    live_job()
    response = get_list(
        client,
        q="data",
        organisation=["hackney", "camden"],
        workplace="hybrid",
        min_salary="45000",
        sort="salary",
    )
    categories = {category.name: category for category in response.context["selected_filters"]}

    def query_of(href):
        return sorted(parse_qsl(urlsplit(href).query))

    camden, hackney = categories["organisation"].tags
    assert (camden.text, hackney.text) == ("Camden", "Hackney")
    assert query_of(camden.href) == sorted(
        [
            ("q", "data"),
            ("organisation", "hackney"),
            ("workplace", "hybrid"),
            ("min_salary", "45000"),
            ("sort", "salary"),
        ]
    )
    assert ("min_salary", "45000") not in query_of(categories["min_salary"].tags[0].href)
    assert categories["min_salary"].tags[0].text == "£45,000 or more"
    assert ("q", "data") not in query_of(categories["q"].tags[0].href)

    content = response.content.decode()
    assert f'href="{camden.href.replace("&", "&amp;")}"' in content
    assert "Selected filters" in content
    assert f'href="{LIST_URL}">Clear filters</a>' in content


def test_removing_the_last_tag_links_to_the_plain_list(client):
    response = get_list(client, workplace="remote")
    (category,) = response.context["selected_filters"]
    assert category.tags[0].href == LIST_URL


# Bad values: a clear message, the bad filter left out, never a 500


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"organisation": "atlantis"}, "There is no borough called " + quoted("atlantis")),
        ({"role_family": "wizardry"}, "There is no role family called " + quoted("wizardry")),
        ({"level": "emperor"}, "There is no level called " + quoted("emperor")),
        ({"min_salary": "abc"}, "Minimum salary must be a whole number of pounds, like 45000"),
        ({"min_salary": "-5"}, "Minimum salary must be £0 or more"),
        ({"min_salary": "99999999"}, "Minimum salary must be £500,000 or less"),
        ({"contract_type": "zero_hours"}, "There is no contract type called " + quoted("zero_hours")),
        ({"working_pattern": "weekends"}, "There is no working pattern called " + quoted("weekends")),
        ({"workplace": "moon"}, "There is no workplace called " + quoted("moon")),
        ({"posted_within": "365"}, "Date posted must be the last 24 hours, 7 days, 14 days or 30 days"),
        ({"closing_within": "30"}, "Closing date must be in the next 24 hours, 7 days or 14 days"),
        ({"sort": "bogus"}, "There is no sort order called " + quoted("bogus")),
    ],
)
def test_bad_value_gets_a_clear_message_and_the_other_filters_still_apply(client, params, message):
    remote = live_job(workplace=Job.Workplace.REMOTE)
    live_job(workplace=Job.Workplace.ON_SITE)
    extra = {"workplace": "remote"} if "workplace" not in params else {"contract_type": "permanent"}

    response = get_list(client, **params, **extra)

    assert response.status_code == 200
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert message in content
    assert "<title>Error: " in content
    if "workplace" not in params:
        assert listed(response) == [remote.pk]
    else:
        assert len(listed(response)) == 2


def test_one_unknown_borough_names_it_and_leaves_the_borough_filter_out(client):
    live_job()
    camden = live_job(organisation=Organisation.objects.get(slug="camden"))
    response = get_list(client, organisation=["camden", "atlantis"])
    assert "There is no borough called " + quoted("atlantis") in response.content.decode()
    assert len(listed(response)) == 2
    assert camden.pk in listed(response)


def test_tampered_cursor_shows_the_first_page_with_a_message(client):
    first = live_job()
    live_copies(first, 24)
    next_url = get_list(client).context["next_url"]
    cursor = dict(parse_qsl(urlsplit(next_url).query))["cursor"]
    payload, _, signature = cursor.rpartition(":")
    tampered = f"{payload[:-2]}xx:{signature}"

    for bad in (tampered, "not-a-cursor", "", "a:b:c"):
        response = get_list(client, cursor=bad)
        assert response.status_code == 200
        assert response.context["page"].number == 1
        assert listed(response)[0] == first.pk
    assert (
        "The link to that page of results was not valid" in get_list(client, cursor=tampered).content.decode()
    )


def test_cursor_from_another_sort_order_quietly_shows_the_first_page(client):
    first = live_job()
    live_copies(first, 24)
    next_url = get_list(client, sort="salary").context["next_url"]
    cursor = dict(parse_qsl(urlsplit(next_url).query))["cursor"]

    response = get_list(client, sort="closing", cursor=cursor)

    assert response.context["page"].number == 1
    assert "govuk-error-summary" not in response.content.decode()


def test_only_get_is_allowed(client):
    assert client.post(LIST_URL).status_code == 405


PARAMETERS = [*FILTER_PARAMS, "sort", "cursor"]
ANY_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=40)
VALUES = st.one_of(
    ANY_TEXT,
    st.from_regex(r"[-+£]?[0-9,. e]{0,12}", fullmatch=True),
    st.from_regex(r"[a-z_-]{0,20}", fullmatch=True),
    st.sampled_from(
        ["hackney", "data", "mid", "permanent", "hybrid", "1", "7", "30", "relevance", "salary", ""]
    ),
)


@settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    query=st.dictionaries(st.sampled_from(PARAMETERS), st.lists(VALUES, min_size=1, max_size=3), max_size=6)
)
def test_no_query_string_breaks_the_list(client, query):
    if not Job.objects.exists():
        live_job()
    response = get_list(client, **query)
    assert response.status_code == 200


# Keyset pagination


@pytest.mark.parametrize("sort", ["newest", "closing", "salary"])
def test_next_walks_every_job_once_in_order_and_previous_comes_back(client, sort):
    now = timezone.now()
    for n in range(45):
        # Ties in every sort key, so that the id must break them.
        live_job(
            published_at=now - timedelta(hours=n // 3),
            closes_at=now + timedelta(days=5 + n // 4),
            salary_min=30_000,
            salary_max=40_000 + 1_000 * (n // 5),
            reference=f"WALK{n}",
        )
    order = {
        "newest": ("-published_at", "-id"),
        "closing": ("closes_at", "id"),
        "salary": ("-salary_max", "-id"),
    }
    expected = list(Job.objects.order_by(*order[sort]).values_list("pk", flat=True))

    pages = []
    url = f"{LIST_URL}?sort={sort}"
    while url:
        response = client.get(url)
        pages.append(listed(response))
        assert response.context["page"].number == len(pages)
        url = response.context["next_url"]
    assert [len(page) for page in pages] == [20, 20, 5]
    assert [pk for page in pages for pk in page] == expected

    back = []
    url = response.context["previous_url"]
    while url:
        response = client.get(url)
        back.append(listed(response))
        url = response.context["previous_url"]
    assert back == pages[-2::-1]
    assert response.context["page"].number == 1


def test_pagination_markup_and_filters_kept_in_page_links(client):
    first = live_job(workplace=Job.Workplace.REMOTE)
    live_copies(first, 24)
    live_job(workplace=Job.Workplace.ON_SITE)

    response = get_list(client, workplace="remote")
    content = response.content.decode()
    assert 'class="govuk-pagination govuk-pagination--block"' in content
    assert 'rel="next"' in content
    assert 'rel="prev"' not in content
    next_query = dict(parse_qsl(urlsplit(response.context["next_url"]).query))
    assert next_query["workplace"] == "remote"

    second = client.get(response.context["next_url"])
    assert len(listed(second)) == 5
    assert 'rel="prev"' in second.content.decode()
    assert second.context["previous_url"] == f"{LIST_URL}?workplace=remote"


# Result count


def test_result_count_wording(client):
    assert ">0 jobs<" in get_list(client).content.decode()
    job = live_job()
    cache.clear()
    assert ">1 job<" in get_list(client).content.decode()
    live_copies(job, 41)
    cache.clear()
    assert ">42 jobs<" in get_list(client).content.decode()


def test_result_count_is_capped_at_a_thousand(client):
    live_copies(live_job(), 1_000)
    response = get_list(client)
    assert response.context["count"].more
    assert ">1,000+ jobs<" in response.content.decode()


def test_result_count_is_cached_for_the_same_filters(client):
    live_copies(live_job(), 5)
    with CaptureQueriesContext(connection) as first:
        get_list(client, workplace="hybrid")
    with CaptureQueriesContext(connection) as second:
        response = get_list(client, workplace="hybrid")
    counts = [query for query in first.captured_queries if "COUNT(" in query["sql"].upper()]
    assert len(counts) == 1
    assert not [query for query in second.captured_queries if "COUNT(" in query["sql"].upper()]
    assert ">6 jobs<" in response.content.decode()


# Feeds and query budget


def test_page_links_to_feeds_for_the_current_filters(client):
    response = get_list(client, workplace="remote", sort="salary")
    content = response.content.decode()
    rss = f"{reverse('jobs:feed-rss')}?workplace=remote"
    atom = f"{reverse('jobs:feed-atom')}?workplace=remote"
    assert (
        f'<link rel="alternate" type="application/rss+xml" title="RSS feed of these jobs" href="{rss}">'
        in content
    )
    assert (
        f'<link rel="alternate" type="application/atom+xml" title="Atom feed of these jobs" href="{atom}">'
        in content
    )
    assert re.search(rf'<a class="govuk-link" href="{re.escape(rss)}">RSS feed', content)


BUDGET_QUERY = {
    "q": "analyst",
    "organisation": "hackney",
    "role_family": "data",
    "level": "mid",
    "min_salary": "40000",
    "workplace": "hybrid",
    "posted_within": "30",
}


def queries_for(client, params) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = get_list(client, **params)
    assert response.status_code == 200
    return len(context)


@pytest.mark.parametrize("params", [{}, BUDGET_QUERY, {**BUDGET_QUERY, "sort": "closing"}])
def test_list_makes_the_same_few_queries_for_one_job_as_for_500(
    client, django_assert_max_num_queries, params
):
    job = live_job(title="Data analyst", role=Role.objects.get(slug="data-analyst"))
    with django_assert_max_num_queries(6):
        one = queries_for(client, params)

    live_copies(job, 499)
    with django_assert_max_num_queries(6):
        many = queries_for(client, params)
    deep = client.get(get_list(client, **params).context["next_url"])
    assert len(listed(deep)) == 20

    assert one == many
    assert Job.objects.count() == 500


# Postgres full text


@pytest.mark.postgres
def test_postgres_search_stems_words_and_offers_best_match(client):
    in_title = live_job(
        title="Data analyst",
        published_at=timezone.now() - timedelta(days=2),
        description="<p>Reporting for services.</p>",
    )
    in_text = live_job(
        title="Delivery manager", description="<p>Work with our analyst on analysing service data.</p>"
    )
    live_job(title="Senior service designer", description="<p>Design with residents.</p>")

    newest = get_list(client, q="analysts")
    assert newest.context["order"].name == "newest"
    assert listed(newest) == [in_text.pk, in_title.pk]
    assert '<option value="relevance">Best match</option>' in newest.content.decode()
    # A match in the title weighs more than one in the text.
    assert listed(get_list(client, q="analysts", sort="relevance")) == [in_title.pk, in_text.pk]
    assert listed(get_list(client, q='"analysing service"')) == [in_text.pk]
    assert listed(get_list(client, q="analyst -reporting")) == [in_text.pk]


def test_best_match_is_offered_only_for_a_postgres_search(client):
    live_job()
    content = get_list(client).content.decode()
    assert 'value="relevance"' not in content
    assert get_list(client, sort="relevance").context["order"].name == "newest"


@pytest.mark.postgres
def test_postgres_best_match_pages_walk_every_match_once(client):
    for n in range(25):
        live_job(
            description=f"<p>{'geospatial ' * (1 + n % 4)}mapping work number {n}.</p>", reference=f"GEO{n}"
        )
    live_job(description="<p>Something else.</p>")

    seen = []
    url = f"{LIST_URL}?q=geospatial&sort=relevance"
    while url:
        response = client.get(url)
        assert response.context["order"].name == "relevance"
        seen.extend(listed(response))
        url = response.context["next_url"]
    assert len(seen) == 25
    assert len(set(seen)) == 25

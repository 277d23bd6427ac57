import pytest
from django.urls import reverse

from jobs.models import Job
from tests.accounts.factories import UserFactory
from tests.fixtures import sign_in
from tests.jobs.factories import JobFactory

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_get_a_cached_page_that_any_job_change_refreshes(
    client, django_assert_max_num_queries
):
    JobFactory(status=Job.Status.PUBLISHED, title="Data analyst")
    url = reverse("jobs:list") + "?q=analyst"
    first = client.get(url)
    assert first.context is not None
    with django_assert_max_num_queries(1):
        second = client.get(url)
    assert second.context is None
    assert "Data analyst" in second.content.decode()

    JobFactory(status=Job.Status.PUBLISHED, title="Senior data analyst")
    third = client.get(url)
    assert third.context is not None
    assert "Senior data analyst" in third.content.decode()


def test_the_same_search_in_another_order_shares_the_page(client):
    JobFactory(status=Job.Status.PUBLISHED)
    client.get(reverse("jobs:list") + "?workplace=hybrid&q=data")
    response = client.get(reverse("jobs:list") + "?q=data&workplace=hybrid")
    assert response.context is None


def test_a_cached_page_carries_the_visitors_own_csrf_token(client):
    JobFactory(status=Job.Status.PUBLISHED)
    client.get(reverse("jobs:list"))
    response = client.get(reverse("jobs:list"))
    assert response.context is None
    token = response.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert token
    assert "\x00" not in token
    assert response.cookies["csrftoken"].value


def test_signed_in_people_are_never_served_a_cached_page(client):
    JobFactory(status=Job.Status.PUBLISHED)
    client.get(reverse("jobs:list"))
    sign_in(client, UserFactory(email="kim@example.com"))
    response = client.get(reverse("jobs:list"))
    assert response.context is not None
    assert 'value="kim@example.com"' in response.content.decode()

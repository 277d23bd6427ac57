import pytest

from accounts.models import Organisation

pytestmark = pytest.mark.django_db


def test_seed_has_every_london_borough_the_city_and_partners():
    assert Organisation.objects.boroughs().count() == 33
    assert Organisation.objects.count() == 36
    codes = set(Organisation.objects.boroughs().values_list("ons_code", flat=True))
    assert codes == {f"E090000{n:02d}" for n in range(1, 34)}
    assert set(Organisation.objects.filter(kind="partner").values_list("slug", flat=True)) == {
        "loti",
        "london-councils",
        "gla",
    }


def test_inner_london_follows_the_ons_definition():
    inner = set(Organisation.objects.filter(area="inner").values_list("short_name", flat=True))
    assert len(inner) == 14
    assert {"Hackney", "Haringey", "Newham", "City of London", "Westminster"} <= inner
    assert "Greenwich" not in inner


def test_every_organisation_has_an_email_domain():
    assert not Organisation.objects.filter(domains__isnull=True).exists()


@pytest.mark.parametrize(
    ("domain", "slug"),
    [
        ("hackney.gov.uk", "hackney"),
        ("HACKNEY.GOV.UK", "hackney"),
        ("digital.hackney.gov.uk", "hackney"),
        ("lbbd.gov.uk", "barking-and-dagenham"),
        ("loti.london", "loti"),
    ],
)
def test_email_domains_resolve_to_their_organisation(domain, slug):
    assert list(Organisation.objects.for_email_domain(domain).values_list("slug", flat=True)) == [slug]


@pytest.mark.parametrize(
    "domain", ["gmail.com", "nothackney.gov.uk", "hackney.gov.uk.evil.example", "gov.uk", "uk"]
)
def test_other_domains_belong_to_nobody(domain):
    assert not Organisation.objects.for_email_domain(domain).exists()

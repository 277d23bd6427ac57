"""seed_demo's job descriptions: idempotent, sized by --jds, valid, indexed as the services index them."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.demo import DEMO_STAFF
from capability.models import Level, Role
from jd_library.demo import DEFAULT_COUNT, DEMO_BOROUGHS
from jd_library.models import JobDescription
from jd_library.services import SECTION_FIELDS, _search_document, jd_update
from loti_portal.richtext import clean_html
from tests.jd_library.factories import JobDescriptionFactory

pytestmark = pytest.mark.django_db

Status = JobDescription.Status
DEMO_STAFF_EMAILS = {email for email, _name, _lead in DEMO_STAFF}
SKILL_LEVELS = ("(awareness)", "(working)", "(practitioner)", "(expert)")


def seed_demo(**options) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, jobs=0, **options)
    return out.getvalue()


@pytest.fixture
def seeded() -> list[JobDescription]:
    seed_demo()
    return list(JobDescription.objects.with_related().select_related("created_by").order_by("pk"))


def test_seeding_twice_keeps_the_same_demo_jds():
    own = JobDescriptionFactory(title="Borough's own JD")
    output = seed_demo()
    first = set(JobDescription.objects.exclude(pk=own.pk).values_list("pk", "title", "organisation_id"))
    assert f"Demo JDs: {DEFAULT_COUNT} created, {DEFAULT_COUNT} in place." in output

    output = seed_demo()

    assert len(first) == DEFAULT_COUNT
    assert (
        set(JobDescription.objects.exclude(pk=own.pk).values_list("pk", "title", "organisation_id")) == first
    )
    assert f"Demo JDs: {DEFAULT_COUNT} in place." in output
    assert JobDescription.objects.filter(pk=own.pk, title="Borough's own JD").exists()


def test_jds_option_sets_the_total_keeping_jds_already_in_place():
    seed_demo(jds=30)
    assert JobDescription.objects.count() == 30
    kept = set(JobDescription.objects.values_list("pk", flat=True))

    seed_demo(jds=50)
    assert JobDescription.objects.count() == 50
    assert kept <= set(JobDescription.objects.values_list("pk", flat=True))

    output = seed_demo(jds=30)
    assert "20 removed" in output
    assert set(JobDescription.objects.values_list("pk", flat=True)) == kept

    seed_demo(jds=0)
    assert not JobDescription.objects.exists()


def test_an_edited_demo_jd_is_left_alone_and_its_number_made_again():
    seed_demo(jds=30)
    draft = JobDescription.objects.filter(status__in=JobDescription.EDITABLE).first()
    jd_update(jd=draft, by=None, data={"title": "Our own data analyst"})

    seed_demo(jds=30)

    assert JobDescription.objects.count() == 31
    assert JobDescription.objects.get(pk=draft.pk).title == "Our own data analyst"


def test_large_numbers_go_in_over_several_batches():
    output = seed_demo(jds=1_005)
    assert "Demo JDs: 1005 created, 1005 in place." in output
    assert JobDescription.objects.count() == 1_005
    assert JobDescription.objects.filter(search_document="").count() == 0


def test_every_demo_jd_is_valid_and_indexed_as_the_services_index_it(seeded):
    now = timezone.now()
    assert len(seeded) == DEFAULT_COUNT
    for jd in seeded:
        jd.full_clean()
        assert jd.search_document == _search_document(jd)
        for field in SECTION_FIELDS:
            html = getattr(jd, field)
            assert html, (jd.pk, field)
            assert html == clean_html(html)
        assert 2021 <= jd.year_advertised <= 2026
        assert jd.salary_max >= jd.salary_min >= 20_000
        assert jd.hours_per_week in (35, 36, 37)
        assert jd.london_weighting_included
        assert "<li>" in jd.responsibilities
        assert 5 <= jd.responsibilities.count("<li>") <= 8
        assert "<li>" in jd.person_specification
        assert any(level in jd.skills for level in SKILL_LEVELS)
        assert "flexible" in jd.purpose
        assert bool(jd.rejection_reason) == (jd.status == Status.REJECTED)
        assert (jd.submitted_at is None) == (jd.status == Status.DRAFT)
        if jd.status in (Status.PUBLISHED, Status.ARCHIVED):
            assert jd.submitted_at < jd.published_at < now
            assert jd.published_at.year == jd.year_advertised
        else:
            assert jd.published_at is None
            assert jd.submitted_at is None or jd.submitted_at < now


def test_pay_follows_the_level(seeded):
    by_level = {}
    for jd in seeded:
        by_level.setdefault(jd.level.slug, []).append(jd)
    for jd in by_level["apprentice"]:
        assert 20_000 <= jd.salary_min <= jd.salary_max <= 26_000
        assert jd.contract_type == "apprenticeship"
    for jd in by_level.get("head-of", []) + by_level.get("director", []):
        assert jd.salary_max >= 75_000
    mids = [jd.salary_max for jd in by_level["mid"] if jd.year_advertised == 2025]
    assert all(38_000 <= pay <= 50_000 for pay in mids)


def test_demo_jds_spread_over_boroughs_roles_levels_and_years(seeded):
    assert len({jd.organisation_id for jd in seeded}) >= 30
    assert {jd.role.family.slug for jd in seeded} >= {"data", "software-development", "user-centred-design",
                                                      "product-and-delivery", "it-operations"}  # fmt: skip
    assert len({jd.role_id for jd in seeded}) >= 25
    assert {jd.level.slug for jd in seeded} == set(Level.objects.values_list("slug", flat=True))
    assert {jd.year_advertised for jd in seeded} == set(range(2021, 2027))
    assert Role.objects.filter(pk__in={jd.role_id for jd in seeded}).count() == len(
        {jd.role_id for jd in seeded}
    )


def test_statuses_are_mixed_with_pending_jds_in_the_demo_boroughs(seeded):
    statuses = Counter(jd.status for jd in seeded)
    assert statuses[Status.PUBLISHED] >= DEFAULT_COUNT * 0.7
    assert statuses[Status.SUBMITTED] >= 3
    assert statuses[Status.REJECTED] >= 1
    assert statuses[Status.DRAFT] >= 1
    assert statuses[Status.ARCHIVED] >= 1
    pending = [jd for jd in seeded if jd.status in (Status.DRAFT, Status.SUBMITTED, Status.REJECTED)]
    assert {jd.organisation.slug for jd in pending} <= set(DEMO_BOROUGHS)
    for jd in pending:
        assert jd.created_by.email in DEMO_STAFF_EMAILS
        assert jd.created_by.memberships.filter(organisation=jd.organisation).exists()


def test_about_ten_exemplars_each_with_a_note(seeded):
    exemplars = [jd for jd in seeded if jd.is_exemplar]
    assert 7 <= len(exemplars) <= 14
    for jd in exemplars:
        assert jd.status == Status.PUBLISHED
        assert len(jd.exemplar_note) > 40
    assert all(not jd.exemplar_note for jd in seeded if not jd.is_exemplar)


def test_titles_and_texts_vary(seeded):
    assert len({jd.title for jd in seeded}) >= 40
    assert len({jd.purpose for jd in seeded}) == DEFAULT_COUNT
    assert len({jd.grade_label for jd in seeded}) >= 15

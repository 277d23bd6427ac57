"""RSS and Atom feeds of the newest visible jobs, taking the list's filters (bad values are left out)."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import format_html

from .filters import SORT_ORDERS, JobFilterSet
from .models import Job
from .selectors import count_capped
from .templatetags.jobs_tags import london_datetime, salary_range

FEED_SIZE = 50


@dataclass(frozen=True)
class FeedQuery:
    filterset: JobFilterSet
    path: str


class JobsRssFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "en-gb"

    def get_object(self, request, *args, **kwargs):
        return FeedQuery(filterset=JobFilterSet(request.GET), path=request.get_full_path())

    def title(self, query: FeedQuery) -> str:
        described = query.filterset.describe()
        return f"{settings.SERVICE_NAME} jobs" + (f" \u2013 {described}" if described else "")

    def link(self, query: FeedQuery) -> str:
        return query.filterset.url(reverse("jobs:list"), sort=False)

    def feed_url(self, query: FeedQuery) -> str:
        return query.path

    def description(self, query: FeedQuery) -> str:
        described = query.filterset.describe()
        return "The newest digital, data and technology jobs in London's boroughs" + (
            f" matching {described}" if described else ""
        )

    def items(self, query: FeedQuery):
        filterset = query.filterset
        # As on the list: when few jobs match, let the database sort them rather than walk an index.
        count = count_capped(filterset.qs, key=filterset.params(sort=False))
        ordering = [key.ordering(sorted_in_memory=not count.more) for key in SORT_ORDERS["newest"].keys]
        return filterset.qs.with_related().order_by(*ordering)[:FEED_SIZE]

    def item_title(self, job: Job) -> str:
        return f"{job.title} \u2013 {job.organisation.display_name}"

    def item_description(self, job: Job) -> str:
        # Feed readers show descriptions (and Atom's type="html" summaries) as HTML.
        return format_html(
            "<p>{}</p><p>Salary: {} a year<br>Closes {}</p>",
            job.summary,
            salary_range(job),
            london_datetime(job.closes_at),
        )

    def item_link(self, job: Job) -> str:
        return job.get_absolute_url()

    def item_guid(self, job: Job) -> str:
        # A tag URI (RFC 4151): the same job keeps the same id whatever host or title it is seen under.
        return f"tag:skills.loti.london,2025:jobs/{job.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, job: Job):
        return job.published_at

    def item_updateddate(self, job: Job):
        return job.updated_at

    def item_author_name(self, job: Job) -> str:
        return job.organisation.name

    def item_categories(self, job: Job) -> list[str]:
        return [job.role.family.name, job.level.name]


class JobsAtomFeed(JobsRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, query: FeedQuery) -> str:
        return self.description(query)

"""/sitemap.xml: the open jobs and the site's static public pages."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .selectors import jobs_for_sitemap


class JobSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return jobs_for_sitemap()

    def lastmod(self, job):
        return job.updated_at


class StaticPagesSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return ["home", "jobs:list", "accessibility", "privacy"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {"jobs": JobSitemap, "pages": StaticPagesSitemap}

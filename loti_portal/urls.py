from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from jobs.sitemaps import SITEMAPS

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("jobs/", include("jobs.urls")),
    path("alerts/", include("jobs.alerts.urls")),
    path("jd-library/", include("jd_library.urls")),
    path("salaries/", include("salaries.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("accounts/", include("allauth.urls")),
    path("account/", include("accounts.urls")),
    path("admin/", admin.site.urls),
]

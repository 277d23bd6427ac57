"""The portal's URLs plus the minimal reference view, served only by the benchmark's gunicorn."""

from django.urls import path

from benchmarks.minimal import minimal
from loti_portal.urls import urlpatterns as portal_urlpatterns

urlpatterns = [
    path("bench/minimal/", minimal, name="bench-minimal"),
    *portal_urlpatterns,
]

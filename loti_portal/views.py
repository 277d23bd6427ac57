from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.models import Organisation
from jd_library.models import JobDescription
from jobs.models import Job

from .health import health_report


def portal_counts() -> list[dict]:
    """Live figures for the home page; each part of the portal adds its own as it lands."""
    return [
        {"label": "open jobs", "figure": Job.objects.visible().count()},
        {"label": "job descriptions", "figure": JobDescription.objects.published().count()},
        {"label": "organisations", "figure": Organisation.objects.count()},
    ]


@require_GET
def home(request):
    return render(request, "pages/home.html", {"counts": portal_counts()})


@require_GET
def accessibility(request):
    return render(request, "pages/accessibility.html")


@require_GET
def privacy(request):
    return render(request, "pages/privacy.html")


@never_cache
@require_GET
def healthz(request):
    healthy, report = health_report()
    return JsonResponse(report, status=200 if healthy else 503)

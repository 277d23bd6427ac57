"""The reference view for web benchmarks: the least a Django view can do, behind the portal's middleware."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def minimal(request):
    return HttpResponse("ok", content_type="text/plain")

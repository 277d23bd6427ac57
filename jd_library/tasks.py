from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from .models import JobDescription

DECISIONS = {JobDescription.Status.PUBLISHED: "published", JobDescription.Status.REJECTED: "rejected"}


@shared_task(
    acks_late=True, autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=3600, max_retries=8
)
def send_jd_decision_email(jd_id: int, decision: str) -> bool:
    """Tell the uploader LOTI published their JD, or sent it back with the reason.

    Sends only while the JD is still in the state the decision made (`decision`), so a retry after the JD
    moved on sends nothing stale. Returns whether an email was sent.
    """
    template = DECISIONS.get(decision)
    jd = (
        JobDescription.objects.select_related("organisation", "created_by")
        .filter(pk=jd_id, status=decision)
        .first()
    )
    if template is None or jd is None or jd.created_by is None:
        return False
    context = {"jd": jd, "site_url": settings.SITE_URL}
    subject = render_to_string(f"jd_library/email/{template}_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"jd_library/email/{template}.txt", context),
        to=[jd.created_by.email],
    )
    message.attach_alternative(render_to_string(f"jd_library/email/{template}.html", context), "text/html")
    message.send()
    return True

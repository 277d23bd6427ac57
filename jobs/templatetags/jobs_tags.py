"""How jobs read: salary ranges as "£X to £Y" and closing times as "11:55pm on Wednesday 22 January 2025"."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django import template
from django.utils import timezone

register = template.Library()
LONDON = ZoneInfo("Europe/London")


@register.filter
def pounds(value) -> str:
    return f"£{int(value):,}"


@register.filter
def salary_range(job) -> str:
    if job.salary_min == job.salary_max:
        return pounds(job.salary_min)
    return f"{pounds(job.salary_min)} to {pounds(job.salary_max)}"


def govuk_time(moment: datetime) -> str:
    """GOV.UK style: 9am, 5:30pm, midday, midnight."""
    if moment.hour == 12 and moment.minute == 0:
        return "midday"
    if moment.hour == 0 and moment.minute == 0:
        return "midnight"
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes}{'am' if moment.hour < 12 else 'pm'}"


@register.filter
def london_datetime(value: datetime) -> str:
    """'11:55pm on Wednesday 22 January 2025', in Europe/London whatever the server's zone."""
    moment = timezone.localtime(value, LONDON)
    return f"{govuk_time(moment)} on {moment:%A} {moment.day} {moment:%B %Y}"


@register.filter
def london_date(value: datetime) -> str:
    moment = timezone.localtime(value, LONDON)
    return f"{moment.day} {moment:%B %Y}"

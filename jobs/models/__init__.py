from .alert import AlertConfirmationLog, AlertDelivery, AlertRun, AlertSubscription
from .job import Job, JobQuerySet

__all__ = [
    "AlertConfirmationLog",
    "AlertDelivery",
    "AlertRun",
    "AlertSubscription",
    "Job",
    "JobQuerySet",
]

from celery import shared_task

from .services import users_purge_unverified


@shared_task(acks_late=True)
def purge_unverified_accounts() -> int:
    """Delete accounts whose email was never verified within the allowed time. Safe to run twice."""
    return users_purge_unverified()

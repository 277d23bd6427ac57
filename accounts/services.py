"""Writes for accounts: memberships, personal data export and account deletion."""

from __future__ import annotations

import logging
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import personal_data
from .models import Membership, Organisation, User

logger = logging.getLogger(__name__)


def membership_grant_for_email(*, user: User, email: str) -> list[Membership]:
    """Make `user` staff of every organisation owning the domain of `email`, a verified address.

    Idempotent: an existing membership (and its role) is kept. The caller must have verified `email`;
    memberships are never created from anything a user types into a form.
    """
    domain = email.rsplit("@", 1)[-1]
    memberships = []
    with transaction.atomic():
        for organisation in Organisation.objects.for_email_domain(domain):
            membership, created = Membership.objects.get_or_create(
                user=user,
                organisation=organisation,
                defaults={"role": Membership.Role.STAFF, "verified_email": email.lower()},
            )
            if created:
                logger.info("membership created: user %s joins %s", user.pk, organisation.slug)
            memberships.append(membership)
    return memberships


def membership_set_role(*, membership: Membership, role: str) -> Membership:
    """Promote to borough lead or return to staff (LOTI admins only, through Django admin)."""
    if role not in Membership.Role.values:
        raise ValueError(f"Unknown role {role!r}")
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


def user_export_data(*, user: User) -> dict:
    """Everything the portal holds about `user`, as JSON-ready data, with what other apps hold for them and
    their verified addresses (accounts.personal_data)."""
    return {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "memberships": [
            {
                "organisation": m.organisation.name,
                "role": m.get_role_display(),
                "verified_email": m.verified_email,
                "since": m.created_at.isoformat(),
            }
            for m in user.memberships.select_related("organisation")
        ],
        **personal_data.export_for(user),
    }


def user_delete(*, user: User) -> None:
    """Delete `user` and their personal data: account, addresses, memberships, MFA devices, and what other
    apps hold for them and their verified addresses (accounts.personal_data: job alerts, for example).

    One transaction. Other sessions of the user die with the account (Django finds no user for them).
    Records that belong to an organisation rather than a person (jobs, JDs) stay with their organisation
    and lose only the link to the person (their foreign keys are SET_NULL).
    """
    user_id = user.pk
    with transaction.atomic():
        personal_data.erase_for(user)
        user.delete()
    logger.info("account %s deleted at the user's request", user_id)


def users_purge_unverified(*, now=None) -> int:
    """Delete accounts that never verified an email address within ACCOUNT_UNVERIFIED_RETENTION_DAYS.

    Such accounts could never sign in (verification is mandatory), so they hold personal data for no use.
    Idempotent: a second run finds nothing more to delete. Staff and superusers are never purged.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.ACCOUNT_UNVERIFIED_RETENTION_DAYS)
    verified = EmailAddress.objects.filter(verified=True).values("user_id")
    stale = User.objects.filter(date_joined__lt=cutoff, is_staff=False, is_superuser=False).exclude(
        id__in=verified
    )
    with transaction.atomic():
        _, per_model = stale.delete()
    deleted = per_model.get(User._meta.label, 0)
    if deleted:
        logger.info("purged %s unverified accounts older than %s", deleted, cutoff.date())
    return deleted

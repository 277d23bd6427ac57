"""Who may see or change what. Every view asks here; nothing else decides.

A member acts for their own organisation only. LOTI admins (Django staff in the "LOTI admins" group, or
superusers) may act for every organisation. Anything with an `organisation` attribute can be checked.
"""

from __future__ import annotations

from typing import Protocol

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from .models import LOTI_ADMINS_GROUP, LOTI_RECRUITERS_GROUP, Membership, Organisation, User

AnyUser = User | AnonymousUser


class OwnedByOrganisation(Protocol):
    organisation_id: int


def _in_group(user: AnyUser, group: str) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    cache_attr = "_loti_group_names"
    if not hasattr(user, cache_attr):
        setattr(user, cache_attr, set(user.groups.values_list("name", flat=True)))
    return group in getattr(user, cache_attr)


def is_loti_admin(user: AnyUser) -> bool:
    """Django staff in the LOTI admins group, or a superuser."""
    if not user.is_authenticated or not user.is_active or not user.is_staff:
        return False
    return user.is_superuser or _in_group(user, LOTI_ADMINS_GROUP)


def is_loti_recruiter(user: AnyUser) -> bool:
    return is_loti_admin(user) or _in_group(user, LOTI_RECRUITERS_GROUP)


def memberships_of(user: AnyUser) -> QuerySet[Membership]:
    if not user.is_authenticated or not user.is_active:
        return Membership.objects.none()
    return Membership.objects.filter(user=user).select_related("organisation")


def organisation_ids_for(user: AnyUser) -> set[int]:
    """Ids of the organisations `user` is a member of (cached on the user for the request)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if not hasattr(user, "_loti_org_ids"):
        user._loti_org_ids = set(memberships_of(user).values_list("organisation_id", flat=True))
    return user._loti_org_ids


def organisations_for(user: AnyUser) -> QuerySet[Organisation]:
    """Organisations `user` may act for: their own, or all of them for a LOTI admin."""
    if is_loti_admin(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(id__in=organisation_ids_for(user))


def is_member(user: AnyUser) -> bool:
    """Borough staff (of any organisation)."""
    return bool(organisation_ids_for(user))


def can_act_for(user: AnyUser, organisation: Organisation | int) -> bool:
    """May `user` create or change things on behalf of `organisation`?"""
    if is_loti_admin(user):
        return True
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    return org_id in organisation_ids_for(user)


def is_lead_of(user: AnyUser, organisation: Organisation | int) -> bool:
    if is_loti_admin(user):
        return True
    if not user.is_authenticated:
        return False
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    return memberships_of(user).leads().filter(organisation_id=org_id).exists()


def can_change(user: AnyUser, obj: OwnedByOrganisation) -> bool:
    """May `user` change `obj`, a thing owned by an organisation?"""
    return can_act_for(user, obj.organisation_id)


def require_change(user: AnyUser, obj: OwnedByOrganisation) -> None:
    if not can_change(user, obj):
        raise PermissionDenied("You can only change your own organisation's records.")


def require_member(user: AnyUser) -> None:
    if not (is_member(user) or is_loti_admin(user)):
        raise PermissionDenied("Only staff of a member organisation can do this.")

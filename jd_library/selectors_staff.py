"""Reads for borough staff's side of the JD library: the job descriptions a user manages.

Who may manage what is decided in accounts.access; these only turn its answers into querysets.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts import access
from accounts.models import Organisation

from .models import JobDescription


def jds_managed_by(user, *, organisation: Organisation | None = None) -> QuerySet[JobDescription]:
    """The JDs of the organisations `user` acts for (every organisation's for a LOTI admin), or of one of
    them when `organisation` is given. Empty for anyone else."""
    jds = JobDescription.objects.all()
    if organisation is not None:
        if not access.can_act_for(user, organisation):
            return jds.none()
        return jds.filter(organisation=organisation)
    if access.is_loti_admin(user):
        return jds
    return jds.filter(organisation_id__in=access.organisation_ids_for(user))


def jd_for_change(user, pk: int) -> JobDescription:
    """The JD `pk` with its organisation, role and level, if `user` may change it.

    Raises Http404 when there is no such JD and PermissionDenied when the user may not change it.
    """
    jd = get_object_or_404(JobDescription.objects.with_related(), pk=pk)
    access.require_change(user, jd)
    return jd

"""Hooks into django-allauth (the one place signals are used: a third-party app's events)."""

from allauth.account.signals import email_confirmed
from django.dispatch import receiver

from .services import membership_grant_for_email


@receiver(email_confirmed)
def grant_membership_on_verified_email(sender, request, email_address, **kwargs):
    membership_grant_for_email(user=email_address.user, email=email_address.email)

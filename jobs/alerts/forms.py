"""Forms for job alerts. The filters themselves are the jobs list's (JobFilterSet); these add the rest."""

from __future__ import annotations

from django import forms

from ..models import AlertSubscription

EMAIL_MESSAGES = {
    "required": "Enter your email address",
    "invalid": "Enter an email address in the correct format, like name@example.com",
    "max_length": "Email address must be 254 characters or fewer",
}


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages=EMAIL_MESSAGES,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )


class AccountSubscribeForm(forms.Form):
    """A signed-in person chooses one of their verified addresses."""

    email = forms.ChoiceField(
        label="Send the alert to",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the email address", "invalid_choice": "Select the email address"},
    )

    def __init__(self, *args, addresses: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].choices = [(address, address) for address in addresses]
        if len(addresses) == 1:
            self.fields["email"].initial = addresses[0]


class UnsubscribeForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why are you unsubscribing?",
        required=False,
        widget=forms.RadioSelect,
        choices=[
            (value, label)
            for value, label in AlertSubscription.Reason.choices
            if value != AlertSubscription.Reason.ONE_CLICK
        ],
        error_messages={"invalid_choice": "Select one of the reasons, or none"},
    )
    feedback = forms.CharField(
        label="Anything else you want to tell us",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Your comments must be 1,000 characters or fewer"},
    )

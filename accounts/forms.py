from allauth.account import forms as allauth_forms
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from . import access
from .models import Organisation


def organisation_field(*, required: str, invalid: str, label: str = "Organisation") -> forms.ModelChoiceField:
    """The organisation a new record is for, chosen from none until the form sets the person's own."""
    return forms.ModelChoiceField(
        label=label,
        queryset=Organisation.objects.none(),
        empty_label="Choose an organisation",
        error_messages={"required": required, "invalid_choice": invalid},
    )


class OrganisationRecordForm(forms.ModelForm):
    """A record borough staff write for their organisation (a job, a JD).

    `organisation` is offered only on a new record, to people who may act for more than one; otherwise
    `single_organisation` is theirs. A service's ValidationError is shown on the fields it names.
    """

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        mine = access.organisations_for(user).order_by("name")
        first_two = list(mine[:2])
        if self.instance.pk is None and len(first_two) > 1:
            self.fields["organisation"].queryset = mine
        else:
            del self.fields["organisation"]
        self.single_organisation = first_two[0] if len(first_two) == 1 else None
        # GOV.UK: no maxlength attributes; too long a value gets an error message instead of being cut off.
        for field in self.fields.values():
            field.widget.attrs.pop("maxlength", None)

    def organisation_to_create_for(self):
        """The organisation chosen (or the only one), if the person may act for it; else None."""
        organisation = self.cleaned_data.get("organisation") or self.single_organisation
        if organisation is None or not access.can_act_for(self.user, organisation):
            return None
        return organisation

    def clean(self):
        cleaned = super().clean()
        salary_min, salary_max = cleaned.get("salary_min"), cleaned.get("salary_max")
        if salary_min is not None and salary_max is not None and salary_max < salary_min:
            self.add_error("salary_max", "Maximum salary must be the same as or more than the minimum salary")
        return cleaned

    def add_service_errors(self, error: ValidationError) -> None:
        """Show a service's ValidationError on the fields it names, and the rest above the form."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, errors in error.error_dict.items():
            self.add_service_error(name, errors)

    def add_service_error(self, name: str, errors) -> None:
        if name in self.fields and name != NON_FIELD_ERRORS:
            self.add_error(name, errors)
        else:
            self.add_error(None, errors)


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand that my account and personal data will be deleted and cannot be recovered",
        error_messages={"required": "Confirm that you want to delete your account"},
    )


class LoginForm(allauth_forms.LoginForm):
    """allauth's sign-in form with GOV.UK wording."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Email address"
        self.fields["login"].error_messages["required"] = "Enter your email address"
        self.fields["password"].error_messages["required"] = "Enter your password"
        if "remember" in self.fields:
            self.fields["remember"].label = "Keep me signed in on this device"


class SignupForm(allauth_forms.SignupForm):
    """allauth's sign-up form with GOV.UK wording. Nothing here decides organisation membership."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].error_messages["required"] = "Enter your email address"
        self.fields["password1"].error_messages["required"] = "Enter a password"
        self.fields["password2"].label = "Confirm password"
        self.fields["password2"].error_messages["required"] = "Confirm your password"

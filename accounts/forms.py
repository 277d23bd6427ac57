from allauth.account import forms as allauth_forms
from django import forms


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

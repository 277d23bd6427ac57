from django import forms


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand that my account and personal data will be deleted and cannot be recovered",
        error_messages={"required": "Confirm that you want to delete your account"},
    )

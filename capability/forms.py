from itertools import groupby
from operator import attrgetter

from django import forms
from django.forms.models import ModelChoiceIterator

from .models import Level, Role


class RoleChoiceIterator(ModelChoiceIterator):
    """Roles grouped by role family, for a select with one optgroup a family."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for family, roles in groupby(self.queryset, key=attrgetter("family")):
            yield (family.name, [self.choice(role) for role in roles])


class RoleChoiceField(forms.ModelChoiceField):
    """A role, chosen from a select grouped by role family (the queryset must select_related family)."""

    iterator = RoleChoiceIterator


def role_field() -> RoleChoiceField:
    return RoleChoiceField(
        label="Role",
        queryset=Role.objects.select_related("family").order_by("family__position", "family__name", "name"),
        empty_label="Choose a role",
        help_text="The closest role in the London digital, data and technology roles list",
        error_messages={"required": "Select the role", "invalid_choice": "Select a role from the list"},
    )


def level_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label="Level",
        queryset=Level.objects.order_by("rank"),
        empty_label="Choose a level",
        error_messages={"required": "Select the level", "invalid_choice": "Select a level from the list"},
    )

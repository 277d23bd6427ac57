from itertools import groupby
from operator import attrgetter

from django import forms
from django.forms.models import ModelChoiceIterator


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

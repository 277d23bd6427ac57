"""The salaries page's filters (a GET form). A value that cannot be used is an error naming the filter:
that filter is left out and the others still apply, so no query string can fail the page."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property

from .records import FIRST_YEAR, LAST_YEAR, Area, Source, View, Weighting
from .selectors import Catalogue, Choice


def _quoted(value) -> str:
    text = " ".join(str(value).replace("\x00", " ").split())
    shown = f"{text[:40]}\u2026" if len(text) > 40 else text
    return f"\u2018{shown}\u2019"


class NamedChoiceField(forms.ChoiceField):
    """One value from a list; an unknown value gets `invalid_message` with the value quoted."""

    def __init__(self, *, invalid_message: str, **kwargs):
        self.invalid_message = invalid_message
        super().__init__(**kwargs)

    def validate(self, value):
        if value not in self.empty_values and not self.valid_value(value):
            raise ValidationError(self.invalid_message.format(value=_quoted(value)), code="invalid_choice")


class YearField(forms.IntegerField):
    def __init__(self, *, label: str, **kwargs):
        super().__init__(
            label=label,
            required=False,
            min_value=FIRST_YEAR,
            max_value=LAST_YEAR,
            error_messages={
                "invalid": f"{label} must be a year written in full, like 2024",
                "min_value": f"{label} must be {FIRST_YEAR} or later",
                "max_value": f"{label} must be {LAST_YEAR} or earlier",
            },
            widget=forms.TextInput(
                attrs={
                    "class": "govuk-input govuk-input--width-4",
                    "inputmode": "numeric",
                    "spellcheck": "false",
                    "autocomplete": "off",
                }
            ),
            **kwargs,
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
            if len(value) > 10:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


@dataclass(frozen=True)
class Selection:
    """What the page shows, from the valid filters."""

    view: View
    family: Choice | None
    role: Choice | None
    level: Choice | None
    organisation: Choice | None
    csv: bool


# The parameters in the order they appear in links.
PARAMS = ("family", "role", "level", "source", "from_year", "to_year", "area", "weighting", "organisation")


class BenchmarkFilterForm(forms.Form):
    family = NamedChoiceField(
        label="Role family", required=False, invalid_message="There is no role family called {value}"
    )
    role = NamedChoiceField(
        label="Role",
        required=False,
        help_text="Shows each role of its family",
        invalid_message="There is no role called {value}",
    )
    level = NamedChoiceField(
        label="Level", required=False, invalid_message="There is no level called {value}"
    )
    source = NamedChoiceField(
        label="Source",
        required=False,
        choices=Source.choices,
        widget=forms.RadioSelect,
        invalid_message="Source must be jobs and job descriptions, jobs only or job descriptions only, "
        "not {value}",
    )
    from_year = YearField(label="From year")
    to_year = YearField(label="To year")
    area = NamedChoiceField(
        label="Area",
        required=False,
        choices=Area.choices,
        widget=forms.RadioSelect,
        invalid_message="Area must be all London, inner London or outer London, not {value}",
    )
    weighting = NamedChoiceField(
        label="London weighting",
        required=False,
        choices=Weighting.choices,
        widget=forms.RadioSelect,
        invalid_message="London weighting must be included, not included, or included or not, not {value}",
    )
    organisation = NamedChoiceField(
        label="Organisation",
        required=False,
        invalid_message="You can only see the figures of an organisation you belong to, not {value}",
    )
    format = NamedChoiceField(
        label="Format",
        required=False,
        choices=[("csv", "CSV")],
        widget=forms.HiddenInput,
        invalid_message="The only download format is csv, not {value}",
    )

    DEFAULTS = {"source": Source.BOTH, "area": Area.ALL, "weighting": Weighting.EITHER}

    def __init__(self, data, *, names: Catalogue, organisations: tuple[Choice, ...] = ()):
        # A filter left out takes its default, so that its radio shows as chosen.
        data = data.copy()
        for name, default in self.DEFAULTS.items():
            if not data.get(name):
                data[name] = default.value
        super().__init__(data)
        self.names = names
        self.organisations = organisations
        self.fields["family"].choices = [("", "All role families")] + [
            (family.slug, family.name) for family in names.families
        ]
        self.fields["role"].choices = [("", "All roles")] + [
            (
                family.name,
                [(role.slug, role.name) for role in names.roles if role.parent == family.pk],
            )
            for family in names.families
        ]
        self.fields["level"].choices = [("", "All levels")] + [
            (level.slug, level.name) for level in names.levels
        ]
        self.fields["organisation"].choices = [(org.slug, org.name) for org in organisations]
        for name in ("source", "area", "weighting"):
            self.fields[name].widget.attrs["class"] = "govuk-radios--small"

    @cached_property
    def option_groups(self) -> dict[str, list[tuple[str, list[tuple[str, str, bool]]]]]:
        """Each select's options as (group label, [(value, label, selected)]), the ungrouped under "",
        for the template to write out: Django's widget templates cost several times as much to render."""
        groups = {}
        for name in ("family", "role", "level", "organisation"):
            value = self[name].value() or ""
            field_groups: list[tuple[str, list]] = []
            for key, label in self.fields[name].choices:
                if isinstance(label, list | tuple):
                    field_groups.append((key, [(v, text, v == value) for v, text in label]))
                elif field_groups and field_groups[-1][0] == "":
                    field_groups[-1][1].append((key, label, key == value))
                else:
                    field_groups.append(("", [(key, label, key == value)]))
            groups[name] = field_groups
        return groups

    @cached_property
    def radio_options(self) -> dict[str, list[tuple[str, str, bool]]]:
        """Each radio group's (value, label, checked), for the template to write out."""
        return {
            name: [(key, label, key == self[name].value()) for key, label in self.fields[name].choices]
            for name in ("source", "area", "weighting")
        }

    @property
    def year_fields(self):
        return [self["from_year"], self["to_year"]]

    def clean(self):
        data = super().clean()
        family_slug, role_slug = data.get("family"), data.get("role")
        if family_slug and role_slug:
            family = self.names.by_slug("families", family_slug)
            role = self.names.by_slug("roles", role_slug)
            if role.parent != family.pk:
                self.add_error(
                    "role",
                    f"{role.name} is not a role in {family.name}: choose one of its roles, or all roles",
                )
        from_year, to_year = data.get("from_year"), data.get("to_year")
        if from_year is not None and to_year is not None and from_year > to_year:
            self.add_error("to_year", "To year must be the same as or after the from year")
            self.cleaned_data.pop("from_year", None)
        return self.cleaned_data

    def selection(self) -> Selection:
        """The valid filters; an invalid one is left out (its default applies)."""
        self.is_valid()
        data = self.cleaned_data
        role = self.names.by_slug("roles", data["role"]) if data.get("role") else None
        family = self.names.by_slug("families", data["family"]) if data.get("family") else None
        if role is not None and family is None:
            family = self.names.family(role.parent)
        organisation = None
        if data.get("organisation"):
            organisation = next(org for org in self.organisations if org.slug == data["organisation"])
        elif self.organisations:
            organisation = self.organisations[0]
        return Selection(
            view=View(
                source=data.get("source") or Source.BOTH,
                area=data.get("area") or Area.ALL,
                weighting=data.get("weighting") or Weighting.EITHER,
                from_year=data.get("from_year"),
                to_year=data.get("to_year"),
            ),
            family=family,
            role=role,
            level=self.names.by_slug("levels", data["level"]) if data.get("level") else None,
            organisation=organisation,
            csv=data.get("format") == "csv",
        )


def selection_params(selection: Selection) -> list[tuple[str, str]]:
    """The selection as query parameters in a fixed order, defaults left out (the normalised query)."""
    view = selection.view
    values = {
        "family": selection.family.slug if selection.family else "",
        "role": selection.role.slug if selection.role else "",
        "level": selection.level.slug if selection.level else "",
        "source": "" if view.source == Source.BOTH else view.source,
        "from_year": str(view.from_year or ""),
        "to_year": str(view.to_year or ""),
        "area": "" if view.area == Area.ALL else view.area,
        "weighting": "" if view.weighting == Weighting.EITHER else view.weighting,
    }
    return [(name, values[name]) for name in PARAMS if values.get(name)]

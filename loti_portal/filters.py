"""What the portal's filtered lists share: forgiving fields that name a bad value, and a FilterSet base
giving the normalised query, its URL and removable "selected filter" tags.

A value that does not exist (an unknown borough, text for a salary, an unknown choice) is a form error
naming the filter: that filter is left out and the others still apply, so no query string can fail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

import django_filters
from django import forms
from django.core.exceptions import ValidationError

from loti_portal.search import MAX_QUERY_LENGTH

MAX_MIN_SALARY = 500_000
# Characters XML 1.0 cannot carry (control characters, surrogates, U+FFFE and U+FFFF): search text goes
# into feed titles as well as into pages.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def quoted(value) -> str:
    text = " ".join(str(value).split())
    shown = f"{text[:40]}\u2026" if len(text) > 40 else text
    return f"\u2018{shown}\u2019"


class SearchField(forms.CharField):
    """Free text, tidied rather than refused: control characters dropped, spaces collapsed, length capped."""

    def to_python(self, value):
        value = super().to_python(value)
        return " ".join(NOT_XML.sub(" ", value).split())[:MAX_QUERY_LENGTH]


class MinimumPoundsField(forms.IntegerField):
    """A minimum salary in whole pounds; "£45,000" is read as 45000."""

    default_error_messages = {
        "invalid": "Minimum salary must be a whole number of pounds, like 45000",
        "min_value": "Minimum salary must be £0 or more",
        "max_value": f"Minimum salary must be £{MAX_MIN_SALARY:,} or less",
    }

    def __init__(self, **kwargs):
        super().__init__(min_value=0, max_value=MAX_MIN_SALARY, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removeprefix("£").replace(",", "").strip()
        return super().to_python(value)


class NamedChoiceField(forms.ChoiceField):
    """One value from a list; an unknown value gets `invalid_message` with the value quoted."""

    def __init__(self, *, invalid_message: str, **kwargs):
        self.invalid_message = invalid_message
        super().__init__(**kwargs)

    def validate(self, value):
        if value not in self.empty_values and not self.valid_value(value):
            raise ValidationError(self.invalid_message.format(value=quoted(value)), code="invalid_choice")


class NamedMultipleChoiceField(forms.MultipleChoiceField):
    """Several values from a list; the unknown ones are named in the error."""

    def __init__(self, *, invalid_message: str, **kwargs):
        self.invalid_message = invalid_message
        super().__init__(**kwargs)

    def validate(self, value):
        unknown = [item for item in dict.fromkeys(value) if not self.valid_value(item)]
        if unknown:
            names = " or ".join(quoted(item) for item in unknown[:3])
            raise ValidationError(self.invalid_message.format(value=names), code="invalid_choice")


class SearchFilter(django_filters.Filter):
    field_class = SearchField


class MinimumPoundsFilter(django_filters.Filter):
    field_class = MinimumPoundsField


class NamedChoiceFilter(django_filters.Filter):
    field_class = NamedChoiceField


class NamedMultipleChoiceFilter(django_filters.Filter):
    field_class = NamedMultipleChoiceField


class ChoiceListMixin:
    """Rows whose foreign key is one of the chosen slugs' rows, looked up in the filter set's choice lists."""

    def __init__(self, *args, choice_list: str, **kwargs):
        self.choice_list = choice_list
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value):
        slugs = value if isinstance(value, list) else [value] if value else []
        if not slugs:
            return queryset
        return queryset.filter(**{f"{self.field_name}__in": self.parent.pks(self.choice_list, slugs)})


class SlugFilter(ChoiceListMixin, NamedChoiceFilter):
    pass


class SlugsFilter(ChoiceListMixin, NamedMultipleChoiceFilter):
    pass


@dataclass
class FilterTag:
    text: str
    href: str


@dataclass
class FilterCategory:
    name: str
    heading: str
    tags: list[FilterTag] = field(default_factory=list)


class ListFilterSet(django_filters.FilterSet):
    """A list page's filters: subclasses name FILTER_PARAMS (in URL and tag order) and fill `_pks` and
    `_labels` for their slug filters (choice list -> slug -> pk; filter name -> slug -> label)."""

    FILTER_PARAMS: tuple[str, ...] = ()
    HEADINGS: dict[str, str] = {"q": "Search"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pks: dict[str, dict[str, int]] = {}
        self._labels: dict[str, dict[str, str]] = {}

    def pks(self, choice_list: str, slugs: list[str]) -> list[int]:
        return [self._pks[choice_list][slug] for slug in slugs if slug in self._pks[choice_list]]

    @property
    def cleaned_data(self) -> dict:
        """The valid values only (an invalid filter is left out); empty for an unbound filter set."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return self.form.cleaned_data

    def params(self, *, sort: bool = True) -> list[tuple[str, str]]:
        """The valid filters as (name, value) pairs in a fixed order: the normalised query."""
        data = self.cleaned_data
        pairs = []
        for name in self.FILTER_PARAMS:
            value = data.get(name)
            if value in (None, "", [], False):
                continue
            if value is True:
                value = "1"
            values = sorted(set(value)) if isinstance(value, list) else [value]
            pairs.extend((name, str(item)) for item in values)
        if sort and data.get("sort"):
            pairs.append(("sort", data["sort"]))
        return pairs

    def url(self, base: str, *, sort: bool = True, extra: tuple[tuple[str, str], ...] = ()) -> str:
        pairs = [*self.params(sort=sort), *extra]
        return f"{base}?{urlencode(pairs)}" if pairs else base

    def value_label(self, name: str, value: str) -> str:
        if name == "q":
            return quoted(value)
        if name == "min_salary":
            return f"£{int(value):,} or more"
        return self._labels.get(name, {}).get(value, value)

    def selected_filters(self, base: str) -> list[FilterCategory]:
        """The valid filters as removable tags: each links to the same search without that one value."""
        return self._categories(self.params(), base)

    def _categories(self, pairs: list[tuple[str, str]], base: str) -> list[FilterCategory]:
        categories: dict[str, FilterCategory] = {}
        for index, (name, value) in enumerate(pairs):
            if name == "sort":
                continue
            heading = self.HEADINGS.get(name) or self.filters[name].label
            category = categories.setdefault(name, FilterCategory(name=name, heading=heading))
            remaining = pairs[:index] + pairs[index + 1 :]
            href = f"{base}?{urlencode(remaining)}" if remaining else base
            category.tags.append(FilterTag(text=self.value_label(name, value), href=href))
        return list(categories.values())

    def describe(self) -> str:
        """The filters in words: "Borough: Hackney, Camden; Minimum salary: £45,000 or more"."""
        return self.describe_params(self.params())

    def describe_params(self, pairs) -> str:
        """A normalised query (as params() gives it, checked before) in words, without validating it again:
        one filter set's labels describe any number of stored queries."""
        categories = self._categories([tuple(pair) for pair in pairs], "")
        return "; ".join(
            f"{category.heading}: {', '.join(tag.text for tag in category.tags)}" for category in categories
        )

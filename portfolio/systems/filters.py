"""The system list's filters and sorting (django-filter), shared by the list and its exports.

Like the project list: everything lives in the GET query string, and invalid values become Danish
form errors (the view then shows no rows), never an exception.
"""

import django_filters as filters
from django import forms
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Value, When
from django.db.models.fields import TextField
from django.db.models.functions import Cast, Lower
from django.utils import timezone

from portfolio import selectors
from portfolio.filters import ExpressionOrdering, checkbox, search_filter, select_filter
from portfolio.models import ITSystem, OrgUnit

MAX_WATCH_MONTHS = 36


def _rank(field, values):
    return Case(
        *[When(**{field: value}, then=Value(rank)) for rank, value in enumerate(values)],
        default=Value(len(values)),
        output_field=IntegerField(),
    )


# The sortable columns: query-string key -> the expressions they sort by (name, then pk, breaks ties).
SYSTEM_SORT_KEYS = {
    "name": (Lower("name"),),
    "vendor": (Lower("vendor"),),
    "lifecycle": (_rank("lifecycle", ITSystem.Lifecycle.values),),
    "criticality": (_rank("criticality", ITSystem.Criticality.values),),
    "owner_unit": (Lower("owner_unit__name"),),
    "contract_end": (F("contract_end"),),
    "notice_deadline": (F("notice_deadline"),),
}
SYSTEM_SORT_LABELS = {
    "name": "System",
    "vendor": "Leverandør",
    "lifecycle": "Livscyklus",
    "criticality": "Kritikalitet",
    "owner_unit": "Ejende enhed",
    "contract_end": "Kontraktudløb",
    "notice_deadline": "Frist for opsigelse",
}
YES_NO = [("ja", "Ja"), ("nej", "Nej")]


class MonthsFilter(filters.Filter):
    """A whole number of months, 1-36 (Django's Danish messages outside the range)."""

    field_class = forms.IntegerField


def _owner_units(request):
    return OrgUnit.objects.filter(
        Exists(ITSystem.objects.filter(owner_unit=OuterRef("pk"), archived=False))
    ).order_by("name")


class SystemFilter(filters.FilterSet):
    """Filters over selectors.system_list."""

    q = search_filter(help_text="Navn, leverandør, beskrivelse eller KLE-nummer.")
    lifecycle = select_filter(filters.ChoiceFilter, label="Livscyklus", choices=ITSystem.Lifecycle.choices)
    criticality = select_filter(
        filters.ChoiceFilter,
        label="Kritikalitet",
        choices=ITSystem.Criticality.choices,
    )
    common = select_filter(
        filters.ChoiceFilter,
        label="Fælleskommunal infrastruktur",
        choices=YES_NO,
        method="filter_common",
    )
    owner_unit = select_filter(filters.ModelChoiceFilter, label="Ejende enhed", queryset=_owner_units)
    watch = filters.BooleanFilter(
        label="Kontraktovervågning",
        method="filter_watch",
        help_text="Kun systemer, hvis kontrakt udløber eller skal opsiges inden for vinduet.",
        widget=checkbox("id_watch-hint"),
    )
    months = MonthsFilter(
        label="Vindue (måneder)",
        method="filter_months",
        min_value=1,
        max_value=MAX_WATCH_MONTHS,
        widget=forms.NumberInput(
            attrs={"class": "form-input input-width-xs", "min": 1, "max": MAX_WATCH_MONTHS}
        ),
    )
    ordering = ExpressionOrdering(
        sort_keys=SYSTEM_SORT_KEYS, sort_labels=SYSTEM_SORT_LABELS, tiebreak="pk", label="Sortering"
    )

    class Meta:
        model = ITSystem
        fields = ["q", "lifecycle", "criticality", "common", "owner_unit", "watch", "months"]

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()

    @property
    def watch_months(self):
        """The contract watch window: the valid `months` value, else the default."""
        cleaned = getattr(self.form, "cleaned_data", {}) or {}
        return cleaned.get("months") or selectors.DEFAULT_WATCH_MONTHS

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.annotate(kle_text=Cast("kle_numbers", TextField())).filter(
            Q(name__icontains=value)
            | Q(vendor__icontains=value)
            | Q(description__icontains=value)
            | Q(kle_text__contains=value)
        )

    def filter_common(self, queryset, name, value):
        return queryset.filter(on_common_infrastructure=(value == "ja"))

    def filter_months(self, queryset, name, value):
        # Read by filter_watch and the watch box; it filters nothing by itself.
        return queryset

    def filter_watch(self, queryset, name, value):
        if not value:
            return queryset
        return selectors.contract_watch_queryset(queryset, self.today, self.watch_months)

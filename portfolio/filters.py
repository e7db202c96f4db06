"""The project list's filters and sorting (django-filter), shared by the list and its exports.

Everything lives in the GET query string, so a filtered view can be bookmarked and shared. Invalid
values never raise: they become Danish form errors, and the view then shows no rows.
"""

import django_filters as filters
from django import forms
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Value, When
from django.db.models.functions import Lower
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django_filters.fields import ModelMultipleChoiceField as FilterModelMultipleChoiceField

from focusareas.models import FocusArea, StrategyPeriod
from focusareas.selectors import current_focus_areas
from portfolio import selectors
from portfolio.forms import IdRangeMixin, is_id
from portfolio.models import (
    ACTIVE_PHASES,
    Light,
    OrgUnit,
    Phase,
    Project,
    ProjectKind,
    User,
)

NOT_GIVEN = object()
SEARCH_MAX_LENGTH = 200
ALL = "Alle"


class IdMultipleChoiceField(IdRangeMixin, FilterModelMultipleChoiceField):
    """django-filter's field, safe with whatever ids the query string names (portfolio.forms)."""


class ModelMultipleChoiceFilter(filters.ModelMultipleChoiceFilter):
    field_class = IdMultipleChoiceField


# The filter fields every list page's form is made of (the project, system, benefit and handleplan lists).


def search_filter(**kwargs):
    """The free-text search box (the FilterSet's filter_search)."""
    return filters.CharFilter(
        label="Søg",
        method="filter_search",
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "class": "form-input", "autocomplete": "off"}),
        **kwargs,
    )


def _attrs_html(attrs) -> str:
    """Django's widgets/attrs.html in Python: ` name="value"`, a bare name for True, nothing for False."""
    return "".join(
        f" {name}" if value is True else f' {name}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class LeanSelect(forms.Select):
    """Django's Select with the same markup, written in Python: its templates include one template per
    option, and a filter over every project or user has an option for each of them."""

    def render(self, name, value, attrs=None, renderer=None):
        # Widget's context without ChoiceWidget's optgroups (a dict and attrs per option); the options
        # are written below by the same rules: "" for None, the first matching value selected.
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        values = widget["value"]
        parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs_html(widget["attrs"])}>']
        has_selected = False
        for group_value, group_label in self.choices:
            group_name = None
            choices = [(group_value, group_label)]
            if isinstance(group_label, (list, tuple)):
                group_name, choices = group_value, group_label
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option_value, option_label in choices:
                option_value = "" if option_value is None else option_value
                selected = not has_selected and str(option_value) in values
                has_selected |= selected
                mark = " selected" if selected else ""
                parts.append(
                    f'\n  <option value="{conditional_escape(option_value)}"{mark}>'
                    f"{conditional_escape(option_label)}</option>\n"  # the option template's own newline
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703: every value is escaped


def select_filter(filter_class, **kwargs):
    """A drop-down filter (`filter_class`: ChoiceFilter or ModelChoiceFilter): "Alle" when nothing is
    chosen, in the portal's select style."""
    return filter_class(empty_label=ALL, widget=LeanSelect(attrs={"class": "form-select"}), **kwargs)


def focus_area_filter(queryset):
    """The focus areas as checkboxes; the FilterSet's filter_focus_area keeps the rows in any of them."""
    return ModelMultipleChoiceFilter(
        label="Fokusområde",
        queryset=queryset,
        method="filter_focus_area",
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
    )


def checkbox(hint_id):
    """A filter's checkbox, described by its hint (the element `hint_id`: includes/filter_checkbox.html)."""
    return forms.CheckboxInput(attrs={"class": "form-checkbox", "aria-describedby": hint_id})


PHASE_RANK = Case(
    *[When(phase=value, then=Value(rank)) for rank, value in enumerate(Phase.values)],
    default=Value(len(Phase.values)),
    output_field=IntegerField(),
)
# Sorting by light puts the most urgent first: red, yellow, green, then not reported.
LIGHT_RANK = Case(
    When(latest_overall=Light.RED, then=Value(0)),
    When(latest_overall=Light.YELLOW, then=Value(1)),
    When(latest_overall=Light.GREEN, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)

# The sortable columns: query-string key -> the expressions they sort by (number breaks ties).
SORT_KEYS = {
    "number": (F("number"),),
    "name": (Lower("name"),),
    "phase": (PHASE_RANK,),
    "light": (LIGHT_RANK,),
    "anchoring": (Lower("anchoring__name"),),
    "leader": (Lower("leader__first_name"), Lower("leader__last_name")),
}
SORT_LABELS = {
    "number": "Nr.",
    "name": "Projekt",
    "phase": "Fase",
    "light": "Samlet status",
    "anchoring": "Forankring",
    "leader": "Projektleder",
}


class ExpressionOrdering(filters.OrderingFilter):
    """OrderingFilter over a table of sort keys -> expressions (not plain field names), with a final
    tiebreak field so every order is total. Shared by the project and system lists."""

    def __init__(self, *, sort_keys, sort_labels, tiebreak, **kwargs):
        self.sort_keys = sort_keys
        self.tiebreak = tiebreak
        kwargs.setdefault("fields", {key: key for key in sort_keys})
        kwargs.setdefault("field_labels", sort_labels)
        super().__init__(**kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        ordering = []
        for param in value:
            descending = param.startswith("-")
            for expression in self.sort_keys[param.lstrip("-")]:
                ordering.append(
                    expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
                )
        return qs.order_by(*ordering, self.tiebreak)


class ProjectOrdering(ExpressionOrdering):
    """The project list's sorting: SORT_KEYS, ties broken by number."""

    def __init__(self, **kwargs):
        super().__init__(sort_keys=SORT_KEYS, sort_labels=SORT_LABELS, tiebreak="number", **kwargs)


def _focus_areas(request):
    """The current period's focus areas, and any other named in the query string: a link from the
    dashboard filtered on an earlier strategy period then filters (and shows) its areas too."""
    named = [value for value in request.GET.getlist("focus_area") if is_id(value)] if request else []
    if not named:
        return current_focus_areas()
    return (
        FocusArea.objects.filter(Q(period__is_current=True) | Q(pk__in=named))
        .select_related("period")
        .order_by("-period__is_current", "period__start_year", "number")
    )


def _anchoring_units(request):
    return OrgUnit.objects.filter(
        Exists(Project.objects.filter(anchoring=OuterRef("pk"), archived=False))
    ).order_by("name")


def _leaders(request):
    return User.objects.filter(
        Exists(Project.objects.filter(leader=OuterRef("pk"), archived=False))
    ).order_by("first_name", "last_name", "username")


class ProjectSearchMixin:
    """Free-text search over SEARCH_FIELDS and "in any of the chosen focus areas", shared by the project
    list's and the handleplan's FilterSets (both filter projects)."""

    SEARCH_FIELDS = ("number", "name", "purpose", "description")

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        matches = Q()
        for field in self.SEARCH_FIELDS:
            matches |= Q(**{f"{field}__icontains": value})
        return queryset.filter(matches)

    def filter_focus_area(self, queryset, name, value):
        if not value:
            return queryset
        return selectors.with_focus_area(queryset, focusarea__in=value)  # any of the chosen areas


class ProjectFilter(ProjectSearchMixin, filters.FilterSet):
    """Filters over selectors.project_list (which annotates `latest_overall`)."""

    q = search_filter(help_text="Nummer, navn, formål eller beskrivelse.")
    focus_area = focus_area_filter(_focus_areas)
    strategy_period = select_filter(
        filters.ModelChoiceFilter,
        label="Strategiperiode",
        queryset=StrategyPeriod.objects.order_by("-is_current", "-start_year"),
        method="filter_strategy_period",
        help_text="Projekter med mindst ét fokusområde i perioden.",
    )
    kind = select_filter(filters.ChoiceFilter, label="Projekttype", choices=ProjectKind.choices)
    active = filters.BooleanFilter(
        label="Kun aktive projekter",
        method="filter_active",
        help_text="Idé, analyse, gennemførelse og realisering.",
        widget=checkbox("id_active-hint"),
    )
    phase = select_filter(filters.ChoiceFilter, label="Fase", choices=Phase.choices)
    light = select_filter(
        filters.ChoiceFilter,
        label="Samlet status",
        choices=Light.choices,
        method="filter_light",
    )
    anchoring = select_filter(filters.ModelChoiceFilter, label="Forankring", queryset=_anchoring_units)
    leader = select_filter(filters.ModelChoiceFilter, label="Projektleder", queryset=_leaders)
    missing_status = filters.BooleanFilter(
        label="Mangler status",
        method="filter_missing_status",
        help_text="Aktive projekter uden indsendt statusrapport for indeværende periode.",
        widget=checkbox("id_missing_status-hint"),
    )
    ordering = ProjectOrdering(label="Sortering")

    class Meta:
        model = Project
        fields = [
            "q",
            "focus_area",
            "strategy_period",
            "kind",
            "active",
            "phase",
            "light",
            "anchoring",
            "leader",
            "missing_status",
        ]

    def __init__(self, *args, period=NOT_GIVEN, **kwargs):
        """`period`: the current reporting period if the caller has it; looked up only when needed."""
        super().__init__(*args, **kwargs)
        self._period = period

    @property
    def period(self):
        if self._period is NOT_GIVEN:
            self._period = selectors.current_period()
        return self._period

    def filter_strategy_period(self, queryset, name, value):
        if value is None:
            return queryset
        return selectors.with_focus_area(queryset, focusarea__period=value)

    def filter_active(self, queryset, name, value):
        return queryset.filter(phase__in=ACTIVE_PHASES) if value else queryset

    def filter_light(self, queryset, name, value):
        if value == Light.NOT_REPORTED:
            return queryset.filter(Q(latest_overall__isnull=True) | Q(latest_overall=Light.NOT_REPORTED))
        return queryset.filter(latest_overall=value)

    def filter_missing_status(self, queryset, name, value):
        if not value:
            return queryset
        if self.period is None:
            # No Project Board calendar yet: nothing can be missing for a period that does not exist.
            return queryset.none()
        return queryset.filter(phase__in=ACTIVE_PHASES).filter(~selectors.submitted_report_for(self.period))

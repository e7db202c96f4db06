"""The benefit list's filters (django-filter), shared by the list and its exports.

Everything lives in the GET query string. Invalid values become Danish form errors and no rows, never
an exception. "Overdue" and "behind target" depend on today and the plan, so the selectors apply them
in Python (benefits.selectors.benefit_page for the list, benefit_rows for the exports); here they are
only parsed.
"""

import html

import django_filters as filters
from django.db.models import Exists, OuterRef
from django.utils.safestring import SafeString
from django_filters.fields import ModelChoiceField, ModelChoiceIterator

from benefits import never_stale
from benefits.models import Benefit
from focusareas.selectors import current_focus_areas
from portfolio.filters import checkbox, focus_area_filter, select_filter
from portfolio.models import Project, User
from portfolio.selectors import with_focus_area

YES_NO = [("yes", "Ja"), ("no", "Nej")]


def _current_focus_areas(request):
    return current_focus_areas()


def _projects(request):
    return (
        Project.objects.filter(
            Exists(Benefit.objects.filter(project=OuterRef("pk"), archived=False)), archived=False
        )
        .only("pk", "number", "name")
        .order_by("number")
    )  # an option each: its label is str(project)


class _ProjectOptions(ModelChoiceIterator):
    """The project filter's options read as two columns, labelled as str(project) does: an option for
    every project with benefits, without a Project instance for each."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        # Read from the never-stale cache: at 5,000 projects, reading and escaping the options was a fifth
        # of the list's time. (It reads projects and benefits, both shown on the dashboard.)
        yield from never_stale.cached(
            name="benefit-project-options", key_parts=[], compute=lambda: _option_list(self.queryset)
        )


def _option_list(projects) -> list:
    """(value, label) of each project: escaped here, as django.utils.html.escape does, and marked safe,
    since the widget's conditional_escape per value and label was a fifth of the list's render."""
    return [
        (SafeString(pk), SafeString(html.escape(f"{number} {name}")))  # nosec B703: a number; text escaped
        for pk, number, name in projects.values_list("pk", "number", "name").iterator()
    ]


class _ProjectField(ModelChoiceField):
    iterator = _ProjectOptions


class _ProjectFilter(filters.ModelChoiceFilter):
    field_class = _ProjectField


def _owners(request):
    return User.objects.filter(Exists(Benefit.objects.filter(owner=OuterRef("pk"), archived=False))).order_by(
        "first_name", "last_name", "username"
    )


class BenefitFilter(filters.FilterSet):
    focus_area = focus_area_filter(_current_focus_areas)
    project = select_filter(_ProjectFilter, label="Projekt", queryset=_projects)
    owner = select_filter(filters.ModelChoiceFilter, label="Gevinstejer", queryset=_owners)
    type = select_filter(filters.ChoiceFilter, label="Type", choices=Benefit.Type.choices)
    financial = select_filter(
        filters.ChoiceFilter,
        label="Økonomisk gevinst",
        choices=YES_NO,
        method="filter_financial",
    )
    overdue = filters.BooleanFilter(
        label="Måling forsinket",
        method="filter_later",
        help_text="Seneste måling er ældre end måleplanens interval.",
        widget=checkbox("id_overdue-hint"),
    )
    behind = filters.BooleanFilter(
        label="Bagud i forhold til målet",
        method="filter_later",
        help_text="Seneste måling ligger under en lige linje fra udgangspunkt til mål.",
        widget=checkbox("id_behind-hint"),
    )

    class Meta:
        model = Benefit
        fields = ["focus_area", "project", "owner", "type", "financial", "overdue", "behind"]

    def filter_focus_area(self, queryset, name, value):
        if not value:
            return queryset
        return with_focus_area(queryset, project="project", focusarea__in=value)

    def filter_financial(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(is_financial=True)
        if value == "no":
            return queryset.filter(is_financial=False)
        return queryset

    def filter_later(self, queryset, name, value):
        return queryset

    @property
    def row_filters(self) -> dict:
        """The filters the selector applies to the decorated rows: {"overdue": bool, "behind": bool}."""
        data = self.form.cleaned_data if self.is_valid() else {}
        return {"overdue": bool(data.get("overdue")), "behind": bool(data.get("behind"))}

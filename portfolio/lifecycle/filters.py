"""The lessons learned's filters (django-filter): free text, focus area, how the project ended, year.
Everything is in the query string; invalid values become Danish form errors and no rows, never a 500."""

import django_filters as filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from focusareas.models import FocusArea
from portfolio.forms import is_id
from portfolio.lifecycle.selectors import lesson_years
from portfolio.models import Phase, Project

SEARCH_MAX_LENGTH = 200
ALL = "Alle"
FINISHED_CHOICES = [(Phase.CLOSED.value, "Afsluttet"), (Phase.STOPPED.value, "Stoppet")]


class FocusAreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} ({obj.period.start_year}-{obj.period.end_year})"

    def to_python(self, value):
        if value not in self.empty_values and not is_id(value):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class FocusAreaFilter(filters.ModelChoiceFilter):
    field_class = FocusAreaChoiceField


def _years(request=None):
    return [(str(year), str(year)) for year in lesson_years()]


class LessonFilter(filters.FilterSet):
    q = filters.CharFilter(
        label="Søg",
        method="filter_text",
        max_length=SEARCH_MAX_LENGTH,
        help_text="Søger i erfaringer, mål og projektets navn og nummer.",
    )
    focus_area = FocusAreaFilter(
        label="Fokusområde",
        queryset=FocusArea.objects.select_related("period").order_by("-period__start_year", "number"),
        method="filter_focus_area",
        empty_label=ALL,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    phase = filters.ChoiceFilter(
        label="Afslutning",
        field_name="project__phase",
        choices=FINISHED_CHOICES,
        empty_label=ALL,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    year = filters.ChoiceFilter(
        label="År",
        choices=_years,
        method="filter_year",
        empty_label=ALL,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def filter_text(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(lessons_learned__icontains=word)
                | Q(goals_met__icontains=word)
                | Q(goals_not_met__icontains=word)
                | Q(project__name__icontains=word)
                | Q(project__number__icontains=word)
            )
        return queryset

    def filter_focus_area(self, queryset, name, value):
        links = Project.focus_areas.through.objects.filter(project=OuterRef("project"), focusarea=value)
        return queryset.filter(Exists(links))

    def filter_year(self, queryset, name, value):
        return queryset.filter(finished_on__year=int(value))

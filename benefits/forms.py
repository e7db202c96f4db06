"""Forms for business cases, benefits and measurements. Amounts accept the Danish way of writing them."""

import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from benefits.business_case import business_case_summary, category_rows
from benefits.models import (
    BUSINESS_CASE_YEARS,
    MANAGER_REQUIRED_MESSAGE,
    Benefit,
    BenefitMeasurement,
    BusinessCaseLine,
)
from portfolio.forms import (
    DanishDateInput,
    DanishDecimalField,
    DanishDecimalInput,
    SubmitOnceForm,
    limit_text_fields,
    style_fields,
)
from portfolio.models import User
from portfolio.stale import StaleSafeFormMixin

# ------------------------------------------------------------------------------------------- business case


def cell_name(category, row, year) -> str:
    return f"{category}__{row}__{year}"


class BusinessCaseForm(StaleSafeFormMixin, forms.Form):
    """The business case as a grid: one amount per category, row and year 0-5. Empty means 0."""

    notes = forms.CharField(label="Bemærkninger", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, business_case=None, **kwargs):
        """`stale_scope` (benefits.services.business_case_scope): the project's business case rows."""
        super().__init__(*args, **kwargs)
        summary = (
            business_case_summary(business_case) if business_case is not None and business_case.pk else None
        )
        cells = summary.cells if summary is not None else {}
        if business_case is not None:
            self.fields["notes"].initial = business_case.notes
        self.category_rows = category_rows(cells)
        for category, rows in self.category_rows.items():
            for row in rows:
                for year in BUSINESS_CASE_YEARS:
                    label = (
                        f"{BusinessCaseLine.Category(category).label}, "
                        f"{BusinessCaseLine.Row(row).label.lower()}, år {year}"
                    )
                    self.fields[cell_name(category, row, year)] = DanishDecimalField(
                        label=label,
                        required=False,
                        min_value=Decimal(0),
                        initial=cells.get((category, row, year)) or None,
                        widget=DanishDecimalInput(attrs={"class": "form-input bc-cell"}),
                        error_messages={"min_value": "Beløbet kan ikke være negativt."},
                    )
        limit_text_fields(self)
        self.fields["notes"].widget.attrs.setdefault("class", "form-input")

    def grid(self):
        """Category -> [(row label, [bound field per year])] for the template."""
        return [
            (
                BusinessCaseLine.Category(category).label,
                [
                    (
                        BusinessCaseLine.Row(row).label,
                        [self[cell_name(category, row, year)] for year in BUSINESS_CASE_YEARS],
                    )
                    for row in rows
                ],
            )
            for category, rows in self.category_rows.items()
        ]

    def amounts(self) -> dict:
        """(category, row, year) -> Decimal for every cell, empty cells as 0."""
        return {
            (category, row, year): self.cleaned_data.get(cell_name(category, row, year)) or Decimal(0)
            for category, rows in self.category_rows.items()
            for row in rows
            for year in BUSINESS_CASE_YEARS
        }


# ------------------------------------------------------------------------------------------------ benefits

# A benefit's dates must leave room for its measurement plan: months are added to them (next measurement
# due), and a date at the end of year 9999 would overflow and break every page that shows the benefit.
BENEFIT_DATE_MIN = datetime.date(1900, 1, 1)
BENEFIT_DATE_MAX = datetime.date(2100, 12, 31)
BENEFIT_DATE_RANGE_MESSAGE = "Skriv en dato mellem 1.1.1900 og 31.12.2100."

INTERVAL_CHOICES = [
    (1, "Hver måned"),
    (2, "Hver anden måned"),
    (3, "Hvert kvartal"),
    (6, "Hvert halve år"),
    (12, "Hvert år"),
    (24, "Hvert andet år"),
]


class BenefitForm(StaleSafeFormMixin, forms.ModelForm):
    baseline = DanishDecimalField(label="Udgangspunkt", help_text="Fx 1.250.000,50 eller 12,5.")
    target = DanishDecimalField(label="Mål")
    measurement_interval_months = forms.TypedChoiceField(
        label="Hvor ofte måles gevinsten", choices=INTERVAL_CHOICES, coerce=int, initial=3
    )

    class Meta:
        model = Benefit
        fields = [
            "title",
            "description",
            "type",
            "is_financial",
            "is_disbenefit",
            "unit",
            "unit_label",
            "owner",
            "baseline",
            "baseline_date",
            "target",
            "due_date",
            "measurement_plan",
            "measurement_interval_months",
        ]
        widgets = {
            "baseline_date": DanishDateInput(),
            "due_date": DanishDateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "measurement_plan": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "owner": "Gevinstejeren skal være leder. Ejeren registrerer målingerne.",
            "is_disbenefit": "En ulempe, fx en ny udgift, tæller negativt i opgørelserne.",
            "measurement_plan": "Datakilde og metode, fx tidsregistrering i fagsystemet opgjort pr. måned.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        interval = self.instance.measurement_interval_months if self.instance.pk else None
        if interval and interval not in dict(INTERVAL_CHOICES):
            self.fields["measurement_interval_months"].choices = [
                *INTERVAL_CHOICES,
                (interval, f"Hver {interval}. måned"),
            ]
        # Everyone active is listed, so choosing a non-manager gets the rule's message, not "invalid choice".
        self.fields["owner"].queryset = User.objects.filter(is_active=True).order_by(
            "-is_manager", "first_name", "last_name", "username"
        )
        self.fields["owner"].label_from_instance = lambda user: (
            (f"{user} ({user.title})" if user.title else str(user))
            + ("" if user.is_manager else " – ikke leder")
        )
        limit_text_fields(self)
        style_fields(self)

    def _date_in_range(self, name):
        day = self.cleaned_data.get(name)
        if day is not None and not BENEFIT_DATE_MIN <= day <= BENEFIT_DATE_MAX:
            raise ValidationError(BENEFIT_DATE_RANGE_MESSAGE)
        return day

    def clean_baseline_date(self):
        return self._date_in_range("baseline_date")

    def clean_due_date(self):
        return self._date_in_range("due_date")

    def clean_owner(self):
        owner = self.cleaned_data.get("owner")
        if owner is not None and not owner.is_manager:
            raise ValidationError(MANAGER_REQUIRED_MESSAGE)
        return owner

    def clean(self):
        cleaned = super().clean()
        baseline, target = cleaned.get("baseline"), cleaned.get("target")
        if baseline is not None and target is not None and baseline == target:
            self.add_error("target", "Målet skal være forskelligt fra udgangspunktet.")
        unit, label = cleaned.get("unit"), cleaned.get("unit_label")
        if label and unit and unit != Benefit.Unit.COUNT:
            self.add_error(
                "unit_label",
                f"Enhedens navn bruges kun, når enheden er »{Benefit.Unit.COUNT.label}«; "
                f"vælg den enhed eller slet navnet.",
            )
        start, due = cleaned.get("baseline_date"), cleaned.get("due_date")
        if start and due and due < start:
            self.add_error("due_date", "Målet kan ikke nås før datoen for udgangspunktet.")
        return cleaned


class MeasurementForm(SubmitOnceForm, forms.ModelForm):
    value = DanishDecimalField(label="Værdi", help_text="Fx 1.250.000,50 eller 12,5.")

    class Meta:
        model = BenefitMeasurement
        fields = ["measured_on", "value", "comment"]
        widgets = {"measured_on": DanishDateInput(), "comment": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, benefit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.benefit = benefit
        if benefit is not None:
            self.fields["value"].label = f"Værdi ({benefit.unit_text})"
        limit_text_fields(self)
        style_fields(self)

    def clean_measured_on(self):
        day = self.cleaned_data.get("measured_on")
        if day is None:
            return day
        if day > timezone.localdate() + datetime.timedelta(days=1):
            raise ValidationError("En måling kan ikke ligge i fremtiden.")
        if self.benefit is not None and day < self.benefit.baseline_date:
            raise ValidationError("Målingen ligger før datoen for udgangspunktet.")
        return day

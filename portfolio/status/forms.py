"""The status report form: six lights with comments, progress, texts and the budget, in Danish."""

from django import forms
from django.forms.boundfield import BoundField

from portfolio.forms import AmountField, format_danish_decimal
from portfolio.models import Light, StatusReport
from portfolio.status.services import (
    STATUS_REPORT_CONTENT_FIELDS,
    STATUS_REPORT_RED_NEEDS_COMMENT_MESSAGE,
)

# Long enough for any honest report, short enough that a pasted novel gets a message, not a 500.
TEXT_MAX_LENGTH = 5000

TEXT_ERRORS = {"max_length": "Teksten må højst være %(limit_value)d tegn (den er %(show_value)d)."}

LIGHT_LABELS = {
    "overall": "Samlet status",
    "schedule": "Tidsplan",
    "economy": "Økonomi",
    "resources": "Ressourcer",
    "deliverables": "Leverancer og kvalitet",
    "benefits": "Gevinster",
}


def _text(label, help_text="", rows=4):
    return forms.CharField(
        label=label,
        required=False,
        max_length=TEXT_MAX_LENGTH,
        strip=True,
        help_text=help_text,
        error_messages=TEXT_ERRORS,
        widget=forms.Textarea(attrs={"rows": rows, "class": "form-input input-width-xl"}),
    )


def previous_text(report, name) -> str:
    """One field of the previous report as the form says it after "Sidst:"."""
    value = getattr(report, name)
    if value in (None, ""):
        return "ikke udfyldt"
    if name in StatusReport.DIMENSIONS:
        return Light(value).label
    if name == "percent_complete":
        return f"{value} %"
    if name in ("budget_spent", "budget_forecast"):
        return f"{format_danish_decimal(value)} kr."
    return value


class PreviousValueBoundField(BoundField):
    """A field that knows the previous report's value, and points screen readers to it
    (aria-describedby: help text, error, then "Sidst: …")."""

    @property
    def previous(self) -> str | None:
        return self.form.previous_values.get(self.name)

    @property
    def previous_id(self) -> str:
        return f"{self.auto_id}_previous"

    @property
    def aria_describedby(self):
        described_by = super().aria_describedby
        if described_by is None or self.previous is None:
            return described_by
        return " ".join(part for part in (described_by, self.previous_id) if part)


class StatusReportForm(forms.Form):
    """What the project leader fills in. `version` carries the draft version the form was based on;
    `previous` is the project's previous submitted report, whose values the form shows as "Sidst: …"."""

    bound_field_class = PreviousValueBoundField

    version = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    percent_complete = forms.IntegerField(
        label="Færdiggjort",
        min_value=0,
        max_value=100,
        help_text="Hvor stor en del af projektet der er gennemført, i procent (0-100).",
        error_messages={
            "required": "Angiv hvor stor en del af projektet der er færdigt (0-100).",
            "invalid": "Skriv et helt tal mellem 0 og 100.",
            "min_value": "Skriv et helt tal mellem 0 og 100.",
            "max_value": "Skriv et helt tal mellem 0 og 100.",
        },
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "class": "form-input input-width-xs", "maxlength": 3}
        ),
    )
    summary = _text("Resumé", "Kort status til Project Board: hvor står projektet?")
    done_since_last = _text("Udført siden sidst")
    next_steps = _text("Næste skridt", "Det, der skal ske frem til næste Project Board.")
    risks_issues = _text("Risici og problemer")
    decisions_needed = _text(
        "Beslutninger der ønskes",
        "Det, programgruppen eller styregruppen skal tage stilling til (eskalering). "
        "Lad feltet stå tomt, hvis der ikke er noget.",
    )
    budget_spent = AmountField(label="Forbrugt indtil nu (kr.)")
    budget_forecast = AmountField(label="Forventet forbrug i alt (kr.)")

    def __init__(self, *args, previous=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.previous = previous
        self.previous_values = (
            {name: previous_text(previous, name) for name in STATUS_REPORT_CONTENT_FIELDS} if previous else {}
        )
        # The six lights first, each followed by its comment, in the order of the Word template.
        lights = {}
        for dimension in StatusReport.DIMENSIONS:
            label = LIGHT_LABELS[dimension]
            lights[dimension] = forms.ChoiceField(
                label=label,
                choices=Light.choices,
                initial=Light.NOT_REPORTED,
                error_messages={
                    "required": f"Vælg en status for {label.lower()}.",
                    "invalid_choice": "Vælg grøn, gul, rød eller ikke rapporteret.",
                },
                widget=forms.RadioSelect,
            )
            lights[f"{dimension}_comment"] = forms.CharField(
                label=f"Kommentar til {label.lower()}",
                required=False,
                max_length=TEXT_MAX_LENGTH,
                help_text="Skal udfyldes, hvis lyset er rødt.",
                error_messages=TEXT_ERRORS,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-input input-width-xl"}),
            )
        self.fields = {**lights, **self.fields}
        self.fields["budget_spent"].widget.attrs["class"] = "form-input input-width-m"
        self.fields["budget_forecast"].widget.attrs["class"] = "form-input input-width-m"

    def clean(self):
        cleaned = super().clean()
        for dimension in StatusReport.DIMENSIONS:
            comment_field = f"{dimension}_comment"
            if (
                cleaned.get(dimension) == Light.RED
                and comment_field not in self.errors
                and not cleaned.get(comment_field)
            ):
                self.add_error(comment_field, STATUS_REPORT_RED_NEEDS_COMMENT_MESSAGE)
        return cleaned

    @property
    def lights(self) -> dict:
        """Each dimension's light as the form holds it now: posted, or the initial value."""
        return {dimension: self[dimension].value() for dimension in StatusReport.DIMENSIONS}

    @property
    def light_rows(self):
        """(light, comment) bound fields per dimension, for one fieldset each."""
        return [(self[dimension], self[f"{dimension}_comment"]) for dimension in StatusReport.DIMENSIONS]

    @property
    def sections(self):
        """The fields after the lights and the percentage, under their headings."""
        return [
            (
                "Fremdrift",
                [self[name] for name in ("summary", "done_since_last", "next_steps", "risks_issues")],
            ),
            ("Eskalering", [self["decisions_needed"]]),
            ("Økonomi", [self["budget_spent"], self["budget_forecast"]]),
        ]

    def content(self) -> dict:
        """The cleaned content for the services."""
        return {name: self.cleaned_data[name] for name in STATUS_REPORT_CONTENT_FIELDS}


def initial_from_report(report) -> dict:
    """The form's values for an existing draft."""
    return {name: getattr(report, name) for name in STATUS_REPORT_CONTENT_FIELDS}


def initial_from_previous(previous) -> dict:
    """A new report starts from the previous one: lights, comments, progress, risks and budget carry
    over; what was planned as next steps is the starting text for what was done since then.
    The summary and the decisions asked for last time are not carried over: they were answered."""
    if previous is None:
        return {}
    initial = {
        name: getattr(previous, name)
        for name in STATUS_REPORT_CONTENT_FIELDS
        if name not in ("summary", "done_since_last", "next_steps", "decisions_needed")
    }
    initial["done_since_last"] = previous.next_steps
    return initial


def changed_fields(form, current) -> list[dict]:
    """What differs between the stored draft `current` and the values the user posted in `form`:
    field label, their value and yours, as readable text."""
    changes = []
    for name in STATUS_REPORT_CONTENT_FIELDS:
        field = form.fields[name]
        theirs = getattr(current, name)
        yours = form.cleaned_data.get(name)
        if isinstance(field, forms.ChoiceField):
            if theirs == yours:
                continue
            choices = dict(field.choices)
            theirs_text, yours_text = choices.get(theirs, theirs), choices.get(yours, yours)
        else:
            if (theirs in (None, "")) and (yours in (None, "")):
                continue
            if theirs == yours:
                continue
            theirs_text = field.prepare_value(theirs) if theirs not in (None, "") else "(tom)"
            yours_text = field.prepare_value(yours) if yours not in (None, "") else "(tom)"
        changes.append({"label": field.label, "theirs": theirs_text, "yours": yours_text})
    return changes

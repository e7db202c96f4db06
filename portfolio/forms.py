"""Forms for the project register. The programme's rules are checked here, next to the fields."""

import re
import secrets
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.template import loader

from focusareas.models import FocusArea
from portfolio.models import START_CHECKLIST_FIELDS, Milestone, Phase, Project, Risk, RiskLevel, User
from portfolio.services import LEADER_REQUIRED_MESSAGE, project_stale_scope
from portfolio.stale import StaleEditError, StaleSafeFormMixin

TEXT_LIMIT = 5000
SUBMIT_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{16,64}")

# Phases a project may only enter once the start-phase checklist's first three items are done.
PHASES_AFTER_ANALYSIS = {Phase.EXECUTION, Phase.REALISATION, Phase.CLOSED}
CHECKLIST_REQUIRED_MESSAGE = (
    "Projektet kan først gå videre fra analyse, når databeskyttelsesrådgiver, "
    "informationssikkerhedskoordinator og IT og Digitalisering er inddraget."
)


# The largest id a database integer column holds. A bigger number names no row, and SQLite cannot even
# bind it in a query (OverflowError, a 500), so a chosen id beyond it is refused before any query runs.
MAX_ID = 2**63 - 1


def is_id(value) -> bool:
    """Is `value` (typed by a visitor) a number that can be an id?"""
    value = str(value).strip()
    # isdecimal, not isdigit: "²" is a digit that int() refuses.
    return value.isdecimal() and int(value) <= MAX_ID


class IdRangeMixin:
    """For a ModelMultipleChoiceField: an id beyond a database integer is an invalid choice. Django checks
    the chosen ids with an `__in` query, which its range check of integer lookups leaves out."""

    def _check_values(self, value):
        if self.to_field_name is None:
            for pk in value:
                number = str(pk).strip().removeprefix("-")
                if number.isdecimal() and not is_id(number):
                    raise ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                    )
        return super()._check_values(value)


class ModelMultipleChoiceField(IdRangeMixin, forms.ModelMultipleChoiceField):
    """Django's, safe with whatever ids a visitor sends."""


def form_add_service_errors(form, error: ValidationError) -> None:
    """Put a service's Danish ValidationError on the form: on the field it names, else on the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    elif isinstance(error, StaleEditError):
        # Kept whole: the form shows the changes it carries beside the message.
        form.add_error(None, error)
    else:
        form.add_error(None, error.messages)


class _Refused:
    """What `form_service` returns when nothing was saved: false, and unlike any service's result."""

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "REFUSED"


REFUSED = _Refused()


def form_service(form, call):
    """A page's write through its service: `call(form.cleaned_data)` when `form` is valid, returning what the
    service returns. REFUSED when the form is not valid (an unbound one never is) or the service refused it
    with a Danish ValidationError, which is put on the form (form_add_service_errors)."""
    if not form.is_valid():
        return REFUSED
    try:
        return call(form.cleaned_data)
    except ValidationError as error:
        form_add_service_errors(form, error)
        return REFUSED


def limit_text_fields(form):
    """Bound free text so oversized input gets Django's Danish length message instead of a database error."""
    for field in form.fields.values():
        if isinstance(field, forms.CharField) and not field.max_length:
            field.max_length = TEXT_LIMIT
            field.validators.append(MaxLengthValidator(TEXT_LIMIT))
            field.widget.attrs["maxlength"] = TEXT_LIMIT


def style_fields(form):
    """Det Fælles Designsystem's classes on each widget."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput | forms.CheckboxSelectMultiple):
            continue
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-checkbox")
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-input")


# --- One-time submit token for CREATE forms (double click, resubmit); edit forms have their own stale-save.


def new_submit_token() -> str:
    return secrets.token_urlsafe(24)


class SubmitTokenField(forms.CharField):
    """The hidden `submit_token` of a create form: a fresh random token each time the form is shown
    unbound, the posted one when it is shown again with errors (that attempt spent nothing). Its value goes
    to the service as `submit_token=`, which spends it with portfolio.services.submit_once. A missing or
    malformed token is no error (it cannot be shown on a hidden field): that post is just not deduplicated."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("initial", new_submit_token)
        super().__init__(max_length=64, **kwargs)

    def clean(self, value):
        value = (value or "").strip()
        return value if SUBMIT_TOKEN_RE.fullmatch(value) else ""


class SubmitOnceForm(forms.Form):
    """Mix into a create form (before forms.Form/ModelForm): adds the hidden `submit_token`. Render it
    with {{ form.submit_token }} (or form.hidden_fields) inside the <form>."""

    submit_token = SubmitTokenField()


class DanishDateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class SearchableCheckboxes(forms.CheckboxSelectMultiple):
    """A multi-select as a plain list of checkboxes (templates/widgets/searchable_checkboxes.html), which
    static/js/multiselect.js turns searchable: a filter box, the count chosen, read out as it changes.
    Without JavaScript it stays a checkbox list; no inline script, so the CSP holds. Render the field
    with includes/multiselect_field.html, which puts it in a fieldset with its legend."""

    template_name = "widgets/searchable_checkboxes.html"

    def __init__(self, *, noun="", **kwargs):
        super().__init__(**kwargs)
        self.noun = noun

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["noun"] = self.noun
        return context

    def _render(self, template_name, context, renderer=None):
        # The project's template engine (templates/), not the form renderer's own (Django's widgets only);
        # a rendered template is already a SafeString, escaped where it prints values.
        return loader.render_to_string(template_name, context)


def https_urls(model_field, **kwargs):
    """Links typed without a scheme (intranet.kommune.dk/...) become https, as Django 6 will do."""
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return model_field.formfield(**kwargs)


class ProjectForm(StaleSafeFormMixin, forms.ModelForm):
    """Create or edit a project. `version` (stale.StaleSafeFormMixin) is the version the user started from.
    The number is the portal's (portfolio.lifecycle.services.project_create): a new project's form does not
    ask for it, an existing project's shows it read-only. A new project's form carries a submit token."""

    focus_areas = ModelMultipleChoiceField(
        label="Fokusområder",
        queryset=FocusArea.objects.none(),
        widget=SearchableCheckboxes(noun="fokusområder"),
        help_text="Et projekt placeres i mindst ét af den gældende periodes fokusområder.",
        error_messages={"required": "Vælg mindst ét fokusområde fra den gældende strategiperiode."},
    )
    deputies = ModelMultipleChoiceField(
        label="Stedfortrædere",
        queryset=User.objects.none(),
        required=False,
        widget=SearchableCheckboxes(noun="personer"),
        help_text="Stedfortræderne kan redigere projektet og skrive statusrapporter ligesom projektlederen.",
    )

    class Meta:
        model = Project
        formfield_callback = https_urls
        fields = [
            "number",
            "name",
            "purpose",
            "description",
            "kind",
            "anchoring",
            "focus_areas",
            "project_model",
            "phase",
            "national_initiative",
            "owner",
            "leader",
            "deputies",
            "esdh_case_number",
            "documents_url",
            "priority",
            "budget",
            "start_date",
            "end_date",
            *START_CHECKLIST_FIELDS,
        ]
        widgets = {"start_date": DanishDateInput(), "end_date": DanishDateInput()}

    def __init__(self, *args, may_change_model=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_areas"].queryset = FocusArea.objects.filter(period__is_current=True).order_by(
            "number"
        )
        people = User.objects.filter(is_active=True).order_by("first_name", "last_name", "username")
        for name in ("owner", "leader", "deputies"):
            self.fields[name].queryset = people
        self.fields["anchoring"].queryset = self.fields["anchoring"].queryset.filter(archived=False)
        limit_text_fields(self)
        if self.instance.pk:
            self.fields["number"].disabled = True
            self.fields["number"].help_text = "Nummeret er givet af portalen og kan ikke ændres."
        else:
            del self.fields["number"]
            self.fields["submit_token"] = SubmitTokenField()
        self.fields["leader"].help_text = "Skal udfyldes, når projektet er gået videre fra idéfasen."
        if self.instance.pk:
            self.initial["focus_areas"] = list(
                self.instance.focus_areas.filter(period__is_current=True).values_list("pk", flat=True)
            )
        for name in START_CHECKLIST_FIELDS:
            self.fields[name].required = False
        if self.instance.pk and not may_change_model:
            self.fields["project_model"].disabled = True
            self.fields["project_model"].help_text = "Projektmodellen vælges af programgruppen."
        if self.instance.pk and self.instance.project_model == Project.ProjectModel.STANDARD:
            # A standard-model project changes phase only by a phase-gate decision of the right body.
            self.fields["phase"].disabled = True
            self.fields[
                "phase"
            ].help_text = "Fasen ændres ved en fasegodkendelse i programgruppen eller styregruppen."
        style_fields(self)

    def default_stale_scope(self):
        return project_stale_scope(self.instance)

    def clean_budget(self):
        budget = self.cleaned_data.get("budget")
        if budget is not None and budget < 0:
            raise ValidationError("Budgettet kan ikke være negativt.")
        return budget

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "Slutdatoen ligger før startdatoen.")
        phase = cleaned.get("phase")
        if phase in PHASES_AFTER_ANALYSIS and not all(
            cleaned.get(name) for name in START_CHECKLIST_FIELDS[:3]
        ):
            self.add_error("phase", CHECKLIST_REQUIRED_MESSAGE)
        if phase and phase != Phase.IDEA and not cleaned.get("leader") and "leader" not in self.errors:
            self.add_error("leader", LEADER_REQUIRED_MESSAGE)
        return cleaned


class MilestoneForm(StaleSafeFormMixin, forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_date", "completed_on"]
        widgets = {"due_date": DanishDateInput(), "completed_on": DanishDateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class MilestoneEditForm(StaleSafeFormMixin, forms.ModelForm):
    """Edit a milestone's title, forecast date, owner and description. Its baseline date ("Oprindelig")
    is never edited, and a reached milestone keeps its actual date."""

    class Meta:
        model = Milestone
        fields = ["title", "due_date", "owner", "description"]
        labels = {"due_date": "Forventet dato"}
        help_texts = {"due_date": "Den dato, I nu forventer at nå milepælen."}
        widgets = {"due_date": DanishDateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(is_active=True).order_by(
            "first_name", "last_name", "username"
        )
        self.fields["owner"].empty_label = "Ingen ansvarlig"
        limit_text_fields(self)
        style_fields(self)


class RiskForm(StaleSafeFormMixin, forms.ModelForm):
    """Add, edit or re-score a risk: probability and consequence in words (RiskLevel)."""

    probability = forms.TypedChoiceField(label="Sandsynlighed", choices=RiskLevel.choices, coerce=int)
    consequence = forms.TypedChoiceField(label="Konsekvens", choices=RiskLevel.choices, coerce=int)

    class Meta:
        model = Risk
        fields = ["title", "description", "probability", "consequence", "action", "owner", "status"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "action": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(is_active=True).order_by(
            "first_name", "last_name"
        )
        self.fields["owner"].empty_label = "Ingen ejer"
        limit_text_fields(self)
        style_fields(self)


_GROUPED_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


class AmountField(forms.Field):
    """An amount in kroner as Danes write it: 125000, 125.000, 125.000,50 or 125000,50 (also with a
    dot as decimal separator, 125000.50). Never negative, at most 12 digits before the comma."""

    default_error_messages = {
        "invalid": "Skriv beløbet som et tal i kroner, fx 125.000 eller 125000,50.",
        "negative": "Beløbet kan ikke være negativt.",
        "too_large": "Beløbet er for stort.",
        "decimals": "Beløbet kan højst have to decimaler (øre).",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "maxlength": 30})
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            if value == value.to_integral_value():
                return str(int(value))
            return f"{value:f}".replace(".", ",")
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip().replace("\u00a0", "").replace(" ", "")
        text = re.sub(r"(?i)(kr\.?|dkk)$", "", text)
        if len(text) > 30:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if "," in text:
            text = text.replace(".", "").replace(",", ".", 1)
        elif _GROUPED_THOUSANDS.match(text):
            text = text.replace(".", "")
        if not re.fullmatch(r"-?\d+(\.\d+)?", text):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if amount < 0:
            raise forms.ValidationError(self.error_messages["negative"], code="negative")
        if -amount.as_tuple().exponent > 2:
            raise forms.ValidationError(self.error_messages["decimals"], code="decimals")
        if amount >= Decimal(10) ** 12:
            raise forms.ValidationError(self.error_messages["too_large"], code="too_large")
        return amount

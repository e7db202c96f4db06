"""The pieces every form of the portal shares: id-safe choice fields, saving a form through its service,
one-time submit tokens, Danish dates and amounts, searchable checkboxes. The project's own forms are in
portfolio.project_forms."""

import re
import secrets
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.template import loader

from portfolio.stale import StaleEditError

TEXT_LIMIT = 5000
SUBMIT_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{16,64}")


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


AMOUNT_MAX_DIGITS = 14
INVALID_NUMBER_MESSAGE = "Skriv et tal, fx 1.250.000,50 eller 12,5."
# Digits with "." or spaces as thousands separators and "," as decimal mark (1.250.000,50), or a
# plain decimal point (12.5). An optional sign; an optional "kr." after the number.
_SIGN = r"[-+−]?"
_DANISH = re.compile(rf"^{_SIGN}\d{{1,3}}([. ]\d{{3}})*(,\d+)?$")
_PLAIN = re.compile(rf"^{_SIGN}\d+([.,]\d+)?$")
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})


def parse_danish_decimal(text) -> Decimal | None:
    """'1.250.000,50' -> Decimal('1250000.50'); '12,5' and '12.5' -> Decimal('12.5'); '' -> None.

    Raises ValueError for anything else ('abc', '1e999', '-', 'NaN', '1,2,3')."""
    if text is None:
        return None
    value = str(text).translate(_SPACES).strip()
    value = re.sub(r"\s*(kr\.?|dkk)$", "", value, flags=re.IGNORECASE).strip()
    if not value:
        return None
    if len(value) > 40:
        raise ValueError(text)
    if _PLAIN.match(value) and not re.match(rf"^{_SIGN}\d{{1,3}}\.\d{{3}}$", value):
        normal = value.replace(",", ".")
    elif _DANISH.match(value):
        normal = value.replace(".", "").replace(" ", "").replace(",", ".")
    else:
        raise ValueError(text)
    try:
        return Decimal(normal.replace("−", "-"))
    except InvalidOperation as error:
        raise ValueError(text) from error


def format_danish_decimal(value) -> str:
    """Decimal('1250000.50') -> '1.250.000,50'; whole numbers without decimals."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    text = f"{value:,.2f}" if value != value.to_integral_value() else f"{value:,.0f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


class DanishDecimalInput(forms.TextInput):
    """A text box (a number box would refuse the decimal comma) that shows amounts the Danish way."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal | int | float):
            return format_danish_decimal(value)
        return super().format_value(value)


class DanishDecimalField(forms.DecimalField):
    widget = DanishDecimalInput
    default_error_messages = {"invalid": INVALID_NUMBER_MESSAGE}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", AMOUNT_MAX_DIGITS)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("localize", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            number = parse_danish_decimal(value)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if number is None:
            return None
        return super().to_python(str(number))

    def widget_attrs(self, widget):
        # Not the number box's min/max/step attributes: the field is a text box.
        return {}


class AmountField(DanishDecimalField):
    """An amount in kroner as Danes write it (125000, 125.000, 125.000,50, 125000,50 or 125000.50): never
    negative, at most two decimals (øre), at most 12 digits before the comma; empty is allowed."""

    default_error_messages = {
        "invalid": "Skriv beløbet som et tal i kroner, fx 125.000 eller 125000,50.",
        "min_value": "Beløbet kan ikke være negativt.",
        "max_digits": "Beløbet er for stort.",
        "max_whole_digits": "Beløbet er for stort.",
        "max_decimal_places": "Beløbet kan højst have to decimaler (øre).",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)

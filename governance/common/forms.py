"""The form pieces governance's rooms share: one date field (one set of Danish messages), the years a
date may lie in, the styled form base and the project and person choice fields."""

from django import forms

from portfolio.forms import DanishDateInput, limit_text_fields, style_fields

EARLIEST_YEAR, LATEST_YEAR = 2000, 2100
YEAR_MESSAGE = f"Angiv en dato mellem år {EARLIEST_YEAR} og {LATEST_YEAR}."
DATE_ERRORS = {"required": "Angiv en dato.", "invalid": "Angiv en gyldig dato, fx 2026-04-09."}
CHOICE_ERRORS = {
    "required": "Vælg en værdi.",
    "invalid_choice": "Vælg en af mulighederne på listen.",
    "invalid_pk_value": "Vælg en af mulighederne på listen.",
}


def date_field(label, help_text="", *, required=True, **kwargs):
    """A date typed or picked in Danish; the picker offers only the years EARLIEST_YEAR-LATEST_YEAR."""
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DanishDateInput(attrs={"min": f"{EARLIEST_YEAR}-01-01", "max": f"{LATEST_YEAR}-12-31"}),
        error_messages=DATE_ERRORS,
        **kwargs,
    )


def year_in_range(day) -> bool:
    return day is None or EARLIEST_YEAR <= day.year <= LATEST_YEAR


class DateBoundsMixin:
    """Dates outside EARLIEST_YEAR-LATEST_YEAR are typing errors, not decisions: refuse them in Danish."""

    date_fields: tuple[str, ...] = ()

    def clean(self):
        cleaned = super().clean()
        for name in self.date_fields:
            if not year_in_range(cleaned.get(name)):
                self.add_error(name, YEAR_MESSAGE)
        return cleaned


class StyledForm(forms.Form):
    """A form with Det Fælles Designsystem's classes and bounded free text."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_text_fields(self)
        style_fields(self)


class ProjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number} {obj.name}"


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} ({obj.username})" if obj.get_full_name() else obj.username

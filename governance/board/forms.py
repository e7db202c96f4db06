"""Forms for governance: the Project Board calendar, moving a single meeting, and sending reminders from a
meeting's page."""

from django import forms
from django.core.exceptions import ValidationError

from governance.board import calendar as board_calendar
from governance.common.forms import date_field
from portfolio.dates import danish_date
from portfolio.forms import SubmitOnceForm, style_fields
from portfolio.stale import StaleSafeFormMixin

LONG = "weekday"  # "torsdag 9. april 2026"


def _number_field(label, *, minimum, maximum, too_small, too_large, help_text="", initial=None):
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        initial=initial,
        min_value=minimum,
        max_value=maximum,
        error_messages={
            "required": "Angiv et tal.",
            "invalid": "Angiv et helt tal.",
            "min_value": too_small,
            "max_value": too_large,
        },
    )


class BoardCalendarForm(StaleSafeFormMixin, forms.Form):
    """The Project Board's meeting series, set by the programme group."""

    first_meeting_date = date_field(
        "første møde",
        "Datoen for seriens første møde, en arbejdsdag. Kommende møder flyttes til den nye serie, "
        "når du har set og bekræftet ændringen; møder med indsendte statusrapporter eller referat "
        "beholder deres dato. Nye møder oprettes kun fra i dag og frem.",
    )
    interval_days = _number_field(
        "dage mellem møderne",
        minimum=7,
        maximum=366,
        too_small="Der skal være mindst 7 dage mellem møderne.",
        too_large="Der kan højst være 366 dage mellem møderne.",
        help_text="14 betyder hver anden uge på samme ugedag.",
        initial=14,
    )
    deadline_working_days = _number_field(
        "frist for statusrapport (arbejdsdage før mødet)",
        minimum=0,
        maximum=30,
        too_small="Fristen kan ikke ligge efter mødet: angiv 0 eller flere arbejdsdage.",
        too_large="Fristen kan højst ligge 30 arbejdsdage før mødet.",
        help_text="Weekender og helligdage tæller ikke med. 0 betyder selve mødedagen.",
        initial=2,
    )
    horizon_weeks = _number_field(
        "planlæg uger frem",
        minimum=1,
        maximum=104,
        too_small="Planlæg mindst 1 uge frem.",
        too_large="Der kan højst planlægges 104 uger (2 år) frem.",
        help_text="Så langt frem oprettes møderne; kalenderen forlænges automatisk hver nat.",
        initial=26,
    )

    # Set by the preview's "Gem og flyt møderne": the second post of the same values, now confirmed.
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)
        for name in ("interval_days", "deadline_working_days", "horizon_weeks"):
            self.fields[name].widget.attrs["class"] = "form-input input-width-xs"

    def clean_first_meeting_date(self):
        day = self.cleaned_data["first_meeting_date"]
        if day.year < 2000 or day.year > 2100:
            raise ValidationError("Angiv en dato mellem år 2000 og 2100.")
        if reason := board_calendar.non_working_reason(day):
            raise ValidationError(f"{danish_date(day, LONG).capitalize()} er {reason}. Vælg en arbejdsdag.")
        return day

    def clean(self):
        cleaned = super().clean()
        first = cleaned.get("first_meeting_date")
        interval = cleaned.get("interval_days")
        working_days = cleaned.get("deadline_working_days")
        if first is None or interval is None or working_days is None:
            return cleaned
        deadline = board_calendar.subtract_working_days(first, working_days)
        if (first - deadline).days >= interval:
            self.add_error(
                "deadline_working_days",
                f"Fristen er længere end perioden mellem møderne: {working_days} arbejdsdage før "
                f"{danish_date(first, LONG)} er {danish_date(deadline, LONG)}, "
                f"{(first - deadline).days} dage før "
                f"mødet, men der er kun {interval} dage mellem møderne.",
            )
        return cleaned


class BoardPeriodMoveForm(StaleSafeFormMixin, forms.Form):
    new_meeting_date = date_field("ny dato")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class ReminderForm(SubmitOnceForm):
    """ "Send påmindelse" (one project) or "Send til alle": nothing but the one-time submit token, so a
    double click sends once."""

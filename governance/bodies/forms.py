"""Forms for the bodies' pages: members, meetings, agenda items, attendance, minutes and actions.
Every message is Danish; every free text is bounded, so bad input is a form error, never a 500."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from governance.common.forms import (
    CHOICE_ERRORS,
    YEAR_MESSAGE,
    PersonChoiceField,
    ProjectChoiceField,
    StyledForm,
    date_field,
    year_in_range,
)
from governance.models import (
    MINUTES_MAX_CHARS,
    MINUTES_MAX_LINES,
    AgendaItem,
    Meeting,
    Membership,
    validate_minutes,
)
from portfolio.dates import danish_date
from portfolio.forms import ModelMultipleChoiceField
from portfolio.models import Project, User
from portfolio.stale import StaleSafeFormMixin

# Minutes are long documents: above the ordinary text limit, but bounded in characters and lines
# (governance.models.validate_minutes) so that their PDF, printed in the request, stays a few pages.
MINUTES_LIMIT = MINUTES_MAX_CHARS


def check_year(day):
    if not year_in_range(day):
        raise ValidationError(YEAR_MESSAGE)
    return day


def people():
    return User.objects.filter(is_active=True).order_by("first_name", "last_name", "username")


def open_projects():
    return Project.objects.filter(archived=False).order_by("number")


class MembershipAddForm(StyledForm):
    user = PersonChoiceField(label="person", queryset=people(), error_messages=CHOICE_ERRORS)
    role = forms.ChoiceField(
        label="rolle",
        choices=Membership.Role.choices,
        initial=Membership.Role.MEMBER,
        error_messages=CHOICE_ERRORS,
    )
    project = ProjectChoiceField(
        label="knyttet til projekt",
        queryset=open_projects(),
        required=False,
        help_text="Vælg et projekt, hvis medlemskabet kun gælder i projektets levetid. "
        "Tomt for faste medlemmer.",
        error_messages=CHOICE_ERRORS,
    )
    start_date = date_field("fra", help_text="Personen får organets rettigheder fra denne dag.")

    def __init__(self, *args, body, **kwargs):
        self.body = body
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people()
        self.fields["project"].queryset = open_projects()
        self.fields["project"].empty_label = "Fast medlem (intet projekt)"
        self.fields["user"].empty_label = "Vælg en person"
        if not self.is_bound:
            self.initial.setdefault("start_date", timezone.localdate())

    def clean_start_date(self):
        return check_year(self.cleaned_data["start_date"])

    def clean(self):
        cleaned = super().clean()
        user, role = cleaned.get("user"), cleaned.get("role")
        open_ones = Membership.objects.filter(body=self.body, user=user, role=role, end_date__isnull=True)
        if user and role and open_ones.exists():
            self.add_error(
                "user",
                f"{user} er allerede {Membership.Role(role).label.lower()} i {self.body}. "
                "Afslut det medlemskab først, hvis det skal ændres.",
            )
        return cleaned


class MembershipEndForm(StyledForm):
    end_date = date_field(
        "ophører",
        help_text="Den dag medlemskabet ophører. I dag betyder, at rettighederne forsvinder med det samme.",
    )

    def __init__(self, *args, membership, **kwargs):
        self.membership = membership
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("end_date", timezone.localdate())

    def clean_end_date(self):
        day = check_year(self.cleaned_data["end_date"])
        if day < self.membership.start_date:
            raise ValidationError(
                f"Medlemskabet begyndte {danish_date(self.membership.start_date)}; det kan ikke ophøre før."
            )
        if self.membership.end_date is not None:
            raise ValidationError(
                f"Medlemskabet er allerede afsluttet pr. {danish_date(self.membership.end_date)}."
            )
        return day


class MeetingForm(StyledForm):
    date = date_field("dato")
    location = forms.CharField(
        label="sted", required=False, max_length=Meeting._meta.get_field("location").max_length
    )

    def clean_date(self):
        return check_year(self.cleaned_data["date"])


class MeetingEditForm(StaleSafeFormMixin, MeetingForm):
    cancelled = forms.BooleanField(label="mødet er aflyst", required=False)


class AgendaItemForm(StaleSafeFormMixin, StyledForm):
    title = forms.CharField(label="punkt", max_length=AgendaItem._meta.get_field("title").max_length)
    description = forms.CharField(
        label="beskrivelse", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    project = ProjectChoiceField(
        label="projekt", queryset=open_projects(), required=False, error_messages=CHOICE_ERRORS
    )

    def __init__(self, *args, **kwargs):
        # Its own ids: the meeting page shows this form next to the action form (both have a description).
        kwargs.setdefault("auto_id", "agenda_%s")
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = open_projects()
        self.fields["project"].empty_label = "Intet projekt"
        self.fields["title"].error_messages["required"] = "Skriv punktets titel."


class MovesForm(forms.Form):
    direction = forms.ChoiceField(
        choices=[("up", "op"), ("down", "ned")],
        error_messages={**CHOICE_ERRORS, "required": "Vælg op eller ned."},
    )


def attendance_candidates(meeting):
    """The body's members on the meeting's day, and whoever is already recorded as attending."""
    members = Membership.objects.active_on(meeting.date).filter(body_id=meeting.body_id).values("user_id")
    attending = Meeting.attendees.through.objects.filter(meeting_id=meeting.pk).values("user_id")
    return User.objects.filter(Q(pk__in=members) | Q(pk__in=attending)).order_by("first_name", "last_name")


class AttendanceForm(forms.Form):
    attendees = ModelMultipleChoiceField(
        label="deltagere",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={**CHOICE_ERRORS, "invalid_choice": "Vælg kun organets medlemmer."},
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = attendance_candidates(meeting)


class MinutesField(forms.CharField):
    """Line breaks as one character each, as the text box counts them (browsers send \r\n)."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n")


class MinutesForm(StaleSafeFormMixin, forms.Form):
    minutes = MinutesField(
        label="referat",
        required=False,
        strip=False,
        validators=[validate_minutes],
        help_text=f"Højst {MINUTES_LIMIT:,} tegn og {MINUTES_MAX_LINES} linjer.".replace(",", "."),
        widget=forms.Textarea(
            attrs={
                "rows": 16,
                # A class, not a style attribute: the Content-Security-Policy allows no inline style.
                "class": "form-input form-input--wide",
                "maxlength": MINUTES_LIMIT,
                # The meeting page writes the hint (help text included) itself, under this id.
                "aria-describedby": "id_minutes-hint",
            }
        ),
    )


def action_owners(meeting):
    """Owners to choose from: the body's members today or on the meeting's day, and the attendees."""
    today = timezone.localdate()
    members = Membership.objects.filter(body_id=meeting.body_id).filter(
        Q(pk__in=Membership.objects.active_on(today).values("pk"))
        | Q(pk__in=Membership.objects.active_on(meeting.date).values("pk"))
    )
    attending = Meeting.attendees.through.objects.filter(meeting_id=meeting.pk).values("user_id")
    return (
        User.objects.filter(is_active=True)
        .filter(Q(pk__in=members.values("user_id")) | Q(pk__in=attending))
        .order_by("first_name", "last_name")
    )


class ActionForm(StyledForm):
    description = forms.CharField(label="handling", widget=forms.Textarea(attrs={"rows": 2}))
    owner = PersonChoiceField(label="ansvarlig", queryset=User.objects.none(), error_messages=CHOICE_ERRORS)
    due_date = date_field("frist")
    agenda_item = forms.ModelChoiceField(
        label="dagsordenspunkt",
        queryset=AgendaItem.objects.none(),
        required=False,
        error_messages=CHOICE_ERRORS,
    )

    def __init__(self, *args, meeting, **kwargs):
        kwargs.setdefault("auto_id", "action_%s")
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = action_owners(meeting)
        self.fields["owner"].empty_label = "Vælg ansvarlig"
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()
        self.fields["agenda_item"].empty_label = "Mødet generelt"
        self.fields["description"].error_messages["required"] = "Beskriv handlingen."

    def clean_due_date(self):
        return check_year(self.cleaned_data["due_date"])


class ActionDoneForm(forms.Form):
    done = forms.TypedChoiceField(
        choices=[("1", "udført"), ("0", "ikke udført")],
        coerce=lambda value: value == "1",
        error_messages=CHOICE_ERRORS,
    )

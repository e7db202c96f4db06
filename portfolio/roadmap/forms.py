"""The roadmap's window and grouping, read from the query string (the filters are the project list's
ProjectFilter). A value that cannot be used falls back to its default with a Danish message: the page is
always shown, never an error."""

import datetime
import re
from dataclasses import dataclass

from django import forms

from portfolio.models import add_months

MONTH_CHOICES = (12, 24, 36)
DEFAULT_MONTHS = 12
MONTHS_BEFORE_TODAY = 2  # the default window starts two months before today's month
GROUPS = {"focus_area": "Fokusområde", "org_unit": "Forankring", "kind": "Projekttype"}
DEFAULT_GROUP = "focus_area"
START_PATTERN = re.compile(r"^(\d{4})-(\d{1,2})$")
FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class Window:
    """`months` months from the first day of `start`'s month; `end` is the first day after it."""

    start: datetime.date
    months: int

    @property
    def end(self) -> datetime.date:
        return add_months(self.start, self.months)

    @property
    def last_day(self) -> datetime.date:
        return self.end - datetime.timedelta(days=1)

    @property
    def step(self) -> int:
        """How far the earlier and later buttons move it: a quarter of the window."""
        return self.months // 4

    def param(self, months: int = 0) -> str:
        """The start as the query string writes it (YYYY-MM), moved by `months`."""
        day = add_months(self.start, months)
        return f"{day:%Y-%m}"


def default_start(today: datetime.date) -> datetime.date:
    return add_months(today.replace(day=1), -MONTHS_BEFORE_TODAY)


class RoadmapForm(forms.Form):
    months = forms.TypedChoiceField(
        label="Vindue",
        choices=[(str(n), f"{n} måneder") for n in MONTH_CHOICES],
        coerce=int,
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={
            "invalid_choice": "»%(value)s« er ikke et vindue, der kan vælges (12, 24 eller 36 måneder)."
        },
    )
    start = forms.CharField(label="Første måned", required=False)
    group = forms.ChoiceField(
        label="Gruppér efter",
        choices=list(GROUPS.items()),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={
            "invalid_choice": "»%(value)s« er ikke en gruppering; vælg fokusområde, forankring "
            "eller projekttype."
        },
    )

    def clean_start(self):
        value = (self.cleaned_data.get("start") or "").strip()
        if not value:
            return None
        match = START_PATTERN.match(value)
        year, month = (int(match[1]), int(match[2])) if match else (0, 0)
        if not match or not 1 <= month <= 12 or not FIRST_YEAR <= year <= LAST_YEAR:  # noqa: PLR2004
            raise forms.ValidationError(
                "»%(value)s« er ikke en måned i formatet ÅÅÅÅ-MM (fx 2026-03) mellem år 2000 og 2100.",
                params={"value": value[:20]},
            )
        return datetime.date(year, month, 1)

    def window_and_group(self, today: datetime.date) -> tuple[Window, str]:
        """The window and grouping asked for, each field that could not be used at its default."""
        self.is_valid()
        data = {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if name not in self.errors
        }
        months = data.get("months") or DEFAULT_MONTHS
        start = data.get("start") or default_start(today)
        return Window(start, months), data.get("group") or DEFAULT_GROUP

    def messages(self) -> list[str]:
        """What could not be used, and what the page shows instead."""
        defaults = {
            "months": f"Vinduet er {DEFAULT_MONTHS} måneder.",
            "start": "Vinduet starter i stedet to måneder før i dag.",
            "group": "Projekterne er grupperet efter fokusområde.",
        }
        return [f"{error} {defaults[name]}" for name, errors in self.errors.items() for error in errors]

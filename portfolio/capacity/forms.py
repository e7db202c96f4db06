"""The hours grids: a project's resource plan and the units' capacity for a year. One form, rows of
units × columns of quarters, each cell a whole number of hours as Danes write it ("1.200"); empty is 0.
The resource plan has one more row whose unit is picked from a list ("Tilføj enhed")."""

from django import forms

from portfolio.capacity.services import MAX_HOURS
from portfolio.forms import DanishDecimalField, is_id
from portfolio.stale import StaleSafeFormMixin

NEW_ROW = "ny"
NO_UNIT_FOR_HOURS = "Vælg enheden til den nye række, eller slet timerne i den."


class HoursField(DanishDecimalField):
    """A whole number of hours, with or without thousands dots: 120, 1200, 1.200. Empty is 0."""

    default_error_messages = {
        "invalid": "Skriv timerne som et helt tal, fx 120 eller 1.200.",
        "max_digits": "Skriv timerne som et helt tal, fx 120 eller 1.200.",
        "max_whole_digits": "Skriv timerne som et helt tal, fx 120 eller 1.200.",
        "min_value": "Timerne kan ikke være negative.",
        "max_value": f"Højst {MAX_HOURS:,} timer i et kvartal.".replace(",", "."),
        "max_decimal_places": "Skriv timerne som et helt tal uden decimaler.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(max_digits=12, decimal_places=0, min_value=0, max_value=MAX_HOURS, **kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "maxlength": 12, "class": "form-input hours-input"})

    def prepare_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return f"{value:,}".replace(",", ".") if value else ""
        return super().prepare_value(value)

    def clean(self, value):
        hours = super().clean(value)
        return 0 if hours is None else int(hours)


class UnitChoiceField(forms.ModelChoiceField):
    """A unit picked from the list; an id no database column can hold is an invalid choice, not a 500."""

    def to_python(self, value):
        if value not in self.empty_values and not is_id(value):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


def cell_name(unit_id, quarter) -> str:
    return f"h_{unit_id}_{quarter.year}_{quarter.quarter}"


class HoursGridForm(StaleSafeFormMixin, forms.Form):
    """Rows `units` × columns `quarters`; `initial_cells` {(unit id, year, quarter): hours} fills it.
    `addable` (units): offer a new row with a unit picked among them. `cells()` gives the service what
    was typed, every shown cell included (an emptied cell is 0)."""

    def __init__(self, *args, units, quarters, initial_cells, stale_scope, addable=(), **kwargs):
        super().__init__(*args, stale_scope=stale_scope, **kwargs)
        self.units, self.quarters = list(units), list(quarters)
        for unit in self.units:
            for quarter in self.quarters:
                name = cell_name(unit.pk, quarter)
                self.fields[name] = HoursField(
                    label=f"{unit.name}, {quarter.label}",
                    initial=initial_cells.get((unit.pk, quarter.year, quarter.quarter)) or "",
                )
        self.addable = list(addable)
        if self.addable:
            self.fields["new_unit"] = UnitChoiceField(
                label="Tilføj enhed",
                queryset=None,
                required=False,
                empty_label="Vælg enhed",
                error_messages={"invalid_choice": "Vælg en af enhederne på listen."},
                widget=forms.Select(attrs={"class": "form-select"}),
            )
            # The units are already loaded: a queryset over their ids is checked once, on save.
            model = type(self.addable[0])
            self.fields["new_unit"].queryset = model.objects.filter(pk__in=[unit.pk for unit in self.addable])
            self.fields["new_unit"].choices = [("", "Vælg enhed")] + [(u.pk, u.name) for u in self.addable]
            for quarter in self.quarters:
                self.fields[cell_name(NEW_ROW, quarter)] = HoursField(label=f"Ny enhed, {quarter.label}")

    def clean(self):
        cleaned = super().clean()
        unit_missing = self.addable and not cleaned.get("new_unit") and "new_unit" not in self.errors
        if unit_missing and any(cleaned.get(cell_name(NEW_ROW, quarter)) for quarter in self.quarters):
            self.add_error("new_unit", NO_UNIT_FOR_HOURS)
        return cleaned

    def rows(self):
        """For the template: (row label, [bound fields]) per unit."""
        return [
            (unit, [self[cell_name(unit.pk, quarter)] for quarter in self.quarters]) for unit in self.units
        ]

    def new_row(self):
        return [self[cell_name(NEW_ROW, quarter)] for quarter in self.quarters] if self.addable else []

    def cells(self) -> dict[tuple[int, int, int], int]:
        data = self.cleaned_data
        cells = {
            (unit.pk, quarter.year, quarter.quarter): data.get(cell_name(unit.pk, quarter)) or 0
            for unit in self.units
            for quarter in self.quarters
        }
        new_unit = data.get("new_unit")
        if new_unit is not None:
            for quarter in self.quarters:
                hours = data.get(cell_name(NEW_ROW, quarter)) or 0
                key = (new_unit.pk, quarter.year, quarter.quarter)
                cells[key] = cells.get(key, 0) + hours
        return cells

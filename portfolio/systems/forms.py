"""The form the programme group keeps a system's registration with."""

import re

from django import forms
from django.core.exceptions import ValidationError

from portfolio.forms import DanishDateInput, ModelMultipleChoiceField, limit_text_fields, style_fields
from portfolio.models import (
    KLE_FORMAT_MESSAGE,
    KLE_NUMBER_PATTERN,
    ITSystem,
    OrgUnit,
    Project,
    ProjectSystem,
    User,
)
from portfolio.stale import StaleSafeFormMixin

KLE_FIELD_MAX_LENGTH = 1000
RELATION_FIELDS = {
    ProjectSystem.Relation.INTRODUCES: "projects_introducing",
    ProjectSystem.Relation.REPLACES: "projects_replacing",
    ProjectSystem.Relation.CHANGES: "projects_changing",
}
RELATION_LABELS = {
    ProjectSystem.Relation.INTRODUCES: "Projekter, der indfører systemet",
    ProjectSystem.Relation.REPLACES: "Projekter, der erstatter systemet",
    ProjectSystem.Relation.CHANGES: "Projekter, der ændrer systemet",
}


def parse_kle_numbers(text):
    """KLE numbers typed as text (separated by commas, semicolons, spaces or lines) as a sorted list
    without duplicates; a ValidationError in Danish names each number not in the format 00.00.00."""
    items = [item for item in re.split(r"[\s,;]+", text or "") if item]
    bad = [item for item in items if not re.fullmatch(KLE_NUMBER_PATTERN, item)]
    if bad:
        raise ValidationError(
            [
                ValidationError(KLE_FORMAT_MESSAGE, code="invalid_kle", params={"value": item[:20]})
                for item in bad
            ]
        )
    return sorted(set(items))


class KLENumbersField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", KLE_FIELD_MAX_LENGTH)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(value)
        return value

    def clean(self, value):
        return parse_kle_numbers(super().clean(value))

    def has_changed(self, initial, data):
        try:
            return parse_kle_numbers(data) != (initial or [])
        except ValidationError:
            return True


class ITSystemForm(StaleSafeFormMixin, forms.ModelForm):
    kle_numbers = KLENumbersField(
        label="KLE-numre",
        required=False,
        help_text="Numre i formatet 00.00.00, adskilt med komma, fx 27.24.00, 32.18.02.",
    )

    class Meta:
        model = ITSystem
        fields = [
            "name",
            "description",
            "vendor",
            "owner_unit",
            "system_owner",
            "system_responsible",
            "lifecycle",
            "criticality",
            "user_count",
            "hosting",
            "on_common_infrastructure",
            "kle_numbers",
            "contract_end",
            "notice_months",
            "kitos_uuid",
        ]
        widgets = {
            "contract_end": DanishDateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "on_common_infrastructure": "Kører systemet på fælleskommunal infrastruktur (fx via KOMBIT)?",
            "notice_months": "Hele måneder før kontraktudløb, hvor opsigelsen senest skal gives (0-60).",
            "kitos_uuid": "Systemanvendelsens UUID i OS2 KITOS; sættes af KITOS-importen.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people = User.objects.filter(is_active=True).order_by("first_name", "last_name", "username")
        self.fields["owner_unit"].queryset = OrgUnit.objects.filter(archived=False).order_by("name")
        self.fields["system_owner"].queryset = people
        self.fields["system_responsible"].queryset = people
        projects = Project.objects.not_archived().order_by("number")
        current = {}
        if self.instance.pk:
            for link in self.instance.project_links.all():
                current.setdefault(link.relation, []).append(link.project_id)
        for relation, name in RELATION_FIELDS.items():
            self.fields[name] = ModelMultipleChoiceField(
                label=RELATION_LABELS[relation],
                help_text="Hold Ctrl (Cmd på Mac) nede for at vælge flere.",
                queryset=projects,
                required=False,
                initial=current.get(relation, []),
                # Det Fælles Designsystem styles .form-select as a one-line dropdown: a list box here
                # (by a class: the Content-Security-Policy allows no inline style).
                widget=forms.SelectMultiple(attrs={"size": 8, "class": "form-input form-input--listbox"}),
            )
        limit_text_fields(self)
        style_fields(self)

    def clean(self):
        cleaned = super().clean()
        seen = {}
        for relation, name in RELATION_FIELDS.items():
            for project in cleaned.get(name) or []:
                if project.pk in seen:
                    self.add_error(
                        name,
                        f"Projektet {project.number} er allerede valgt som et projekt, der "
                        f"{seen[project.pk].label.lower()} systemet. Vælg ét forhold pr. projekt.",
                    )
                else:
                    seen[project.pk] = relation
        return cleaned

    def project_links(self):
        """{project: relation} from the three project fields (after is_valid())."""
        links = {}
        for relation, name in RELATION_FIELDS.items():
            for project in self.cleaned_data.get(name) or []:
                links[project] = relation
        return links


class KitosImportForm(forms.Form):
    """An OS2 KITOS export to upload; the import itself checks what is in it (portfolio.systems.kitos)."""

    file = forms.FileField(
        label="KITOS-eksport (JSON)",
        help_text="Svaret fra KITOS' API v2, /api/v2/it-system-usages, gemt som en JSON-fil.",
        allow_empty_file=True,  # the import says in Danish what is wrong with an empty file
    )
    dry_run = forms.BooleanField(
        label="Tørkørsel", required=False, help_text="Vis ændringerne uden at gemme noget."
    )

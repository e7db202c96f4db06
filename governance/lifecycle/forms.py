"""Forms of a project's requests. They parse and bound input (Danish errors, never an exception); the
rules live in governance.lifecycle.services."""

from django import forms

from governance.common.forms import DateBoundsMixin, date_field
from governance.lifecycle.services import CHANGE_OUTCOMES, GATE_OUTCOMES
from governance.models import ProjectRequest
from portfolio.forms import DanishDecimalField, SubmitOnceForm, limit_text_fields, style_fields
from portfolio.stale import StaleSafeFormMixin

NOTE_MAX_LENGTH = 1000
TEXT_MAX_LENGTH = 5000


class GateRequestForm(StaleSafeFormMixin, SubmitOnceForm):
    """The gate's checklist: per item a tick and an optional note. Computed items (benefit owners named)
    are shown, not ticked. `version` is the project's token: the start items are written back to it."""

    def __init__(self, *args, items: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"done_{item['key']}"] = forms.BooleanField(
                label=item["label"], required=False, initial=item["done"], disabled=bool(item.get("computed"))
            )
            self.fields[f"note_{item['key']}"] = forms.CharField(
                label=f"Bemærkning til »{item['label']}«",
                required=False,
                max_length=NOTE_MAX_LENGTH,
                widget=forms.TextInput(),
            )
        style_fields(self)

    def rows(self):
        """(item, tick field, note field) per checklist item, for the template."""
        return [(item, self[f"done_{item['key']}"], self[f"note_{item['key']}"]) for item in self.items]

    def answers(self) -> dict:
        data = self.cleaned_data
        return {
            item["key"]: (data[f"done_{item['key']}"], data[f"note_{item['key']}"]) for item in self.items
        }


class ChangeRequestForm(DateBoundsMixin, SubmitOnceForm):
    date_fields = ("new_end_date",)

    reason = forms.CharField(
        label="Begrundelse",
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Skriv begrundelsen for ændringen."},
    )
    scope_change = forms.CharField(
        label="Ændring af omfang",
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Hvad kommer med, og hvad udgår.",
    )
    new_end_date = date_field("Ny forventet slutdato", required=False)
    budget_change = DanishDecimalField(
        label="Ændring af budget (kr.)",
        required=False,
        help_text="Fx 250.000 eller -50.000 for en besparelse. Lægges til budgettet og årets investering i "
        "business casen, når ændringen godkendes.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_text_fields(self)
        style_fields(self)


class RequestAnswerForm(SubmitOnceForm):
    outcome = forms.ChoiceField(
        label="Svar",
        widget=forms.RadioSelect,
        error_messages={"required": "Vælg et af svarene.", "invalid_choice": "Vælg et af svarene."},
    )
    text = forms.CharField(
        label="Betingelser eller begrundelse",
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Skal udfyldes ved »Godkend med betingelser« og »Send tilbage«.",
    )

    def __init__(self, *args, project_request: ProjectRequest, **kwargs):
        super().__init__(*args, **kwargs)
        labels = {
            ProjectRequest.State.PASSED: "Godkend",
            ProjectRequest.State.PASSED_WITH_CONDITIONS: "Godkend med betingelser",
            ProjectRequest.State.RETURNED: "Send tilbage",
        }
        outcomes = GATE_OUTCOMES if project_request.is_gate else CHANGE_OUTCOMES
        self.fields["outcome"].choices = [(value, labels[value]) for value in outcomes]
        if not project_request.is_gate:
            self.fields["text"].label = "Begrundelse"
            self.fields["text"].help_text = "Skal udfyldes ved »Send tilbage«."
        style_fields(self)

    def clean(self):
        cleaned = super().clean()
        outcome = cleaned.get("outcome")
        if outcome == ProjectRequest.State.PASSED_WITH_CONDITIONS and not cleaned.get("text", "").strip():
            self.add_error("text", "Skriv betingelserne for godkendelsen.")
        if outcome == ProjectRequest.State.RETURNED and not cleaned.get("text", "").strip():
            self.add_error("text", "Skriv, hvorfor anmodningen sendes tilbage.")
        return cleaned

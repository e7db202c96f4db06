"""The project's own forms: the project itself, its milestones and its risks. The programme's rules are
checked here, next to the fields; the shared form pieces are in portfolio.forms."""

from django import forms

from focusareas.models import FocusArea
from portfolio.forms import (
    AmountField,
    DanishDateInput,
    ModelMultipleChoiceField,
    SearchableCheckboxes,
    SubmitTokenField,
    https_urls,
    limit_text_fields,
    style_fields,
)
from portfolio.models import START_CHECKLIST_FIELDS, Milestone, Phase, Project, Risk, RiskLevel, User
from portfolio.services import LEADER_REQUIRED_MESSAGE, project_stale_scope
from portfolio.stale import StaleSafeFormMixin

# Phases a project may only enter once the start-phase checklist's first three items are done.
PHASES_AFTER_ANALYSIS = {Phase.EXECUTION, Phase.REALISATION, Phase.CLOSED}
CHECKLIST_REQUIRED_MESSAGE = (
    "Projektet kan først gå videre fra analyse, når databeskyttelsesrådgiver, "
    "informationssikkerhedskoordinator og IT og Digitalisering er inddraget."
)


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
    budget = AmountField(label="Budget (kr.)")
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

"""Forms of the bodies' answer to a project's end: sending a closing report back, stopping a project."""

from django import forms

from governance.common.forms import StyledForm


class ReasonForm(StyledForm):
    """A required reason: why a closing report goes back to the leader, or why a project is stopped."""

    reason = forms.CharField(
        label="Begrundelse",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Skriv en begrundelse."},
    )

    def __init__(self, *args, label=None, help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["reason"].label = label
        self.fields["reason"].help_text = help_text


class ReturnForm(ReasonForm):
    def __init__(self, *args, **kwargs):
        super().__init__(
            *args,
            label="Begrundelse for at sende rapporten tilbage",
            help_text="Projektlederen ser begrundelsen og retter rapporten til.",
            **kwargs,
        )


class StopForm(ReasonForm):
    def __init__(self, *args, **kwargs):
        super().__init__(
            *args,
            label="Hvorfor stoppes projektet?",
            help_text="Begrundelsen står på projektet og i beslutningen.",
            **kwargs,
        )


class AcceptForm(StyledForm):
    """The acceptance's decision text; empty gives the standard wording."""

    text = forms.CharField(
        label="Beslutningstekst",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Valgfri. Uden tekst registreres: »Programgruppen godkender afslutningsrapporten …«.",
    )

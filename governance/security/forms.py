"""The form of the IT-security group's yearly task (the rules live in governance.security.services)."""

from django import forms
from django.utils import timezone

from governance.common.forms import DateBoundsMixin, date_field
from governance.decisions.services import DECISION_TEXT_MAX_CHARS
from governance.security.services import SECURITY_OUTCOME_MAX_CHARS
from portfolio.forms import style_fields


class SecurityReviewForm(DateBoundsMixin, forms.Form):
    date_fields = ("completed_on",)

    completed_on = date_field("Udført", initial=timezone.localdate)
    outcome = forms.CharField(
        label="Resultat",
        max_length=SECURITY_OUTCOME_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Hvad gennemgangen viste.",
    )
    decision_text = forms.CharField(
        label="Gruppens beslutning",
        max_length=DECISION_TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Føres i beslutningsloggen som IT-sikkerhedsgruppens beslutning.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)

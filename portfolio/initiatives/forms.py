"""The form for the register of national initiatives (KL, KOMBIT, Digitaliseringsstyrelsen, …)."""

from django import forms

from portfolio.forms import https_urls, limit_text_fields, style_fields
from portfolio.models import ExternalInitiative
from portfolio.stale import StaleSafeFormMixin


class ExternalInitiativeForm(StaleSafeFormMixin, forms.ModelForm):
    class Meta:
        model = ExternalInitiative
        formfield_callback = https_urls
        fields = ["name", "owner", "description", "url"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "owner": "Hvem der står bag initiativet nationalt.",
            "url": "Fx initiativets side hos KL, KOMBIT eller Digitaliseringsstyrelsen.",
        }
        error_messages = {"name": {"unique": "Der findes allerede et nationalt initiativ med det navn."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_text_fields(self)
        style_fields(self)

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Skriv initiativets navn.")
        clash = ExternalInitiative.objects.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("Der findes allerede et nationalt initiativ med det navn.")
        return name

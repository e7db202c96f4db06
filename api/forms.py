from django import forms

EXPIRY_CHOICES = [(30, "30 dage"), (90, "90 dage"), (180, "180 dage"), (365, "1 år")]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="Navn",
        max_length=100,
        help_text="Hvad nøglen bruges til, fx 'Power BI, styringsrapport'.",
        widget=forms.TextInput(attrs={"class": "form-input"}),
    )
    days = forms.TypedChoiceField(
        label="Gælder i",
        choices=EXPIRY_CHOICES,
        coerce=int,
        initial=90,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

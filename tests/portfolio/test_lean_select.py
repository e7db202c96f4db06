"""The filters' LeanSelect writes exactly the markup of Django's Select, without a template per option."""

import pytest
from django import forms

from portfolio.filters import LeanSelect

CHOICES = [
    ("", "Alle"),
    ("a&b", "Tom & Jerry <3>"),
    (7, "Syv"),
    ("Gruppe", [("x", "Eks"), ("y", "Ypsilon")]),
]


@pytest.mark.parametrize("value", [None, "", "a&b", "7", 7, "y", "ukendt"])
@pytest.mark.parametrize("attrs", [{"class": "form-select"}, {"class": "form-select", "disabled": True}])
def test_it_writes_the_markup_of_djangos_select(value, attrs):
    extra = {"id": "id_x", "aria-describedby": "id_x_helptext", "aria-invalid": "true", "required": False}
    expected = forms.Select(attrs=attrs, choices=CHOICES).render("x", value, extra)
    assert LeanSelect(attrs=attrs, choices=CHOICES).render("x", value, extra) == expected


def test_it_selects_only_the_first_matching_option():
    choices = [("1", "En"), ("1", "En igen")]
    expected = forms.Select(choices=choices).render("x", "1")
    assert LeanSelect(choices=choices).render("x", "1") == expected
    assert expected.count("selected") == 1

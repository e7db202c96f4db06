"""Datakvalitet: /data-quality/."""

from django.urls import path

from governance.dataquality import views

urlpatterns = [
    path("", views.data_quality, name="data-quality"),
]

"""The register of national initiatives: /initiatives/ (namespace "initiatives")."""

from django.urls import path

from portfolio.initiatives import views as initiatives

app_name = "initiatives"

urlpatterns = [
    path("", initiatives.initiative_list, name="list"),
    path("new/", initiatives.initiative_create, name="create"),
    path("<int:pk>/", initiatives.initiative_detail, name="detail"),
    path("<int:pk>/edit/", initiatives.initiative_edit, name="edit"),
]

from django.urls import path

from governance.capacity import views

urlpatterns = [
    path("", views.capacity, name="capacity"),
    path("export.xlsx", views.capacity_export, name="capacity-export"),
    path("units/<int:year>/", views.unit_capacity, name="unit-capacity"),
    path("<int:unit_pk>/<int:year>/<int:quarter>/", views.capacity_cell, name="capacity-cell"),
]

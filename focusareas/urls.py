from django.urls import path

from focusareas import views

app_name = "focusareas"

urlpatterns = [
    path("", views.focus_area_list, name="list"),
]

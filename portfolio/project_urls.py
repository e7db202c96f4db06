from django.urls import path

from portfolio import views

app_name = "portfolio"

urlpatterns = [
    path("", views.project_list, name="project-list"),
    path("<int:pk>/", views.project_detail, name="project-detail"),
]

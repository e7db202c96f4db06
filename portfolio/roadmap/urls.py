from django.urls import path

from portfolio.roadmap import views

app_name = "roadmap"

urlpatterns = [
    path("", views.roadmap, name="index"),
    path("pdf", views.roadmap_pdf, name="pdf"),
]

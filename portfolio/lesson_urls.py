"""The lessons learned of closed and stopped projects, searchable across projects: /lessons/."""

from django.urls import path

from portfolio.views import closing

app_name = "lessons"

urlpatterns = [path("", closing.lesson_list, name="list")]

"""A project's end, at /projects/<pk>/…: the programme group's answer to its closing report; stopping."""

from django.urls import path

from governance.lifecycle import closing_views

urlpatterns = [
    path("<int:pk>/closing/accept/", closing_views.closing_accept, name="closing-accept"),
    path("<int:pk>/closing/return/", closing_views.closing_return, name="closing-return"),
    path("<int:pk>/stop/", closing_views.project_stop, name="project-stop"),
]

"""A project's requests to its bodies (gate, change of course): /projects/<pk>/gate/new/, … /requests/<pk>/"""

from django.urls import path

from governance.lifecycle import views

urlpatterns = [
    path("projects/<int:pk>/gate/new/", views.gate_request_create, name="gate-request-create"),
    path("projects/<int:pk>/change/new/", views.change_request_create, name="change-request-create"),
    path("requests/<int:pk>/", views.request_detail, name="request-detail"),
    path("requests/<int:pk>/answer/", views.request_answer, name="request-answer"),
    path("requests/<int:pk>/withdraw/", views.request_withdraw, name="request-withdraw"),
]

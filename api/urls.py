"""/api/: the schema, its documentation and the resources of version 1.

Plain paths rather than a router, so every URL has one name and one form (no format suffixes: `?format=csv`).
Every view here answers for itself: an anonymous request gets 401 JSON, never the login page."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from api import docs, views

LIST = {"get": "list"}
DETAIL = {"get": "retrieve"}


def _resource(name, viewset):
    return [
        path(f"v1/{name}/", login_not_required(viewset.as_view(LIST)), name=f"{name}-list"),
        path(f"v1/{name}/<int:pk>/", login_not_required(viewset.as_view(DETAIL)), name=f"{name}-detail"),
    ]


app_name = "api"
urlpatterns = [
    path("schema/", login_not_required(docs.SchemaView.as_view()), name="schema"),
    path("docs/", login_not_required(docs.DocsView.as_view()), name="docs"),
    *_resource("projects", views.ProjectViewSet),
    *_resource("status-reports", views.StatusReportViewSet),
]

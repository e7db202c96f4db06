"""/api/: the schema, its documentation and the resources of version 1, one sub-package per app whose
nouns they show (api/portfolio/, …), each with its own `urlpatterns`."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from api import docs
from api.benefits import urls as benefits_urls
from api.focusareas import urls as focusareas_urls
from api.governance import urls as governance_urls
from api.portfolio import urls as portfolio_urls

app_name = "api"
urlpatterns = [
    path("schema/", login_not_required(docs.SchemaView.as_view()), name="schema"),
    path("docs/", login_not_required(docs.DocsView.as_view()), name="docs"),
    *portfolio_urls.urlpatterns,
    *benefits_urls.urlpatterns,
    *focusareas_urls.urlpatterns,
    *governance_urls.urlpatterns,
]

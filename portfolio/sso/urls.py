"""Single sign-on's URLs, under accounts/sso/: one module per protocol."""

from django.urls import include, path

urlpatterns = [
    path("oidc/", include("portfolio.sso.oidc_urls")),
    path("saml/", include("portfolio.sso.saml_urls")),
]

"""OpenID Connect's URLs under accounts/sso/oidc/ (the callback is what the provider registers as the
redirect URI)."""

from django.urls import path

from portfolio.sso import oidc_views

urlpatterns = [
    path("login/", oidc_views.oidc_login, name="oidc_login"),
    path("callback/", oidc_views.oidc_callback, name="oidc_callback"),
]

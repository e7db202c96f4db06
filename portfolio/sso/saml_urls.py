"""SAML 2.0's URLs under accounts/sso/saml/. Open to anyone: they are how one signs in."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from portfolio.sso import saml_views

urlpatterns = [
    path("login/", login_not_required(saml_views.LoginView.as_view()), name="saml_login"),
    path("acs/", login_not_required(saml_views.AssertionConsumerView.as_view()), name="saml_acs"),
    path("ls/", login_not_required(saml_views.LogoutServiceView.as_view()), name="saml_logout_service"),
    path(
        "ls/post/",
        login_not_required(saml_views.LogoutServiceView.as_view()),
        name="saml_logout_service_post",
    ),
    path("metadata/", login_not_required(saml_views.MetadataView.as_view()), name="saml_metadata"),
]

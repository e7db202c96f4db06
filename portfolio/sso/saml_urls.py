"""SAML 2.0's URLs under accounts/sso/saml/."""

urlpatterns = []

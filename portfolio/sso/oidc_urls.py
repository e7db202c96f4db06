"""OpenID Connect's URLs under accounts/sso/oidc/."""

urlpatterns = []

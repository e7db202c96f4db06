"""Root URL configuration: the site's own pages plus each app's urls (included, never imported from)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from portfolio.sso import views as sso_views
from portfolio.views import accounts, pages

urlpatterns = [
    path("", include("governance.start.urls")),
    path("", include("governance.dashboard.urls")),
    path("health/", pages.health, name="health"),
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    # Ends the identity provider's session too, for someone who signed in through it (portfolio/sso/).
    path("accounts/logout/", sso_views.logout, name="logout"),
    path("accounts/sso/", include("portfolio.sso.urls")),
    # Glemt adgangskode: Django's reset by e-mail for local accounts (portfolio/views/accounts.py).
    path("accounts/password-reset/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"
    ),
    path("projects/", include("portfolio.project_urls")),
    path("lessons/", include("portfolio.lesson_urls")),
    path("roadmap/", include("portfolio.roadmap.urls")),
    path("systems/", include("portfolio.systems.urls")),
    path("initiatives/", include("portfolio.initiatives.urls")),
    path("focus-areas/", include("focusareas.urls")),
    path("benefits/", include("benefits.urls")),
    path("", include("governance.urls")),
    # The read-only API (the api app) and the user's own API keys.
    path("api/", include("api.urls")),
    path("profile/", include("api.profile_urls")),
    path("admin/", admin.site.urls),
]

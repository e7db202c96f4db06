"""Root URL configuration: the site's own pages plus each app's urls (included, never imported from)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from portfolio.views import pages

urlpatterns = [
    path("", include("governance.start.urls")),
    path("", include("governance.dashboard.urls")),
    path("health/", pages.health, name="health"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("projects/", include("portfolio.project_urls")),
    path("lessons/", include("portfolio.lesson_urls")),
    path("roadmap/", include("portfolio.roadmap.urls")),
    path("systems/", include("portfolio.systems.urls")),
    path("initiatives/", include("portfolio.initiatives.urls")),
    path("focus-areas/", include("focusareas.urls")),
    path("benefits/", include("benefits.urls")),
    path("", include("governance.urls")),
    path("admin/", admin.site.urls),
]

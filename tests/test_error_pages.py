"""The Danish error pages through Django's real handlers (DEBUG off): 400, 403 (with the reason a
PermissionDenied carries), the CSRF failure, 404 and 500, the last without the database.

The URLconf is the portal's own plus a few views that fail on purpose (this module is its own URLconf)."""

import pytest
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import Client
from django.urls import path

from portfolio.models import User
from portfolio.urls import urlpatterns as portal_urlpatterns
from tests.factories import UserFactory

FORBIDDEN_REASON = "Kun organets sekretær kan skrive referatet."


def forbidden_with_reason(request):
    raise PermissionDenied(FORBIDDEN_REASON)


def forbidden(request):
    raise PermissionDenied


@login_not_required
def broken(request):
    raise RuntimeError("en fejl i koden")


@login_not_required
def asks_the_database(request):
    return HttpResponse(str(User.objects.count()))


urlpatterns = [
    path("test-fejl/forbudt-med-grund/", forbidden_with_reason),
    path("test-fejl/forbudt/", forbidden),
    path("test-fejl/server/", broken),
    path("test-fejl/database/", asks_the_database),
    *portal_urlpatterns,
]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

HOME_LINK = 'href="/">Gå til forsiden</a>'


@pytest.fixture(autouse=True)
def production_like(settings):
    settings.DEBUG = False


@pytest.fixture
def reader(client):
    client.force_login(UserFactory(username="laeser", first_name="Lis", last_name="Læser"))
    return client


def page(response) -> str:
    return response.content.decode()


def test_it_shows_the_danish_403_page_in_the_portal_layout(reader):
    response = reader.get("/test-fejl/forbudt/")
    text = page(response)
    assert response.status_code == 403
    assert "Du har ikke adgang til denne side" in text and HOME_LINK in text
    assert "Hovedmenu" in text and "Lis Læser" in text  # the portal's layout, with the user's navigation
    assert "403 Forbidden" not in text and 'role="alert"' not in text


def test_it_shows_the_reason_a_permission_denied_carries(reader):
    response = reader.get("/test-fejl/forbudt-med-grund/")
    assert response.status_code == 403
    assert "Du har ikke adgang til denne side" in page(response) and FORBIDDEN_REASON in page(response)


def test_it_shows_the_danish_403_page_for_a_real_refusal(reader):
    """A plain employee may not see the indsatsplan's PDF status (views.plans.plan_pdf_status)."""
    response = reader.get("/plans/2027/v1/pdf/status/")
    assert response.status_code == 403 and "Du har ikke adgang til denne side" in page(response)


def test_it_shows_the_danish_404_page(reader):
    response = reader.get("/findes-ikke/")
    text = page(response)
    assert response.status_code == 404
    assert "Siden findes ikke" in text and HOME_LINK in text and "Hovedmenu" in text
    assert "Not Found" not in text


def test_it_shows_the_danish_404_page_for_an_object_that_does_not_exist(reader):
    response = reader.get("/projects/999999/")
    assert response.status_code == 404 and "Siden findes ikke" in page(response)
    assert "No Project matches" not in page(response)


def test_it_shows_the_danish_400_page_for_a_host_not_allowed():
    response = Client().get("/", HTTP_HOST="ukendt.example.org")
    text = page(response)
    assert response.status_code == 400
    assert "Forespørgslen kunne ikke behandles" in text and HOME_LINK in text
    assert "Bad Request" not in text


def test_it_shows_the_danish_csrf_failure_page(reader):
    user = User.objects.get(username="laeser")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post("/accounts/logout/")
    text = page(response)
    assert response.status_code == 403
    assert "Formularen kunne ikke sendes" in text and HOME_LINK in text
    assert "CSRF verification failed" not in text and "Teknisk årsag" not in text


def test_it_shows_the_danish_500_page():
    client = Client(raise_request_exception=False)
    response = client.get("/test-fejl/server/")
    text = page(response)
    assert response.status_code == 500
    assert "Der opstod en fejl" in text and HOME_LINK in text
    assert 'href="/static/css/portal.css"' in text  # the portal's look, from static CSS alone
    assert "Server Error" not in text and "en fejl i koden" not in text


def test_it_renders_the_500_page_with_the_database_unavailable(django_db_blocker):
    """The view asks the database and may not (pytest-django's blocker raises), so Django's handler
    renders 500.html; that it answers at all shows the page asked the database nothing."""
    client = Client(raise_request_exception=False)
    with django_db_blocker.block():
        response = client.get("/test-fejl/database/")
    assert response.status_code == 500 and "Der opstod en fejl" in page(response)

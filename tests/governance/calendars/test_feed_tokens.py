"""The private address's lifecycle: made on the page, open without login, stored only as a hash, a new
one revoking the old (kept, never deleted), and 404 for an unknown or revoked address."""

import hashlib

import pytest
from django.urls import reverse

from governance.calendars.tokens import feed_token
from governance.models import CalendarFeed
from tests.governance.calendars.feeds import feed_path, read

pytestmark = pytest.mark.django_db

PAGE = "/calendar/"
NEW = "/calendar/new-address/"


def _address(client) -> str:
    """The address the page shows in its copy field."""
    page = client.get(PAGE).content.decode()
    start = page.index('value="http://127.0.0.1:8000/calendar/') + len('value="http://127.0.0.1:8000')
    return page[start : page.index('"', start)]


def test_it_makes_an_address_that_opens_the_feed_without_login(client, reader):
    client.force_login(reader)
    assert "Du har ingen kalenderadresse endnu." in client.get(PAGE).content.decode()

    response = client.post(NEW, follow=True)
    assert "Din kalenderadresse er klar." in response.content.decode()
    path = _address(client)
    client.logout()

    calendar = read(client.get(path))
    assert str(calendar["X-WR-CALNAME"]).startswith("Digitaliseringsportalen – ")


def test_it_keeps_only_the_hash_of_the_token(reader, client):
    client.force_login(reader)
    client.post(NEW)
    feed = CalendarFeed.objects.get(user=reader)
    token = feed_token(feed.nonce)

    assert feed.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {feed.nonce, feed.token_hash}
    assert feed_path(feed) == f"/calendar/{token}.ics"


def test_it_revokes_the_old_address_when_she_makes_a_new_one(client, reader):
    client.force_login(reader)
    client.post(NEW)
    old = _address(client)

    response = client.post(NEW, follow=True)
    new = _address(client)

    assert "Din nye kalenderadresse er klar. Den gamle virker ikke længere." in response.content.decode()
    assert new != old
    client.logout()
    assert client.get(old).status_code == 404
    read(client.get(new))
    # Nothing is deleted: the old row is kept, revoked.
    feeds = CalendarFeed.objects.filter(user=reader).order_by("created_at")
    assert [feed.revoked_at is not None for feed in feeds] == [True, False]


@pytest.mark.parametrize("token", ["ukendt", "0" * 64, "æøå", "a" * 500])
def test_it_answers_an_unknown_address_with_404(client, reader, token):
    client.force_login(reader)
    client.post(NEW)
    client.logout()

    assert client.get(reverse("governance:calendar-feed", args=[token])).status_code == 404


def test_it_closes_the_address_of_a_deactivated_person(client, reader):
    client.force_login(reader)
    client.post(NEW)
    path = _address(client)
    reader.is_active = False
    reader.save(update_fields=["is_active"])

    assert client.get(path).status_code == 404


def test_it_refuses_to_make_an_address_on_a_get(client, reader):
    client.force_login(reader)

    assert client.get(NEW).status_code == 405
    assert not CalendarFeed.objects.exists()

"""Login throttling (django-axes): five wrong passwords for one username from one address lock that pair
for 15 minutes, with a Danish page; the same person elsewhere and colleagues at the same address are not
affected, and a successful login forgets earlier failures."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.db.models import F

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "korrekt-hest-batteri-hæfteklamme"
OFFICE = "10.20.30.40"
HOME = "192.0.2.17"


@pytest.fixture
def person():
    return UserFactory(username="projektleder", password=PASSWORD)


def log_in(client, username, password, address=OFFICE, path="/accounts/login/", **extra):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=address, **extra)


def fail(client, username, times, address=OFFICE, **extra):
    return [log_in(client, username, "forkert-kodeord", address, **extra) for _ in range(times)]


def logged_in(client):
    return SESSION_KEY in client.session


def test_it_locks_the_username_and_address_at_the_fifth_wrong_password(client, person):
    before = fail(client, person.username, 4)
    assert [response.status_code for response in before] == [200] * 4
    assert "Indtast venligst korrekt brugernavn og adgangskode" in before[-1].content.decode()

    fifth = fail(client, person.username, 1)[0]
    assert fifth.status_code == 429

    # Locked: even the right password is refused now.
    response = log_in(client, person.username, PASSWORD)
    assert response.status_code == 429
    assert not logged_in(client)


def test_it_tells_the_locked_out_person_in_danish_what_happened_and_when_to_try_again(client, person):
    response = fail(client, person.username, 5)[-1]
    html = response.content.decode()
    assert response.status_code == 429
    assert "<h1>Log ind er midlertidigt spærret</h1>" in html
    assert "forkert adgangskode 5 gange i træk for brugernavnet <strong>projektleder</strong>" in html
    assert "prøve igen om 15 minutter" in html
    assert 'href="/accounts/login/"' in html
    assert "Account locked" not in html and "too many" not in html.lower()


def test_it_still_lets_the_same_username_in_from_another_address(client, person):
    fail(client, person.username, 5, address=OFFICE)
    assert log_in(client, person.username, PASSWORD, address=OFFICE).status_code == 429

    response = log_in(client, person.username, PASSWORD, address=HOME)
    assert response.status_code == 302
    assert logged_in(client)


def test_it_still_lets_a_colleague_in_from_the_same_address(client, person):
    colleague = UserFactory(username="programgruppe", password=PASSWORD)
    fail(client, person.username, 5, address=OFFICE)

    response = log_in(client, colleague.username, PASSWORD, address=OFFICE)
    assert response.status_code == 302
    assert logged_in(client)


def test_it_forgets_the_failures_after_a_successful_login(client, person):
    fail(client, person.username, 4)
    assert log_in(client, person.username, PASSWORD).status_code == 302
    client.post("/accounts/logout/")

    # Counted from zero again: four more failures do not lock (without the reset, eight would).
    assert [response.status_code for response in fail(client, person.username, 4)] == [200] * 4
    assert log_in(client, person.username, PASSWORD).status_code == 302
    assert logged_in(client)


def test_it_lets_the_pair_in_again_after_the_cool_off(client, person):
    fail(client, person.username, 5)
    assert log_in(client, person.username, PASSWORD).status_code == 429

    AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=16))

    assert log_in(client, person.username, PASSWORD).status_code == 302
    assert logged_in(client)


def test_it_locks_the_admin_login_the_same_way(client):
    admin = UserFactory(username="admin", password=PASSWORD, is_staff=True, is_superuser=True)
    fail(client, admin.username, 5, path="/admin/login/")

    response = log_in(client, admin.username, PASSWORD, path="/admin/login/")
    assert response.status_code == 429
    assert "Log ind er midlertidigt spærret" in response.content.decode()


def test_it_takes_the_address_from_the_proxy_not_from_the_client(client, person, settings):
    """Behind one reverse proxy every request comes from the proxy's address; the client's is the entry
    the proxy appended to X-Forwarded-For. What the client wrote there itself does not count."""
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "172.18.0.5"
    for forged in ("1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4", "5.5.5.5"):
        log_in(client, person.username, "forkert-kodeord", proxy, HTTP_X_FORWARDED_FOR=f"{forged}, {OFFICE}")

    locked = log_in(client, person.username, PASSWORD, proxy, HTTP_X_FORWARDED_FOR=OFFICE)
    assert locked.status_code == 429
    # Another client through the same proxy is another address.
    response = log_in(client, person.username, PASSWORD, proxy, HTTP_X_FORWARDED_FOR=HOME)
    assert response.status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {OFFICE}


def test_it_forgets_logins_older_than_the_retention_period(client, person, settings):
    from axes.models import AccessLog

    from portfolio.schedules import BEAT_SCHEDULE
    from portfolio.tasks import login_logs_prune

    settings.LOGIN_LOG_RETENTION_DAYS = 90
    log_in(client, person.username, PASSWORD)
    assert logged_in(client)
    recent = AccessLog.objects.get(username=person.username)
    old = AccessLog.objects.create(username=person.username, ip_address=HOME, user_agent="", path_info="/")
    AccessLog.objects.filter(pk=old.pk).update(attempt_time=F("attempt_time") - datetime.timedelta(days=91))

    assert login_logs_prune.delay().get() == 1
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [recent.pk]
    assert login_logs_prune.delay().get() == 0
    assert BEAT_SCHEDULE["login-logs-prune"]["task"] == login_logs_prune.name

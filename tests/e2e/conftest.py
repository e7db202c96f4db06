"""A real Chromium, driven by Playwright, against pytest-django's live server.

The system's Chromium is used: Playwright never downloads a browser here. Locally the tests skip
when it is missing; in CI (CI=true) they fail.

Playwright's sync API keeps an asyncio loop running in this thread while it is started. Django then
(a) refuses ORM calls from the thread unless DJANGO_ALLOW_ASYNC_UNSAFE is set, and (b) keeps its
database connections per context instead of per thread, so the test database's own connection
(with the state pytest-django's serialized rollback needs) is hidden while Playwright runs. So
Playwright runs for one test at a time: started after the test database is set up for the test,
stopped (and its connections closed) before the database is flushed, and the environment variable
is set only meanwhile, never for the rest of the session or its subprocesses.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests import services

SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "var" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PAGE_TIMEOUT = 10_000  # ms, for the page's actions and expect()'s waits
EXPECT_DEFAULT_TIMEOUT = 5_000  # Playwright's own, restored after each test


@pytest.fixture
def browser(live_server, monkeypatch):
    services.require_service("chromium")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=services.CHROMIUM_PATH, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()
            # The connections the test opened while the loop ran: close them before it stops.
            connections.close_all()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="da-DK")
    context.set_default_timeout(PAGE_TIMEOUT)
    # expect() waits as long as the page's own actions do (its default is 5 s): on the busy 2-core CI
    # machine a live server's page once took longer than that to arrive after a key press.
    expect.set_options(timeout=PAGE_TIMEOUT)
    page = context.new_page()
    yield page
    expect.set_options(timeout=EXPECT_DEFAULT_TIMEOUT)
    context.close()


@pytest.fixture
def screenshot(page, request):
    """`screenshot("after-login")` saves var/screenshots/<test>-after-login.png for humans to look at."""

    def take(label: str) -> Path:
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w-]+", "-", f"{request.node.name}-{label}").strip("-")
        path = SCREENSHOT_DIR / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def eager_celery_and_private_media(settings, tmp_path):
    """Tasks run in the live server's process (no worker in the browser tests), and generated files go to
    a folder of the test's own."""
    from portfolio.celery import app

    settings.MEDIA_ROOT = tmp_path / "media"
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved

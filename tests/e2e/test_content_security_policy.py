"""The Content-Security-Policy in a real browser: Chromium reports no violation on the main pages, the
portal's stylesheet and htmx load under it, htmx swaps results in without eval or an inline style, and a
locked-out login gets its Danish page, also without a violation."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import PASSWORD, log_in
from tests.factories import ProjectFactory, UserFactory
from tests.main_pages import MAIN_PAGES

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Chromium fires `securitypolicyviolation` for every blocked resource, inline style or eval; the init
# script is Playwright's and runs whatever the policy says, before the page's own scripts.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => window.__violations.push(
    `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`));
"""


@pytest.fixture
def watched(page):
    """The page, recording violations and the console's "Refused to …" / Content Security Policy lines."""
    page.context.add_init_script(RECORD_VIOLATIONS)
    console = []
    page.on("console", lambda message: console.append(message.text))

    def violations():
        reported = page.evaluate("window.__violations || []")
        said = [text for text in console if "Content Security Policy" in text or "Refused to" in text]
        console.clear()
        return reported + said

    page.violations = violations
    return page


def test_it_shows_the_main_pages_without_a_violation(watched, main_pages_portfolio, live_server):
    person = main_pages_portfolio["person"]
    person.set_password(PASSWORD)
    person.save()
    log_in(watched, person.username)
    assert watched.violations() == []

    found = {}
    for template in MAIN_PAGES:
        path = template.format(**main_pages_portfolio)
        response = watched.goto(path)
        watched.wait_for_load_state("networkidle")
        assert response.status == 200, path
        assert "Content-Security-Policy" in {name.title() for name in response.headers}, path
        if violations := watched.violations():
            found[path] = violations
    assert found == {}

    # Under the policy the portal's own stylesheet applies and htmx runs, configured by base.html.
    expect(watched.locator(".portal-title")).to_have_css("font-weight", "600")
    config = watched.evaluate(
        "({loaded: typeof htmx !== 'undefined', eval: htmx.config.allowEval,"
        " indicators: htmx.config.includeIndicatorStyles, scripts: htmx.config.allowScriptTags,"
        " styles: document.querySelectorAll('style').length})"
    )
    assert config == {"loaded": True, "eval": False, "indicators": False, "scripts": False, "styles": 0}


def test_it_filters_the_project_list_with_htmx_under_the_policy(watched, live_server):
    UserFactory(username="laeser", password=PASSWORD)
    ProjectFactory(name="Digital post til alle borgere")
    ProjectFactory(name="Sensorer i ældreplejen")
    log_in(watched, "laeser")
    watched.goto("/projects/")
    watched.evaluate("window.__same_page = true")

    watched.get_by_label("Søg").press_sequentially("Sensorer")

    expect(watched).to_have_url(re.compile(r"/projects/\?.*q=Sensorer"))
    results = watched.locator("#project-results")
    expect(results.get_by_role("link", name="Sensorer i ældreplejen")).to_be_visible()
    expect(results.get_by_role("link", name="Digital post til alle borgere")).to_have_count(0)
    # Swapped in by htmx, not a new page: the marker set on the first load is still there.
    assert watched.evaluate("window.__same_page === true")
    assert watched.violations() == []


def test_it_shows_the_danish_lockout_page_without_a_violation(watched, live_server):
    UserFactory(username="projektleder", password=PASSWORD)
    watched.goto("/accounts/login/")
    for attempt in range(1, 6):
        watched.get_by_label("Brugernavn").fill("projektleder")
        watched.get_by_label("Adgangskode").fill("forkert-kodeord")
        watched.get_by_role("button", name="Log ind").click()
        if attempt < 5:
            expect(watched.get_by_role("alert")).to_contain_text("Indtast venligst korrekt brugernavn")

    expect(watched.get_by_role("heading", level=1)).to_have_text("Log ind er midlertidigt spærret")
    expect(watched.get_by_role("alert")).to_contain_text("prøve igen om 15 minutter")
    assert watched.violations() == []

    # The right password does not get through the lock either.
    watched.get_by_role("link", name="Tilbage til log ind").click()
    watched.get_by_label("Brugernavn").fill("projektleder")
    watched.get_by_label("Adgangskode").fill(PASSWORD)
    watched.get_by_role("button", name="Log ind").click()
    expect(watched.get_by_role("heading", level=1)).to_have_text("Log ind er midlertidigt spærret")

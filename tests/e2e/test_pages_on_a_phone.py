"""Every main page fits a 375 px phone: the page itself never scrolls sideways (WCAG 1.4.10 Reflow); wide
tables and charts scroll inside their own region."""

import pytest

from tests.e2e.helpers import PASSWORD, log_in
from tests.main_pages import MAIN_PAGES

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE_WIDTH = 375
# The elements that stick out past the right edge of the screen and are not inside a scrolling region.
STICKING_OUT = """(width) => {
  const scrolls = (el) => { for (let p = el.parentElement; p; p = p.parentElement) {
    const x = getComputedStyle(p).overflowX;
    if (x === "auto" || x === "scroll") return true; } return false; };
  return [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > width + 1 && !scrolls(el))
    .slice(0, 5).map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
}"""


def test_it_fits_every_main_page_on_a_phone(page, main_pages_portfolio, live_server):
    person = main_pages_portfolio["person"]
    person.set_password(PASSWORD)
    person.save()
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
    log_in(page, person.username)

    too_wide = {}
    for template in MAIN_PAGES:
        path = template.format(**main_pages_portfolio)
        assert page.goto(path).status == 200, path
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE_WIDTH:
            too_wide[path] = (width, page.evaluate(STICKING_OUT, PHONE_WIDTH))
    assert too_wide == {}

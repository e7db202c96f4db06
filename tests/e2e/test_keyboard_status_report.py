"""A project leader reports status with the keyboard alone (WCAG 2.1.1 Keyboard, 2.4.1 Bypass Blocks,
2.4.3 Focus Order, 2.4.7 Focus Visible): log in, skip the menu, open the report from Mine projekter, set
the lights with the arrow keys, fill in the texts, submit, recover from a missing comment, submit again.

Nothing is clicked or filled by Playwright: every step is a key press, and every element the focus lands
on along the way must show that it has it.
"""

import datetime
import re

import pytest
from playwright.sync_api import expect

from portfolio.models import StatusReport
from portfolio.services import project_set_people
from tests.e2e.helpers import PASSWORD
from tests.factories import ProjectFactory, ReportingPeriodFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# What the focused element is, for assertions and failure messages.
FOCUSED = """() => {
    const el = document.activeElement;
    const text = (el.innerText || el.value || "").trim().replace(/\\s+/g, " ").slice(0, 80);
    return {tag: el.tagName.toLowerCase(), id: el.id, name: el.name || "", type: el.type || "",
            value: el.value || "", text: text, checked: !!el.checked, inMain: !!el.closest("main")};
}"""

# Does the focused element show it? Its outline or box-shadow; DKFDS draws radios and checkboxes as the
# label's ::before (the input itself is transparent), so there it is the label's. And it must be on screen:
# the skip link sits above the viewport until it has the focus.
FOCUS_VISIBLE = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return "ingen har fokus";
    const shows = (style) => (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
        || (style.boxShadow && style.boxShadow !== "none");
    let drawn = shows(getComputedStyle(el));
    if (!drawn && el.matches(".form-radio, .form-checkbox") && el.labels.length) {
        drawn = shows(getComputedStyle(el.labels[0], "::before"));
    }
    if (!drawn) return "ingen synlig fokusmarkering";
    const box = (el.matches(".form-radio, .form-checkbox") && el.labels.length ? el.labels[0] : el)
        .getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || box.bottom < 0 || box.top > window.innerHeight) {
        return "uden for skærmen";
    }
    return "";
}"""

MAX_TABS = 60


def focused(page) -> dict:
    return page.evaluate(FOCUSED)


def assert_focus_visible(page) -> None:
    problem = page.evaluate(FOCUS_VISIBLE)
    assert not problem, f"Fokus på {focused(page)}: {problem}"


def press(page, key: str) -> dict:
    page.keyboard.press(key)
    assert_focus_visible(page)
    return focused(page)


def tab_to(page, matches, what: str) -> dict:
    """Tab forward until `matches(focused)` (unless the focus is there already); every stop on the way
    must show its focus."""
    now = focused(page)
    if matches(now):
        return now
    visited = []
    for _ in range(MAX_TABS):
        now = press(page, "Tab")
        if matches(now):
            return now
        visited.append(now["id"] or now["text"] or now["tag"])
    raise AssertionError(f"{what} blev ikke nået med {MAX_TABS} tryk på Tab; fokus var på: {visited}")


def assert_skip_link_first(page) -> None:
    """The first Tab stop is the skip link; Enter on it puts the next Tab stop inside <main>."""
    first = press(page, "Tab")
    assert (first["tag"], first["text"]) == ("a", "Gå til sideindhold"), first
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main-content$"))
    after = press(page, "Tab")
    assert after["inMain"], f"Efter springlinket landede fokus uden for sideindholdet: {after}"


def choose_light(page, dimension: str, value: str) -> None:
    """Tab into the dimension's radio group and move the choice with the arrow keys."""
    now = tab_to(page, lambda f: f["name"] == dimension, f"Lysene for {dimension}")
    assert now["checked"], f"Tab skal lande på det valgte lys i gruppen, ikke {now}"
    for _ in range(4):
        if now["value"] == value:
            return
        now = press(page, "ArrowRight")
        assert now["name"] == dimension and now["checked"], now
    raise AssertionError(f"{value} blev ikke valgt for {dimension} med piletasterne")


def type_into(page, field_id: str, text: str) -> None:
    tab_to(page, lambda f: f["id"] == field_id, field_id)
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(text)


@pytest.fixture
def her_project():
    leader = UserFactory(
        username="projektleder", first_name="Camilla", last_name="Søndergaard", password=PASSWORD
    )
    period = ReportingPeriodFactory(meeting_date=datetime.date.today() + datetime.timedelta(days=5))
    project = ProjectFactory(name="Talegenkendelse i journalføringen", phase="gennemfoerelse")
    project_set_people(actor=None, project=project, leader=leader)
    return project, period


def test_it_lets_a_leader_submit_a_status_report_with_the_keyboard_only(
    page, live_server, screenshot, her_project
):
    project, period = her_project

    page.goto("/accounts/login/")
    # The login form's only purpose: the username field has the focus when the page opens.
    assert focused(page)["id"] == "id_username"
    assert_focus_visible(page)
    page.keyboard.type("projektleder")
    assert press(page, "Tab")["id"] == "id_password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    # A project leader lands on her start page, with the report due first.
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Dit arbejde i portalen")
    assert_skip_link_first(page)
    tab_to(page, lambda f: f["text"].startswith("Skriv statusrapport"), "Linket »Skriv statusrapport«")
    screenshot("link-focused")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(rf"/projects/{project.pk}/status/new/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(project.name)
    assert_skip_link_first(page)
    # The lights in the form's order, each followed by its comment; Tab passes over comments left empty.
    choose_light(page, "overall", "yellow")
    choose_light(page, "schedule", "green")
    choose_light(page, "economy", "red")
    screenshot("red-economy-focused")
    choose_light(page, "resources", "green")
    choose_light(page, "deliverables", "green")
    choose_light(page, "benefits", "yellow")
    type_into(page, "id_benefits_comment", "Gevinsterne kan først måles efter idriftsættelsen.")
    type_into(page, "id_percent_complete", "45")
    type_into(page, "id_summary", "Pilotafdelingen bruger talegenkendelsen dagligt.")
    type_into(page, "id_next_steps", "Udrulning til to afdelinger mere.")
    tab_to(page, lambda f: f["name"] == "submit", "Knappen »Indsend«")
    page.keyboard.press("Enter")

    # The red light has no comment: nothing is saved, and the error list links to the field.
    expect(page.get_by_text("Rapporten er ikke gemt. Ret fejlene nedenfor.")).to_be_visible()
    assert not StatusReport.objects.filter(project=project).exists()
    screenshot("error")
    assert_skip_link_first(page)
    tab_to(page, lambda f: f["text"].startswith("Kommentar til økonomi:"), "Fejlens link til feltet")
    page.keyboard.press("Enter")
    now = focused(page)
    assert now["id"] == "id_economy_comment", f"Fejllinket skal flytte fokus til kommentarfeltet, ikke {now}"
    assert_focus_visible(page)
    page.keyboard.type("Licensprisen er steget 30 %; vi beder styregruppen om en ramme.")
    tab_to(page, lambda f: f["name"] == "submit", "Knappen »Indsend«")
    page.keyboard.press("Enter")

    expect(page.get_by_text("Statusrapporten er indsendt til Project Board.")).to_be_visible()
    screenshot("submitted")
    report = StatusReport.objects.get(project=project, period=period)
    assert report.is_submitted and report.author.username == "projektleder"
    assert (report.overall, report.schedule, report.economy) == ("yellow", "green", "red")
    assert (report.resources, report.deliverables, report.benefits) == ("green", "green", "yellow")
    assert report.economy_comment.startswith("Licensprisen er steget 30 %")
    assert report.percent_complete == 45
    assert report.summary == "Pilotafdelingen bruger talegenkendelsen dagligt."
    assert report.next_steps == "Udrulning til to afdelinger mere."

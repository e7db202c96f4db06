"""A project's whole life in real browsers (issue 17): a programme group member creates the project; its
leader plans the phases and the milestones and asks for the start gate; the programme group's chair
passes it at the group's meeting; the leader asks for the next gate, which the chair passes too and which
freezes the baseline; the leader reports a slipped milestone and asks for the gate into realisering (the
steering group answers it); the leader writes and sends the closing report, and the chair accepts it: the
project is afsluttet and read-only. A reader, in a browser of her own, sees each step and is offered no
edit, and her one attempt to post an edit is refused with nothing changed."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from governance.lifecycle import services as lifecycle_services
from governance.models import Meeting, ProjectRequest
from portfolio.models import ClosingReport, Milestone, Project
from tests.e2e.conftest import EXPECT_DEFAULT_TIMEOUT, SCREENSHOT_DIR
from tests.e2e.helpers import PASSWORD, log_in
from tests.factories import OrgUnitFactory, body

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TIMEOUT = 30_000  # a busy machine (2 cores): a live server's page can be slow, but never this slow
NAME = "Digital affaldsplanlægning"
DRIVE = "Systemet i drift"
# What only those who may edit are offered on the project page.
EDIT_LINKS = [
    "Redigér projektet",
    "Skriv statusrapport",
    "Planlæg faserne",
    "Redigér faseplan",
    "Anmod om fasegodkendelse",
    "Anmod om ændring",
    "Skriv afslutningsrapport",
    "Fortsæt afslutningsrapporten",
    "Stop projektet",
]


@pytest.fixture(autouse=True)
def patient_expect(page):  # after the page's own setting
    """expect() waits as long as the pages do (its own default is 5 s), then back to Playwright's default."""
    expect.set_options(timeout=TIMEOUT)
    yield
    expect.set_options(timeout=EXPECT_DEFAULT_TIMEOUT)


@pytest.fixture
def people(programme_member, programme_chair, project_leader, steering_member, reader):
    """The suite's personas, with the browser tests' password; the anchoring the new project gets; the
    meetings of the programme group and the steering group, held today (so also their next meetings: a
    request made today goes on today's agenda and can be answered at once)."""
    for person in (programme_member, programme_chair, project_leader, steering_member, reader):
        person.set_password(PASSWORD)
        person.save(update_fields=["password"])
    OrgUnitFactory(name="Teknik og Miljø")
    today = timezone.localdate()
    Meeting.objects.create(body=body("programgruppe"), date=today)
    Meeting.objects.create(body=body("styregruppe"), date=today)
    return {
        "member": programme_member,
        "chair": programme_chair,
        "leader": project_leader,
        "steering": steering_member,
        "reader": reader,
    }


def _context_page(browser, live_server, username):
    context = browser.new_context(base_url=live_server.url, locale="da-DK")
    context.set_default_timeout(TIMEOUT)
    own = context.new_page()
    log_in(own, username)
    return own


def _shot(page, label):
    """A screenshot of another browser than the `screenshot` fixture's (which takes the main page), named
    like the fixture's."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    name = f"{test_it_walks_a_project_life_from_creation_to_closing_while_a_reader_watches.__name__}-{label}"
    page.screenshot(path=str(SCREENSHOT_DIR / f"{name}.png"), full_page=True)


def _reader_sees(reader, project, *texts):
    """The reader's project page shows `texts` and offers no edit: no edit link, no form that posts
    (the header's log-out form is outside <main>)."""
    reader.goto(f"/projects/{project.pk}/")
    main = reader.locator("main")
    expect(main.get_by_role("heading", name=NAME, level=1)).to_be_visible()
    for text in texts:
        expect(main.get_by_text(text).filter(visible=True).first).to_be_visible()
    for name in EDIT_LINKS:
        expect(main.get_by_role("link", name=name)).to_have_count(0)
        expect(main.get_by_role("button", name=name)).to_have_count(0)
    expect(main.get_by_role("link", name=re.compile("^Redigér"))).to_have_count(0)
    expect(main.get_by_text("Tilføj milepæl")).to_have_count(0)
    expect(main.locator("form[method=post]")).to_have_count(0)


def _ask_for_gate(leader, project, gate):
    """The leader presses "Anmod om fasegodkendelse", ticks the checklist and sends it; returns the request
    (it lands on the request's page, pending at today's meeting, not answerable by the leader)."""
    leader.goto(f"/projects/{project.pk}/")
    leader.get_by_role("link", name="Anmod om fasegodkendelse").click()
    expect(leader.get_by_role("heading", name="Anmod om fasegodkendelse")).to_be_visible()
    expect(leader.locator("p.lead")).to_contain_text(gate)
    for box in leader.locator("main form input[type=checkbox]").all():
        box.check()
    leader.get_by_role("button", name="Send anmodningen").click()
    expect(leader.get_by_text("sat på dagsordenen til mødet den")).to_be_visible()
    expect(leader.get_by_text("Afventer beslutning").first).to_be_visible()
    expect(leader.get_by_role("button", name="Registrér svaret")).to_have_count(0)
    return ProjectRequest.objects.filter(project=project).latest("pk")


def _pass_gate(chair, request):
    chair.goto(f"/requests/{request.pk}/")
    chair.get_by_label("Godkend", exact=True).check()
    chair.get_by_role("button", name="Registrér svaret").click()
    expect(chair.get_by_text("Svaret er registreret: godkendt.")).to_be_visible()


def _reader_sees_request(reader, request, *texts):
    reader.goto(f"/requests/{request.pk}/")
    main = reader.locator("main")
    for text in texts:
        expect(main.get_by_text(text).first).to_be_visible()
    expect(main.get_by_role("button", name="Registrér svaret")).to_have_count(0)
    expect(main.get_by_role("button", name="Træk anmodningen tilbage")).to_have_count(0)
    expect(main.locator("form[method=post]")).to_have_count(0)


def test_it_walks_a_project_life_from_creation_to_closing_while_a_reader_watches(
    browser, live_server, page, screenshot, people
):
    page.set_default_timeout(TIMEOUT)
    today = timezone.localdate()

    def day(offset):
        return (today + datetime.timedelta(days=offset)).isoformat()

    leader = _context_page(browser, live_server, people["leader"].username)
    reader = _context_page(browser, live_server, people["reader"].username)
    try:
        # 1. The programme group creates the project: the number is the portal's, the leader is named.
        log_in(page, people["member"].username)
        page.goto("/projects/")
        page.get_by_role("link", name="Nyt projekt").click()
        expect(page.get_by_role("heading", name="Nyt projekt")).to_be_visible()
        page.get_by_label("Navn").fill(NAME)
        page.get_by_label("Forankring").select_option(label="Teknik og Miljø")
        page.locator("#id_focus_areas li:not([hidden])").first.get_by_role("checkbox").check()
        page.get_by_label("Projektleder").select_option(str(people["leader"].pk))
        page.get_by_role("button", name="Opret projekt").click()
        created = page.get_by_text(re.compile(rf"er oprettet som ND-{today.year}-\d{{3}}"))
        expect(created).to_be_visible()
        project = Project.objects.get(name=NAME)
        assert project.leader == people["leader"] and project.phase == "ide"
        assert created.inner_text().count(project.number) == 1
        screenshot("1-created")
        _reader_sees(reader, project, project.number, "i gang", "Der er ingen milepæle")
        _shot(reader, "1-reader-created")

        # 2. The leader plans the phases and the milestones.
        leader.goto(f"/projects/{project.pk}/")
        leader.get_by_role("link", name="Planlæg faserne").click()
        for phase, start, end in [
            ("Idé", -30, 0),
            ("Analyse", 1, 60),
            ("Gennemførelse", 61, 240),
            ("Realisering", 241, 420),
        ]:
            group = leader.get_by_role("group", name=phase)
            group.get_by_label("Forventet start").fill(day(start))
            group.get_by_label("Forventet slut").fill(day(end))
        leader.get_by_role("button", name="Gem faseplanen").click()
        expect(leader.get_by_text("Faseplanen er gemt.")).to_be_visible()
        milestones = leader.locator("#milepaele-section")
        for title, offset in [("Kravspecifikation godkendt", 45), (DRIVE, 200)]:
            milestones.get_by_text("Tilføj milepæl", exact=True).first.click()
            milestones.get_by_label("Milepæl", exact=True).fill(title)
            milestones.get_by_label("Forventet dato").fill(day(offset))
            milestones.get_by_role("button", name="Tilføj milepæl").click()
            expect(milestones.get_by_role("cell", name=title, exact=True)).to_be_visible()
        _shot(leader, "2-leader-planned")
        assert list(project.milestones.values_list("title", flat=True)) == [
            "Kravspecifikation godkendt",
            DRIVE,
        ]
        _reader_sees(reader, project, "Kravspecifikation godkendt", DRIVE)
        expect(reader.locator("table.phase-table")).to_contain_text("Realisering")

        # 3. The leader asks for the start gate; it goes on the programme group's meeting today.
        start_gate = _ask_for_gate(leader, project, "fra idé til analyse")
        assert start_gate.body.slug == "programgruppe" and start_gate.agenda_item.meeting.date == today
        _shot(leader, "3-leader-asked-start-gate")
        _reader_sees_request(reader, start_gate, "Afventer beslutning", "Tjekliste")
        _reader_sees(reader, project, "Fasegodkendelse idé → analyse", "Afventer beslutning")

        # 4. The programme group's chair passes it at the held meeting: the project is in analyse.
        page.context.clear_cookies()
        log_in(page, people["chair"].username)
        _pass_gate(page, start_gate)
        screenshot("4-start-gate-passed")
        project.refresh_from_db()
        assert project.phase == "analyse"
        _reader_sees(reader, project, "Besvarede anmodninger", "Godkendt")
        expect(reader.locator("p.lead")).to_contain_text("Fase: Analyse")

        # 5. The next gate, into gennemførelse: asked by the leader, passed by the chair; the baseline
        # ("Oprindelig plan") is frozen.
        next_gate = _ask_for_gate(leader, project, "fra analyse til gennemførelse")
        _pass_gate(page, next_gate)
        project.refresh_from_db()
        assert project.phase == "gennemfoerelse" and project.baseline_frozen_on == today
        _reader_sees(reader, project, "Oprindelig plan", "Fasegodkendelse analyse → gennemførelse")
        expect(reader.locator("p.lead")).to_contain_text("Fase: Gennemførelse")

        # 6. The leader reports a slipped milestone: its forecast two weeks later, its baseline kept.
        drive = project.milestones.get(title=DRIVE)
        leader.goto(f"/projects/{project.pk}/")
        leader.get_by_role("link", name=f"Redigér milepælen {DRIVE}").click()
        expect(leader.get_by_role("heading", name=f"Redigér milepælen {DRIVE}")).to_be_visible()
        leader.get_by_label("Forventet dato").fill(day(214))
        leader.get_by_role("button", name="Gem milepælen").click()
        expect(leader.get_by_text("Milepælen er gemt.")).to_be_visible()
        row = leader.locator("#milepaele-section tr").filter(has_text=DRIVE)
        expect(row).to_contain_text("14 dage forsinket")
        _shot(leader, "6-leader-milestone-slipped")
        drive.refresh_from_db()
        assert drive.baseline_date == today + datetime.timedelta(days=200)
        assert drive.due_date == today + datetime.timedelta(days=214)
        _reader_sees(reader, project, "14 dage forsinket")
        expect(reader.locator("#milepaele-section tr").filter(has_text=DRIVE)).to_contain_text(
            "14 dage forsinket"
        )
        _shot(reader, "6-reader-sees-the-slip")
        # The reader's attempt to move the milestone back is refused, and nothing changes.
        token = reader.locator("form.logout-form input[name=csrfmiddlewaretoken]").first.input_value()
        refused = reader.request.post(
            f"/projects/{project.pk}/milestones/{drive.pk}/edit/",
            form={
                "csrfmiddlewaretoken": token,
                "milepaele-title": DRIVE,
                "milepaele-due_date": day(200),
            },
            max_redirects=0,
        )
        assert refused.status == 403
        drive.refresh_from_db()
        assert drive.due_date == today + datetime.timedelta(days=214)

        # 7. The leader asks for the gate into realisering. The steering group decides it: that answer is
        # given through the service (the browser's answer form is walked above for the programme group).
        realisation_gate = _ask_for_gate(leader, project, "fra gennemførelse til realisering")
        assert realisation_gate.body.slug == "styregruppe"
        lifecycle_services.request_answer(
            actor=people["steering"],
            project_request=realisation_gate,
            outcome=ProjectRequest.State.PASSED,
        )
        project.refresh_from_db()
        assert project.phase == "realisering"

        # 8. The leader writes the closing report and sends it to the programme group.
        leader.goto(f"/projects/{project.pk}/")
        leader.get_by_role("link", name="Skriv afslutningsrapport").click()
        expect(leader.get_by_role("heading", name=f"Afslutningsrapport: {NAME}")).to_be_visible()
        leader.get_by_label("Mål og leverancer: hvad blev nået").fill(
            "Ruteplanlægningen er digital i alle distrikter."
        )
        leader.get_by_label("Endeligt forbrug (kr.)").fill("1.250.000")
        leader.get_by_label("Hvad linjeorganisationen overtager").fill("Affaldsteamet driver systemet.")
        leader.get_by_label("Erfaringer (lessons learned)").fill("Inddrag chaufførerne fra første dag.")
        leader.get_by_role("button", name="Send til programgruppen").click()
        expect(leader.get_by_text("Afslutningsrapporten er sendt til programgruppen.")).to_be_visible()
        _shot(leader, "8-leader-sent-closing-report")
        reader.goto(f"/projects/{project.pk}/closing/")
        expect(reader.get_by_text("Inddrag chaufførerne fra første dag.")).to_be_visible()
        expect(reader.get_by_text("Indsendt til programgruppen").first).to_be_visible()
        expect(reader.get_by_role("button", name="Godkend og afslut projektet")).to_have_count(0)
        expect(reader.locator("main form[method=post]")).to_have_count(0)

        # 9. The programme group's chair accepts it: the project is afsluttet and read-only.
        page.goto(f"/projects/{project.pk}/closing/")
        page.get_by_role("button", name="Godkend og afslut projektet").click()
        expect(
            page.get_by_text("Afslutningsrapporten er godkendt, og projektet er afsluttet.")
        ).to_be_visible()
        expect(page.locator("#project-finished")).to_contain_text("Projektet er afsluttet")
        screenshot("9-closed")
        project.refresh_from_db()
        assert project.phase == "afsluttet" and project.closing_report.state == ClosingReport.State.ACCEPTED
        _reader_sees(reader, project, "Projektet er afsluttet", "14 dage forsinket")
        phase_rows = reader.locator("table.phase-table tbody th")
        expect(phase_rows).to_have_text(
            ["Idé", "Analyse", "Gennemførelse", "Realisering", re.compile("^Afsluttet")]
        )
        expect(reader.locator("table.phase-table")).not_to_contain_text("i gang")
        _shot(reader, "9-reader-sees-it-closed")
        # Read-only for its leader too: the page offers her no edit either.
        leader.goto(f"/projects/{project.pk}/")
        expect(leader.locator("#project-finished")).to_contain_text("Projektet kan ikke længere ændres")
        for name in EDIT_LINKS:
            expect(leader.locator("main").get_by_role("link", name=name)).to_have_count(0)
        assert Milestone.objects.get(pk=drive.pk).due_date == today + datetime.timedelta(days=214)
    finally:
        leader.context.close()
        reader.context.close()

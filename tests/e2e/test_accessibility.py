"""WCAG 2.1 AA on every main page: axe-core finds no serious or critical violation.

The world is the Norddjurs demo (governance.demo.build.build_demo): projects in focus areas, five months of
status reports, benefits with measurements, business cases, bodies with meetings and decisions, the Project
Board calendar, this year's approved indsatsplan and next year's draft, systems, national initiatives and
ideas. Plus one Project Board report generated, so both states of the board page are checked.

Building it takes a while, so it is built once and every page is a subtest: each page passes or fails on
its own, with axe's rule ids and the selectors of the failing elements in the message. The pages are seen
as the programme group sees them (every editing control shown, the forms folded into <details> opened),
the status form also as a project leader, forms also with their errors, and the login page logged out.
Each page is checked at 1280 px and again at 320 px (WCAG 1.4.10 Reflow), where text must also fit.
"""

import datetime
from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from benefits.models import Benefit, BusinessCase
from governance.demo.build import build_demo
from governance.demo.data.people import DEMO_PASSWORD
from governance.models import AnnualPlan, BoardReport, Body, Decision, Idea, Meeting
from portfolio.models import ExternalInitiative, ITSystem, Phase, Project, ReportingPeriod, StatusReport
from portfolio.selectors import current_period
from tests.e2e.axe import axe_violations, describe
from tests.e2e.helpers import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def demo_world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    build_demo()
    today = timezone.localdate()
    past = ReportingPeriod.objects.filter(meeting_date__lt=today, cancelled=False).order_by("-meeting_date")
    generated = past.first()
    BoardReport.objects.create(
        period=generated,
        status=BoardReport.Status.DONE,
        progress=100,
        file=ContentFile(b"%PDF-1.7\n", name="project-board.pdf"),
        started_at=timezone.now() - datetime.timedelta(minutes=1),
        finished_at=timezone.now(),
    )
    # The programme group's project page: the richest project (benefits, risks, decisions, reports).
    project = (
        Project.objects.filter(phase=Phase.EXECUTION, benefits__measurements__isnull=False)
        .exclude(decisions=None)
        .distinct()
        .order_by("number")
        .first()
    )
    period = current_period()
    # The demo's one draft is the project leader's, in the current period: her form shows the draft.
    own = StatusReport.objects.get(state=StatusReport.State.DRAFT, period=period).project
    assert own.leader.username == "projektleder"
    unreported = (
        Project.objects.active()
        .exclude(phase=Phase.IDEA)
        .exclude(status_reports__period=period)
        .order_by("number")
        .first()
    )
    benefit = Benefit.objects.filter(measurements__isnull=False).order_by("pk").first()
    year = today.year
    return {
        "project": project,
        "own": own,
        "unreported": unreported,
        "benefit": benefit,
        "business_case_project": BusinessCase.objects.order_by("project__number").first().project,
        "body": Body.objects.get(slug="styregruppe"),
        "meeting": Meeting.objects.filter(decisions__isnull=False).order_by("-date").first(),
        "board_generated": generated,
        "board_upcoming": period,
        "approved_plan": AnnualPlan.objects.get(year=year),
        "draft_plan": AnnualPlan.objects.get(year=year + 1),
        "system": ITSystem.objects.order_by("pk").first(),
        "initiative": ExternalInitiative.objects.filter(projects__isnull=False).order_by("pk").first(),
        "decision": Decision.objects.filter(escalated_from__isnull=False).order_by("pk").first()
        or Decision.objects.order_by("pk").first(),
        "idea": Idea.objects.order_by("pk").first(),
        "milestone": project.milestones.filter(archived=False).order_by("pk").first(),
        "risk": project.risks.order_by("pk").first(),
        "submitted_report": StatusReport.objects.filter(project=project, state=StatusReport.State.SUBMITTED)
        .order_by("-period__meeting_date")
        .first(),
    }


def programme_group_pages(world):
    """(label, path) of every main page, as the programme group sees it."""
    project, plan = world["project"], world["draft_plan"]
    return [
        ("overblik", "/"),
        ("dashboard", "/dashboard/"),
        ("projekter", "/projects/"),
        ("projekter-filtreret", "/projects/?phase=gennemfoerelse&q=a"),
        ("mine-projekter", "/projects/mine/"),
        ("projekt", f"/projects/{project.pk}/"),
        ("nyt-projekt", "/projects/new/"),
        ("rediger-projekt", f"/projects/{project.pk}/edit/"),
        ("rediger-milepael", f"/projects/{project.pk}/milestones/{world['milestone'].pk}/edit/"),
        ("rediger-risiko", f"/projects/{project.pk}/risks/{world['risk'].pk}/edit/"),
        ("ny-statusrapport", f"/projects/{world['unreported'].pk}/status/new/"),
        ("statusrapport-allerede-indsendt", f"/projects/{project.pk}/status/new/"),
        ("statusrapport", f"/projects/{project.pk}/status/{world['submitted_report'].pk}/"),
        ("fokusomraader", "/focus-areas/"),
        ("gevinster", "/benefits/"),
        ("gevinstopfoelgning", "/benefits/follow-up/"),
        ("mine-gevinster", "/benefits/mine/"),
        ("gevinst", f"/benefits/{world['benefit'].pk}/"),
        ("business-case", f"/benefits/projects/{world['business_case_project'].pk}/business-case/"),
        (
            "rediger-business-case",
            f"/benefits/projects/{world['business_case_project'].pk}/business-case/edit/",
        ),
        ("ny-gevinst", f"/benefits/projects/{project.pk}/new/"),
        ("rediger-gevinst", f"/benefits/{world['benefit'].pk}/edit/"),
        ("styring", "/governance/"),
        ("organ", f"/governance/bodies/{world['body'].slug}/"),
        ("moede", f"/governance/meetings/{world['meeting'].pk}/"),
        ("beslutninger", "/governance/decisions/"),
        ("beslutninger-afventer", "/governance/decisions/awaiting/"),
        ("beslutning", f"/governance/decisions/{world['decision'].pk}/"),
        ("ideer", "/governance/ideas/"),
        ("ny-ide", "/governance/ideas/new/"),
        ("ide", f"/governance/ideas/{world['idea'].pk}/"),
        ("it-sikkerhed", "/governance/security/"),
        ("project-board", "/board/"),
        ("project-board-kalender", "/board/calendar/"),
        ("project-board-dannet", f"/board/{world['board_generated'].pk}/"),
        ("project-board-kommende", f"/board/{world['board_upcoming'].pk}/"),
        ("indsatsplaner", "/plans/"),
        ("indsatsplan-godkendt", f"/plans/{world['approved_plan'].year}/"),
        ("indsatsplan-kladde", f"/plans/{plan.year}/"),
        ("handleplan", "/plans/handleplan/"),
        ("systemer", "/systems/"),
        ("system", f"/systems/{world['system'].pk}/"),
        ("rediger-system", f"/systems/{world['system'].pk}/edit/"),
        ("initiativer", "/initiatives/"),
        ("initiativ", f"/initiatives/{world['initiative'].pk}/"),
    ]


DESKTOP = {"width": 1280, "height": 800}
# WCAG 1.4.10 Reflow: 320 CSS pixels wide, as a 1280 px screen at 400 % zoom. Layouts change there: tables
# scroll inside their wrappers, and a scroll area must then be reachable by keyboard (axe's
# scrollable-region-focusable only fails where something actually scrolls).
NARROW = {"width": 320, "height": 800}

# Content wider than the screen at 320 px, outermost elements only. Data tables and charts need two
# dimensions and are exempt (1.4.10); text, lists and forms are not.
OVERFLOWING = """() => {
    const width = document.documentElement.clientWidth;
    const exempt = "table, .table--responsive-scroll, svg";
    const over = (el) => el.getBoundingClientRect().right > width + 1;
    return [...document.querySelectorAll("body *")]
        .filter((el) => over(el) && !over(el.parentElement) && !el.matches(exempt) && !el.closest(exempt))
        .slice(0, 5)
        .map((el) => el.outerHTML.slice(0, 120));
}"""


def check(page, subtests, label, path, *, prepare=None):
    with subtests.test(msg=label, path=path):
        page.set_viewport_size(DESKTOP)
        response = page.goto(path)
        assert response.ok, f"{path} svarede {response.status}"
        here = urlsplit(page.url)
        assert here.path + (f"?{here.query}" if here.query else "") == path, (
            f"{path} sendte videre: {page.url}"
        )
        # htmx-loaded sections (the project page's benefits, say) are part of the page a user meets: wait
        # until each placeholder that loads itself has been swapped for its section.
        page.wait_for_function("() => !document.querySelector('[hx-trigger=\"load\"]')")
        if prepare:
            prepare(page)
        # The forms folded into <details> (add a milestone, edit a risk, record a decision) are part of
        # the page too: open them so axe checks what a user sees after one click.
        page.evaluate(
            "() => document.querySelectorAll('details').forEach((details) => { details.open = true; })"
        )
        problems = [f"  (1280 px){line}" for line in describe(axe_violations(page)).splitlines()]
        page.set_viewport_size(NARROW)
        problems += [f"  (320 px){line}" for line in describe(axe_violations(page)).splitlines()]
        problems += [
            f"  (320 px) bredere end skærmen (WCAG 1.4.10): {html}" for html in page.evaluate(OVERFLOWING)
        ]
        assert not problems, f"{path} har {len(problems)} alvorlige brud på WCAG 2.1 AA:\n" + "\n".join(
            problems
        )


def test_it_finds_no_serious_or_critical_violations_on_any_main_page(
    browser, live_server, subtests, demo_world
):
    def context():
        new = browser.new_context(base_url=live_server.url, locale="da-DK", viewport=DESKTOP)
        new.set_default_timeout(15_000)
        return new

    logged_out = context()
    page = logged_out.new_page()
    check(page, subtests, "log-ind", "/accounts/login/")

    def wrong_password(page):
        page.get_by_label("Brugernavn").fill("programgruppe")
        page.get_by_label("Adgangskode").fill("forkert")
        page.get_by_role("button", name="Log ind").click()
        page.get_by_role("alert").wait_for()

    check(page, subtests, "log-ind-med-fejl", "/accounts/login/", prepare=wrong_password)
    logged_out.close()

    programme = context()
    page = programme.new_page()
    log_in(page, "programgruppe", DEMO_PASSWORD)
    for label, path in programme_group_pages(demo_world):
        check(page, subtests, label, path)

    def submit_empty(page):
        page.get_by_role("button", name="Opret projekt").click()
        page.locator(".form-error-message").first.wait_for()

    check(page, subtests, "nyt-projekt-med-fejl", "/projects/new/", prepare=submit_empty)
    programme.close()

    # A body's meetings are kept by its chair and secretary: the editing controls as the secretary sees them.
    secretary = context()
    page = secretary.new_page()
    log_in(page, "sekretaer", DEMO_PASSWORD)
    check(page, subtests, "moede-sekretaer", f"/governance/meetings/{demo_world['meeting'].pk}/")
    check(page, subtests, "rediger-moede", f"/governance/meetings/{demo_world['meeting'].pk}/edit/")
    secretary.close()

    leader = context()
    page = leader.new_page()
    log_in(page, "projektleder", DEMO_PASSWORD)
    own = demo_world["own"]
    check(page, subtests, "projektleder-forside", "/")
    check(page, subtests, "projektleder-mine-projekter", "/projects/mine/")
    check(page, subtests, "projektleder-ny-statusrapport", f"/projects/{own.pk}/status/new/")

    def red_without_comment(page):
        fieldset = page.locator("fieldset", has=page.locator("legend", has_text="Økonomi"))
        fieldset.get_by_label("Rød").check()
        fieldset.get_by_role("textbox").fill("")
        page.get_by_role("button", name="Indsend").click()
        page.get_by_text("Rapporten er ikke gemt. Ret fejlene nedenfor.").wait_for()

    check(
        page,
        subtests,
        "projektleder-statusrapport-med-fejl",
        f"/projects/{own.pk}/status/new/",
        prepare=red_without_comment,
    )
    leader.close()

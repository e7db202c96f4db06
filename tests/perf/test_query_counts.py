"""The key pages cost a fixed number of queries, whatever the size of the portfolio.

Each test measures a page on a small portfolio, grows the portfolio (or picks a project with a long
history), measures again, and requires the same count - and the exact figure below, so that a
regression shows up here rather than in production. If a page legitimately gains a query, change the
figure and say why in the commit.
"""

import datetime
import io
import itertools
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from benefits.models import Benefit
from focusareas.models import FocusArea
from governance.bodies.services import membership_start
from governance.models import AnnualPlan, Decision, Idea, Meeting, Membership, SecurityReview, StatusReminder
from governance.models import Body as GoverningBody
from portfolio.models import (
    Milestone,
    OrgUnit,
    Project,
    ProjectPhasePlan,
    ReportingPeriod,
    ResourceNeed,
    Risk,
    UnitCapacity,
)
from portfolio.services import project_set_people
from portfolio.status.services import status_report_save_draft
from tests.factories import (
    BenefitFactory,
    DecisionFactory,
    ITSystemFactory,
    ProjectFactory,
    ReportingPeriodFactory,
    StatusReportFactory,
    UserFactory,
    body,
)

pytestmark = pytest.mark.django_db

# The exact number of queries each page issues (session and user lookups included). Every page with the
# main menu asks the user's roles once (portfolio.roles: is "Mine projekter" or "Mine gevinster" shown?),
# counted in each figure below; a partial without the menu (htmx) does not.
# A reader's start page (/), the dashboard from its cache: session, user, the roles, one question whether
# they sit in a body or have an open action (whose start page is it?), the change count. Rendered anew after
# a change: 18 more (the figures with what awaits the steering group, the filter form's choices, the
# contract watch). Issue 22: 16 more, not 18: the active projects' counts, sums and heatmap rows are one
# grouped query instead of the projects, their focus areas and their reports for the coming meeting; and
# 20, not 16, since the lights and the benefit totals are read from the figures kept per block of projects
# (three reads each instead of one and four) when no block has changed, as here after the cache is cleared.
OVERVIEW_QUERIES = 5
OVERVIEW_RENDER_QUERIES = 25
# Session, user, count, rows, focus areas (prefetch), and the filter form's choices: the current
# focus areas, the anchoring units, the leaders and the strategy periods; and the user's and the user's
# groups' permissions (is "Nyt projekt" offered?).
PROJECT_LIST_QUERIES = 12
# The project page: 20 before issue 17; +1 for the project's gate and change requests (governance's section,
# one query with their meetings), +1 for whether the user may stop the project (governance's memberships;
# the closing report itself comes in the project's own query); +1 for its Ressourcer (the hours per quarter,
# summed in one query, issue 18); -1 (issue 22) for guardian's object permissions on the project, the user's
# own and their groups' asked in one query (portfolio.permissions._object_perms) instead of two; -1 for
# the deputies and the project group, read in one query (selectors.project_people) instead of two; -1 for
# the user's own and their groups' global permissions, read in one query (portfolio.permissions._global_perms)
# instead of ModelBackend's two.
PROJECT_PAGE_QUERIES = 21
# Filtered by everything: the list's queries plus the current reporting period ("Mangler status") and
# the check of the chosen focus areas; the filters themselves are subqueries of the one list query.
FILTERED_PROJECT_LIST_QUERIES = 14
# The htmx update of the results renders no form, so none of its choices.
FILTERED_PROJECT_LIST_HTMX_QUERIES = 5
# Session, user, the current period, the projects with their lights and report states, their milestones,
# and the user's and groups' permissions ("Nyt projekt").
MY_PROJECTS_QUERIES = 8
# Mine gevinster: session, user, the user's roles (the menu), and the user's benefits with their latest
# measurements and projects.
MY_BENEFITS_QUERIES = 4
# Datakvalitet: session, user, the user's and the user's groups' permissions (may see the page?), the
# current reporting period and the two before it, then one query per rule (focus area, business case,
# status, benefits, systems), whatever the number of offending rows.
DATA_QUALITY_QUERIES = 12

# The roadmap: session, user, count, the page's projects, their phase plans and milestones (prefetches; not
# their focus areas, which no row shows: issue 22), the next Project Board meetings, and the filter form's
# choices (the current focus areas, the anchoring units, the leaders, the strategy periods); for a page with
# a project without a dated phase, whether the user may plan it: the user's and groups' global permissions,
# then the object permissions of those projects (user and groups).
ROADMAP_QUERIES = 16
# Filtered by everything (as the project list): the current reporting period and the chosen focus areas.
FILTERED_ROADMAP_QUERIES = 18

# A Project Board meeting's page, as its secretary sees it (the buttons): session, user, the period with its
# report and meeting, may the user generate/remind (user's and groups' permissions, memberships: 3), the
# earlier versions, the missing projects (projects, deputies, reminders and their also_to: 4), the reminder
# log (2), the decisions requested, the Project Board, its escalations, the requests (1), and "Siden sidste
# møde" (governance/board/changes.py: 7, and 1 more each when a project's phase or a milestone's date
# changed in between, read only when there are such).
BOARD_MEETING_QUERIES = 24
# The start page (/) of a person with every part (leads projects, sits in the steering group, keeps the
# Project Board's meetings, scores ideas, is in the IT-security group), the dashboard from its cache: session,
# user, the roles, the memberships, the open actions, the coming period; the leader's projects with their
# report states, their milestones, drafts, high risks and requests (5); what awaits the steering group:
# escalations, requests, plans, ideas asking for funding (4); the secretary's next meetings, meetings without
# minutes and the projects missing a report (3); the ideas to score; the reviews due and whether the person
# may record them (the user's and groups' permissions: 2); the dashboard's change count.
START_PAGE_QUERIES = 23

SMALL, LARGE = 3, 25
PERIODS = 6
LIGHTS = itertools.cycle(["green", "yellow", "red", "green"])
PHASES = itertools.cycle(["ide", "analyse", "gennemfoerelse", "realisering", "afsluttet"])


def reporting_periods(count=PERIODS):
    """`count` past periods with reports, and the upcoming one (nothing reported yet), so the
    overview finds its next Project Board in one query whatever today's date."""
    existing = list(ReportingPeriod.objects.filter(meeting_date__lt=timezone.localdate()))
    if existing:
        return existing
    today = timezone.localdate()
    upcoming = today + datetime.timedelta(days=7)
    ReportingPeriodFactory(meeting_date=upcoming)
    return [
        ReportingPeriodFactory(meeting_date=upcoming - datetime.timedelta(days=14 * n))
        for n in range(1, count + 1)
    ]


def add_projects(count, *, rich=True):
    """`count` projects as the real portfolio has them: leader, owner, deputies, members, focus areas
    of the current and the old strategy period, a status report per period, benefits, milestones,
    risks, decisions, phase plans and some change history."""
    periods = reporting_periods()
    current_areas = list(FocusArea.objects.filter(period__is_current=True).order_by("number"))
    old_areas = list(FocusArea.objects.filter(period__is_current=False).order_by("number"))
    units = list(OrgUnit.objects.all()[:3]) or [OrgUnit.objects.create(name="Borgerservice", kind="afdeling")]
    styregruppe = body("styregruppe")
    projects = []
    for _ in range(count):
        index = Project.objects.count()
        leader, owner = UserFactory(), UserFactory(is_manager=True)
        areas = [current_areas[index % len(current_areas)], current_areas[(index + 2) % len(current_areas)]]
        if old_areas:
            areas.append(old_areas[index % len(old_areas)])
        project = ProjectFactory(
            phase=next(PHASES) if rich else "analyse",
            anchoring=units[index % len(units)],
            leader=leader,
            owner=owner,
            budget=Decimal("250000"),
            focus_areas=areas,
        )
        projects.append(project)
        if not rich:
            continue
        project.deputies.set([UserFactory()])
        project.members.set([UserFactory(), UserFactory()])
        for period in periods:
            StatusReportFactory(project=project, period=period, author=leader, overall=next(LIGHTS))
        for number in range(2):
            BenefitFactory(project=project, owner=owner, title=f"Gevinst {index}-{number}")
            Milestone.objects.create(
                project=project, title=f"Milepæl {number}", due_date=datetime.date(2026, 3 + number, 1)
            )
            Risk.objects.create(
                project=project, title=f"Risiko {number}", probability=2 + number, consequence=3, owner=leader
            )
        DecisionFactory(project=project, body=styregruppe, text="Projektet går videre.")
        Decision.objects.create(
            project=project,
            body=styregruppe,
            decided_on=datetime.date(2026, 2, 1),
            kind=Decision.Kind.PHASE_GATE,
            from_phase="analyse",
            to_phase="gennemfoerelse",
            text="Fasegodkendt.",
        )
        ProjectPhasePlan.objects.create(
            project=project,
            phase="analyse",
            planned_start=datetime.date(2025, 9, 1),
            planned_end=datetime.date(2025, 12, 1),
        )
        ProjectPhasePlan.objects.create(
            project=project,
            phase="gennemfoerelse",
            planned_start=datetime.date(2025, 12, 2),
            planned_end=datetime.date(2026, 12, 1),
        )
        for change in range(3):
            project.name = f"{project.name} ({change + 1}. revision)"
            project.save()
        project.focus_areas.add(current_areas[(index + 4) % len(current_areas)])
    return projects


def queries_for(client, url):
    """The number of queries of one GET, after a warm-up request (caches that fill once are no regression)."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def same_queries_when_grown(client, url, *, on_new_projects=None) -> None:
    """Measure `url` on the small portfolio the test has built, grow it to LARGE projects
    (`on_new_projects` gives the new ones what the test's page needs of them, as the test did the small
    portfolio's), measure again: the counts must agree."""
    small = queries_for(client, url)
    projects = add_projects(LARGE - SMALL)
    if on_new_projects is not None:
        on_new_projects(projects)
    assert queries_for(client, url) == small


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The factories hash a password per user; a portfolio has many users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def reader(client):
    """An ordinary employee: everybody logged in reads the whole portfolio."""
    client.force_login(UserFactory())
    return client


def test_it_lists_projects_in_the_same_number_of_queries_for_3_and_25_projects(
    reader, django_assert_num_queries
):
    add_projects(SMALL)
    same_queries_when_grown(reader, "/projects/")
    with django_assert_num_queries(PROJECT_LIST_QUERIES):
        response = reader.get("/projects/")
    assert len(response.context["projects"]) == LARGE


def test_it_shows_the_overview_in_the_same_number_of_queries_for_3_and_25_projects(
    reader, django_assert_num_queries
):
    add_projects(SMALL)
    same_queries_when_grown(reader, "/")
    with django_assert_num_queries(OVERVIEW_QUERIES):
        response = reader.get("/")
    assert response.status_code == 200
    caches["dashboard"].clear()
    with django_assert_num_queries(OVERVIEW_RENDER_QUERIES):
        response = reader.get("/")
    assert response.status_code == 200


def test_it_shows_a_project_page_in_the_same_number_of_queries_however_long_its_history(
    reader, django_assert_num_queries
):
    (bare,) = add_projects(1, rich=False)
    small = queries_for(reader, bare.get_absolute_url())
    # A long history: a report per period, several versions, benefits, risks, decisions, changes.
    rich = add_projects(LARGE)[0]
    oldest = ReportingPeriod.objects.order_by("meeting_date").first().meeting_date
    for n in range(1, 11):
        period = ReportingPeriodFactory(meeting_date=oldest - datetime.timedelta(days=14 * n))
        StatusReportFactory(project=rich, period=period, author=rich.leader, overall="yellow")
    large = queries_for(reader, rich.get_absolute_url())

    assert small == large
    with django_assert_num_queries(PROJECT_PAGE_QUERIES):
        response = reader.get(rich.get_absolute_url())
    assert response.status_code == 200


def test_it_shows_the_same_project_page_queries_in_a_small_and_a_large_portfolio(reader):
    (first,) = add_projects(1)
    small = queries_for(reader, first.get_absolute_url())
    add_projects(LARGE - 1)
    large = queries_for(reader, first.get_absolute_url())

    assert small == large == PROJECT_PAGE_QUERIES


def test_it_keeps_the_counts_on_a_generated_portfolio_of_3_and_25_projects(reader):
    """The same figures on the benchmark's synthetic data (generate_portfolio), small and larger."""
    pages = ("/", "/projects/", "project", "/roadmap/")
    # Bulk-inserted projects have no history rows, so the two m2m snapshot prefetches of the change
    # history have nothing to fetch and are skipped. Every synthetic project has a phase plan, so the
    # roadmap asks no permission (who may plan a project without one).
    expected = {
        "/": OVERVIEW_QUERIES,
        "/projects/": PROJECT_LIST_QUERIES,
        "project": PROJECT_PAGE_QUERIES - 2,
        "/roadmap/": ROADMAP_QUERIES - 4,
    }

    def counts():
        project = (
            Project.objects.filter(number__startswith="GEN-")
            .annotate(reports=Count("status_reports"))
            .order_by("-reports", "number")
            .first()
        )
        urls = {
            "/": "/",
            "/projects/": "/projects/",
            "project": project.get_absolute_url(),
            "/roadmap/": "/roadmap/",
        }
        return {page: queries_for(reader, urls[page]) for page in pages}

    quiet = {"force": True, "seed": 7, "stdout": io.StringIO()}
    call_command("generate_portfolio", projects=SMALL, periods=4, **quiet)
    small = counts()
    call_command("generate_portfolio", projects=LARGE, periods=8, replace=True, **quiet)
    large = counts()

    assert small == large == expected


def filtered_list_url():
    """Every filter kind at once (all current focus areas, so every project matches at any size)."""
    current = FocusArea.objects.filter(period__is_current=True).values_list("pk", flat=True)
    areas = "".join(f"&focus_area={pk}" for pk in current)
    return f"/projects/?missing_status=on&q=Testprojekt&kind=lokal&light=&ordering=-light{areas}"


def test_it_filters_the_list_in_the_same_number_of_queries_for_3_and_25_projects(
    reader, django_assert_num_queries
):
    add_projects(SMALL)
    small = queries_for(reader, filtered_list_url())
    unfiltered_small = queries_for(reader, "/projects/?ordering=-name")
    add_projects(LARGE - SMALL)
    large = queries_for(reader, filtered_list_url())

    assert small == large
    assert unfiltered_small == queries_for(reader, "/projects/?ordering=-name")
    url = filtered_list_url()
    with django_assert_num_queries(FILTERED_PROJECT_LIST_QUERIES):
        response = reader.get(url)
    assert response.context["form"].is_valid()
    assert len(response.context["projects"]) > SMALL
    with django_assert_num_queries(FILTERED_PROJECT_LIST_HTMX_QUERIES):
        response = reader.get("/projects/?phase=gennemfoerelse&ordering=-name", HTTP_HX_REQUEST="true")
    assert response.context["projects"]
    assert {project.phase for project in response.context["projects"]} == {"gennemfoerelse"}


def test_it_shows_mine_projekter_in_the_same_number_of_queries_for_3_and_25_projects(
    client, django_assert_num_queries
):
    me = UserFactory()
    client.force_login(me)

    def make_mine(projects):
        for index, project in enumerate(projects):
            if index % 2:
                project.deputies.add(me)
            else:
                Project.objects.filter(pk=project.pk).update(leader=me)
            for number in range(2):
                Milestone.objects.create(
                    project=project, title=f"Snart {number}", due_date=timezone.localdate()
                )

    make_mine(add_projects(SMALL))
    same_queries_when_grown(client, "/projects/mine/", on_new_projects=make_mine)
    with django_assert_num_queries(MY_PROJECTS_QUERIES):
        response = client.get("/projects/mine/")
    assert len(response.context["projects"]) == LARGE
    assert all(len(project.due_milestones) >= 2 for project in response.context["projects"])


def test_it_shows_mine_gevinster_in_the_same_number_of_queries_for_3_and_25_projects(
    client, django_assert_num_queries
):
    me = UserFactory(is_manager=True)
    client.force_login(me)

    def make_mine(projects):
        Benefit.objects.filter(project__in=projects).update(owner=me)

    make_mine(add_projects(SMALL))
    same_queries_when_grown(client, "/benefits/mine/", on_new_projects=make_mine)
    with django_assert_num_queries(MY_BENEFITS_QUERIES):
        response = client.get("/benefits/mine/")
    assert len(response.context["rows"]) == 2 * LARGE


def test_it_shows_the_roadmap_in_the_same_number_of_queries_for_3_and_25_projects(
    reader, django_assert_num_queries
):
    """Each size has a project without any phase plan (its row offers planning to who may)."""
    add_projects(SMALL)
    add_projects(1, rich=False)
    small = queries_for(reader, "/roadmap/")
    small_filtered = queries_for(reader, filtered_list_url().replace("/projects/", "/roadmap/"))
    add_projects(LARGE - SMALL)
    add_projects(1, rich=False)
    large = queries_for(reader, "/roadmap/")
    large_filtered = queries_for(reader, filtered_list_url().replace("/projects/", "/roadmap/"))

    assert small == large
    assert small_filtered == large_filtered
    with django_assert_num_queries(ROADMAP_QUERIES):
        response = reader.get("/roadmap/?months=24&group=org_unit")
    assert sum(len(rows) for _, rows in response.context["table"]) > SMALL
    url = filtered_list_url().replace("/projects/", "/roadmap/")
    with django_assert_num_queries(FILTERED_ROADMAP_QUERIES):
        response = reader.get(url)
    assert response.context["form"].is_valid()


# --- Capacity (issue 18) ----------------------------------------------------------------------------------
# /capacity/: session, user, the filter form's choices (current focus areas, anchoring units, leaders), the
# units that plan hours, the demand (one SUM over the filtered projects' resource plans), the capacities,
# and the user's and groups' permissions (is "Redigér kapacitet" offered?).
CAPACITY_QUERIES = 11
# "Med udkastet" reads the unit tree, the plans under way and their items (one query with the projects').
CAPACITY_DRAFT_QUERIES = 14
# A cell's drill-down in "Med udkastet": the page's queries for one quarter, the cell's resource plan rows
# (with project, leader and anchoring) and the plan items behind it (with the tree read once more).
CAPACITY_CELL_QUERIES = 13
# The plan page of a draft: 17 of its own, and 5 for the capacity warning (the units that plan hours, the unit
# tree, the demand, the capacities and the plan's items).
PLAN_PAGE_QUERIES = 23


def plan_resources(projects, year):
    """Resource plans, capacities and a draft plan for `year` with an item for every other project."""
    units = list(OrgUnit.objects.filter(kind=OrgUnit.Kind.FORVALTNING)) or [
        OrgUnit.objects.create(name="Teknik og Miljø", kind=OrgUnit.Kind.FORVALTNING)
    ]
    it, _ = OrgUnit.objects.get_or_create(
        name="IT og Digitalisering", defaults={"kind": OrgUnit.Kind.AFDELING, "is_central_it": True}
    )
    plan = AnnualPlan.objects.filter(year=year).first() or AnnualPlan.objects.create(year=year)
    for index, project in enumerate(projects):
        Project.objects.filter(pk=project.pk).update(anchoring=units[index % len(units)])
        if index % 2:
            plan.items.create(rank=plan.items.count() + 1, project=project, hours=400)
            continue
        for quarter in (1, 2, 3, 4):
            ResourceNeed.objects.create(
                project=project, org_unit=units[index % len(units)], year=year, quarter=quarter, hours=100
            )
            ResourceNeed.objects.create(project=project, org_unit=it, year=year, quarter=quarter, hours=20)
    for unit in [*units, it]:
        for quarter in (1, 2, 3, 4):
            UnitCapacity.objects.get_or_create(
                org_unit=unit, year=year, quarter=quarter, defaults={"hours": 150}
            )
    return plan


def test_it_shows_capacity_in_the_same_number_of_queries_for_3_and_25_projects(
    reader, django_assert_num_queries
):
    year = timezone.localdate().year + 1
    urls = {
        "all": f"/capacity/?start={year}-1",
        "draft": f"/capacity/?start={year}-1&scenario=draft",
        "filtered": f"/capacity/?start={year}-1&scenario=approved&kind=lokal&q=Testprojekt",
        "cell": f"/capacity/{{unit}}/{year}/1/?scenario=draft",
        "plan": f"/plans/{year}/",
    }

    def counts():
        unit = OrgUnit.objects.filter(kind=OrgUnit.Kind.FORVALTNING).first().pk
        return {key: queries_for(reader, url.format(unit=unit)) for key, url in urls.items()}

    plan_resources(add_projects(SMALL, rich=False), year)
    small = counts()
    plan_resources(add_projects(LARGE - SMALL, rich=False), year)
    large = counts()
    assert small == large
    with django_assert_num_queries(CAPACITY_QUERIES):
        response = reader.get(urls["all"])
    assert response.context["table"].overbooked
    with django_assert_num_queries(CAPACITY_DRAFT_QUERIES):
        reader.get(urls["draft"])
    cell_url = urls["cell"].format(unit=OrgUnit.objects.filter(kind="forvaltning").first().pk)
    reader.get(cell_url)  # warm-up, as queries_for does
    with django_assert_num_queries(CAPACITY_CELL_QUERIES):
        response = reader.get(cell_url)
    assert response.context["needs"] and response.context["draft_items"]
    with django_assert_num_queries(PLAN_PAGE_QUERIES):
        response = reader.get(urls["plan"])
    assert response.context["capacity_warnings"]


def test_it_shows_data_quality_in_the_same_number_of_queries_for_3_and_25_projects(
    client, programme_member, django_assert_num_queries
):
    client.force_login(programme_member)
    add_projects(SMALL)
    ITSystemFactory()
    same_queries_when_grown(
        client, "/data-quality/", on_new_projects=lambda projects: ITSystemFactory.create_batch(len(projects))
    )
    with django_assert_num_queries(DATA_QUALITY_QUERIES):
        response = client.get("/data-quality/")
    rules = response.context["rules"]
    # Rows that grew with the portfolio: the business cases, the unmeasured benefits and the systems.
    assert [rule.count for rule in rules][1:] != [0, 0, 0, 0] and rules[4].count == LARGE - SMALL + 1


def test_it_shows_a_board_meeting_in_the_same_number_of_queries_for_3_and_25_projects(
    client, board_secretary, django_assert_num_queries
):
    client.force_login(board_secretary)
    add_projects(SMALL)
    upcoming = ReportingPeriod.objects.filter(meeting_date__gt=timezone.localdate()).get()
    url = f"/board/{upcoming.pk}/"

    def remind_all(_projects=None):
        for project in Project.objects.active().filter(status_reminders__isnull=True):
            reminder = StatusReminder.objects.create(
                period=upcoming, project=project, recipient=project.leader
            )
            reminder.also_to.set(project.deputies.all())

    remind_all()
    same_queries_when_grown(client, url, on_new_projects=remind_all)
    with django_assert_num_queries(BOARD_MEETING_QUERIES):
        response = client.get(url)
    assert "Næste påmindelse kan sendes" in response.content.decode()  # the secretary's view, all reminded


# The leader's status form for the coming Project Board, new and as a draft: session, user, the project,
# the user's and groups' global and object permissions (report_status: 4), is the project still open, the
# current period, the period's reports, the previous submitted report (prefilled from, and "Sidst: …"
# beside each field; a draft's page reads it too since issue 19, one query more), the project's slip
# (phase plans and milestones: 2) and the user's roles (the menu).
STATUS_FORM_QUERIES = 14
STATUS_DRAFT_QUERIES = 14


def test_it_shows_the_status_form_in_the_same_number_of_queries_for_3_and_25_projects(
    client, django_assert_num_queries
):
    project = next(project for project in add_projects(SMALL) if not project.is_finished)
    project_set_people(actor=None, project=project, leader=project.leader)  # grants report_status
    client.force_login(project.leader)
    url = f"/projects/{project.pk}/status/new/"
    same_queries_when_grown(client, url)
    with django_assert_num_queries(STATUS_FORM_QUERIES):
        response = client.get(url)
    assert "Sidst: " in response.content.decode()

    status_report_save_draft(
        actor=project.leader, project=project, period=response.context["period"], data={}
    )
    with django_assert_num_queries(STATUS_DRAFT_QUERIES):
        response = client.get(url)
    assert response.context["draft"] is not None and "Sidst: " in response.content.decode()


def test_it_shows_a_start_page_with_every_part_in_the_same_number_of_queries_for_3_and_25_projects(
    client, django_assert_num_queries
):
    me = UserFactory()
    for slug, role in (
        ("styregruppe", Membership.Role.MEMBER),
        ("project-board", Membership.Role.SECRETARY),
        ("iod", Membership.Role.MEMBER),
        ("it-sikkerhedsgruppe", Membership.Role.MEMBER),
    ):
        membership_start(
            actor=None, body=body(slug), user=me, role=role, start_date=datetime.date(2024, 1, 1)
        )
    client.force_login(me)
    today = timezone.localdate()
    board = GoverningBody.objects.get(slug="project-board")

    def make_mine(projects):
        for index, project in enumerate(projects):
            if index % 2:
                project.deputies.add(me)
            else:
                Project.objects.filter(pk=project.pk).update(leader=me)
            Milestone.objects.create(project=project, title="Snart", due_date=today)
            Risk.objects.create(project=project, title="Høj", probability=4, consequence=4)
            Idea.objects.create(title=f"Idé {project.number}", proposer=UserFactory())
            Meeting.objects.create(body=board, date=today - datetime.timedelta(days=index + 1))
            Meeting.objects.create(body=board, date=today + datetime.timedelta(days=index + 1))
        SecurityReview.objects.get_or_create(
            year=today.year, kind="policy_review", defaults={"due_date": today + datetime.timedelta(days=10)}
        )

    make_mine(add_projects(SMALL))
    same_queries_when_grown(client, "/", on_new_projects=make_mine)
    with django_assert_num_queries(START_PAGE_QUERIES):
        response = client.get("/")
    html = response.content.decode()
    for part in ("Dine projekter", "Til beslutning", "Møder, du er sekretær for", "Idéer at vurdere (25)"):
        assert part in html
    assert "IT-sikkerhedsgruppens opgaver" in html and "Statuskort" in html

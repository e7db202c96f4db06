"""No edit is silently lost: every edit form refuses a save based on an older state (portfolio.stale).

Two sessions open the same edit page and both save: the first is stored, the second is refused with the
Danish message naming the changed field, keeps what was typed, and carries the fresh token so a deliberate
second save succeeds. A POST without the token is refused and changes nothing."""

import datetime
import importlib
import inspect
import pkgutil
import re
from decimal import Decimal

import pytest
from django import forms
from django.test import Client
from django.urls import reverse

from benefits.models import BusinessCase
from benefits.services import business_case_save, business_case_scope
from governance.board import services as board_services
from governance.bodies import services as body_services
from governance.bodies.services import membership_start
from governance.models import AgendaItem, AnnualPlanItem, BoardCalendar, Meeting
from governance.plans import services as plan_services
from portfolio import services as portfolio_services
from portfolio import stale
from portfolio.lifecycle.closing import closing_report_save
from portfolio.models import (
    ClosingReport,
    ExternalInitiative,
    ITSystem,
    Milestone,
    Project,
    ProjectPhasePlan,
    ReportingPeriod,
    Risk,
)
from tests.benefits.conftest import make_benefit
from tests.benefits.test_permissions import benefit_data
from tests.edit_tokens import token_of, token_on
from tests.factories import ITSystemFactory, ProjectFactory, UserFactory, body
from tests.governance.helpers import VALID_CALENDAR
from tests.portfolio.test_project_editing import project_data
from tests.portfolio.test_systems import _form_data as system_data

pytestmark = pytest.mark.django_db

STALE = "Nogen har gemt ændringer, siden du åbnede siden"
NOT_SAVED = "Dine ændringer er ikke gemt"
MISSING = "Formularen mangler oplysningen om, hvilken udgave du redigerede"

# --- every edit form carries the protection ------------------------------------------------------------

APPS = ("focusareas", "portfolio", "benefits", "governance")

# Forms that never edit a stored object, each with the reason. A new form is either here or protected.
NOT_EDIT_FORMS = {
    "portfolio.forms.SubmitOnceForm": "the base of create forms: a one-time submit token, nothing to edit",
    "portfolio.systems.forms.KitosImportForm": "uploads a KITOS file; the import matches and writes systems "
    "itself, atomically",
    "portfolio.systems.views.WatchWindowForm": "a GET filter of the system list",
    "portfolio.roadmap.forms.RoadmapForm": "the roadmap's window and grouping, a GET filter",
    "governance.board.forms.ReminderForm": "sends a status reminder once (a one-time submit token)",
    "portfolio.status.forms.StatusReportForm": "the status report draft has its own token "
    "(services.status_report_version_token) and a field-by-field conflict page",
    "benefits.forms.MeasurementForm": "creates a new measurement; measurements are never edited",
    "portfolio.sso.local.LocalAuthenticationForm": "logs in with a password; edits nothing",
    "portfolio.sso.local.LocalPasswordResetForm": "asks for a reset link by e-mail; edits nothing",
    "governance.common.forms.StyledForm": "the styled base of governance's forms: nothing to edit",
    "governance.bodies.forms.MembershipAddForm": "creates a membership",
    "governance.bodies.forms.MembershipEndForm": (
        "ends a membership once; a second end is refused by the form"
    ),
    "governance.bodies.forms.MeetingForm": "creates a meeting (MeetingEditForm edits one)",
    "governance.bodies.forms.MovesForm": "moves an agenda item one place, not an edit of its fields",
    "governance.bodies.forms.AttendanceForm": "ticks who attended, saved as a set on each click",
    "governance.bodies.forms.ActionForm": "creates an action",
    "governance.bodies.forms.ActionDoneForm": "toggles an action done or open",
    "governance.dashboard.forms.DashboardFilterForm": "a GET filter",
    "governance.decisions.forms.DecisionForm": "records a new decision; decisions are never edited",
    "governance.decisions.forms.EscalationAnswerForm": "records a new answering decision",
    "governance.decisions.forms.EscalateForm": "creates an escalation",
    "governance.decisions.forms.DecisionFilterForm": "a GET filter",
    "governance.ideas.forms.IdeaForm": "proposes a new idea",
    "governance.ideas.forms.IdeaScoreForm": "records a score, one per scorer",
    "governance.ideas.forms.IdeaFundForm": "records a funding decision",
    "governance.security.forms.SecurityReviewForm": "records a yearly review decision",
    "governance.plans.forms.PlanStartForm": "starts a new plan",
    "governance.plans.forms.PlanApproveForm": "records the approval decision",
    "governance.plans.forms.PlanSendBackForm": "records a send-back decision",
    "governance.lifecycle.forms.ChangeRequestForm": "creates a change request",
    "governance.lifecycle.forms.RequestAnswerForm": "records the answer, a new decision; answered once",
    "governance.lifecycle.closing_forms.ReasonForm": "the base of the two reason forms below",
    "governance.lifecycle.closing_forms.ReturnForm": "sends a submitted closing report back once; a second "
    "answer is refused by the service (the report is no longer submitted)",
    "governance.lifecycle.closing_forms.StopForm": "stops a project once; a stopped project refuses a second",
    "governance.lifecycle.closing_forms.AcceptForm": "accepts a submitted closing report once, as above",
}


def _form_classes():
    found = {}
    for app in APPS:
        package = importlib.import_module(app)
        for module_info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" in module_info.name or ".management" in module_info.name:
                continue
            module = importlib.import_module(module_info.name)
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if (
                    issubclass(cls, forms.BaseForm)
                    and cls.__module__ == module.__name__
                    and cls.__module__.split(".")[0] in APPS
                    and not cls.__name__.startswith("_")
                ):
                    found[f"{cls.__module__}.{cls.__name__}"] = cls
    return found


def test_it_protects_every_form_in_the_apps_or_says_why_not():
    classes = _form_classes()
    unprotected = {
        name
        for name, cls in classes.items()
        if not issubclass(cls, stale.StaleSafeFormMixin) and name not in NOT_EDIT_FORMS
    }
    assert not unprotected, f"Edit forms without portfolio.stale.StaleSafeFormMixin: {sorted(unprotected)}"
    model_forms = [cls for cls in classes.values() if issubclass(cls, forms.BaseModelForm)]
    assert model_forms and all(
        issubclass(cls, stale.StaleSafeFormMixin) or f"{cls.__module__}.{cls.__name__}" in NOT_EDIT_FORMS
        for cls in model_forms
    )
    assert not set(NOT_EDIT_FORMS) - set(classes), "NOT_EDIT_FORMS names a form that no longer exists"


# --- people ----------------------------------------------------------------------------------------------


def _programme_member(username, first_name):
    person = UserFactory(username=username, first_name=first_name, last_name="Testesen")
    membership_start(actor=None, body=body("programgruppe"), user=person)
    return person


@pytest.fixture
def anna(db):
    return _programme_member("anna", "Anna")


@pytest.fixture
def bo(db):
    return _programme_member("bo", "Bo")


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _html(response):
    return response.content.decode()


def _two_saves(
    anna, bo, page_url, post_url, first, second, *, token_name=stale.StaleSafeFormMixin.stale_field
):
    """Both open the page; Anna saves `first`, then Bo saves `second` from the page he opened."""
    a, b = _client(anna), _client(bo)
    token_a, token_b = token_on(a, page_url, token_name), token_on(b, page_url, token_name)
    assert token_a == token_b
    saved = a.post(post_url, {**first, token_name: token_a})
    assert saved.status_code in (200, 302), _html(saved)[:2000]
    refused = b.post(post_url, {**second, token_name: token_b})
    return b, refused


def _assert_refused(refused, *, label, typed):
    html = _html(refused)
    assert STALE in html and NOT_SAVED in html
    assert label in html
    assert "Anna Testesen" in html
    assert typed in html  # the typed values are kept in the form


def _fresh_token(response, name="version"):
    match = re.search(rf'name="{re.escape(name)}"[^>]*value="([^"]+)"', _html(response)) or re.search(
        rf'value="([^"]+)"[^>]*name="{re.escape(name)}"', _html(response)
    )
    return match.group(1).replace("&quot;", '"')


# --- projects, milestones ---------------------------------------------------------------------------------


@pytest.fixture
def project(anna):
    return ProjectFactory(name="Talegenkendelse", project_model="light", phase="analyse", leader=anna)


def test_it_refuses_the_second_of_two_project_saves_and_accepts_a_deliberate_one(anna, bo, project):
    url = f"/projects/{project.pk}/edit/"
    data = {k: v for k, v in project_data(project).items() if k != "version"}
    b, refused = _two_saves(
        anna, bo, url, url, {**data, "name": "Annas navn"}, {**data, "name": "Bos navn", "budget": "777"}
    )
    _assert_refused(refused, label="Navn", typed="Bos navn")
    assert "Annas navn" in _html(refused)
    stored = Project.objects.get(pk=project.pk)
    assert stored.name == "Annas navn" and stored.budget != 777
    again = b.post(url, {**data, "name": "Bos navn", "version": _fresh_token(refused)})
    assert again.status_code == 302
    assert Project.objects.get(pk=project.pk).name == "Bos navn"


def test_it_refuses_a_project_save_without_its_token(anna, project):
    data = {k: v for k, v in project_data(project).items() if k != "version"}
    response = _client(anna).post(f"/projects/{project.pk}/edit/", {**data, "name": "Uden token"})
    assert MISSING in _html(response) and "Uden token" in _html(response)
    assert Project.objects.get(pk=project.pk).name == "Talegenkendelse"


def test_it_refuses_a_garbled_token_in_danish_without_a_500(anna, project):
    data = {k: v for k, v in project_data(project).items() if k != "version"}
    for garbled in ("abc", "1.2.3", "x" * 5000, "ø"):
        response = _client(anna).post(
            f"/projects/{project.pk}/edit/", {**data, "name": "X", "version": garbled}
        )
        assert response.status_code == 200
        assert STALE in _html(response) or MISSING in _html(response)
    assert Project.objects.get(pk=project.pk).name == "Talegenkendelse"


def test_it_refuses_a_stale_milestone_update(anna, bo, project):
    milestone = Milestone.objects.create(
        project=project, title="Kontrakt", due_date=datetime.date(2026, 3, 1)
    )
    tokens = {
        name: token_on(_client(anna), f"/projects/{project.pk}/", name)
        for name in [f"m{milestone.pk}-version"]
    }
    prefix = f"m{milestone.pk}"
    url = f"/projects/{project.pk}/milestones/{milestone.pk}/"
    base = {f"{prefix}-title": "Kontrakt", f"{prefix}-due_date": "2026-03-01"}
    first = _client(anna).post(url, {**base, f"{prefix}-completed_on": "2026-03-02", **tokens})
    assert first.status_code == 302
    second = _client(bo).post(url, {**base, f"{prefix}-completed_on": "2026-03-05", **tokens}, follow=True)
    assert STALE in _html(second) and "Nået" in _html(second).replace("nået", "Nået")
    assert Milestone.objects.get(pk=milestone.pk).completed_on == datetime.date(2026, 3, 2)
    missing = _client(bo).post(url, {**base, f"{prefix}-completed_on": "2026-03-07"}, follow=True)
    assert MISSING in _html(missing)
    assert Milestone.objects.get(pk=milestone.pk).completed_on == datetime.date(2026, 3, 2)


def test_it_refuses_the_second_of_two_milestone_edits(anna, bo, project):
    milestone = Milestone.objects.create(
        project=project, title="Kontrakt", due_date=datetime.date(2026, 3, 1)
    )
    url = f"/projects/{project.pk}/milestones/{milestone.pk}/edit/"
    base = {"milepaele-title": "Kontrakt", "milepaele-due_date": "2026-03-01", "milepaele-owner": ""}
    b, refused = _two_saves(
        anna,
        bo,
        url,
        url,
        {**base, "milepaele-due_date": "2026-03-20"},
        {**base, "milepaele-title": "Bos titel"},
        token_name="milepaele-version",
    )
    _assert_refused(refused, label="Forventet dato", typed="Bos titel")
    assert Milestone.objects.get(pk=milestone.pk).title == "Kontrakt"
    again = b.post(
        url,
        {
            **base,
            "milepaele-title": "Bos titel",
            "milepaele-version": _fresh_token(refused, "milepaele-version"),
        },
    )
    assert again.status_code == 302 and Milestone.objects.get(pk=milestone.pk).title == "Bos titel"


def test_it_refuses_the_second_of_two_risk_edits(anna, bo, project):
    risk = Risk.objects.create(project=project, title="Forsinkelse", probability=2, consequence=2)
    url = f"/projects/{project.pk}/risks/{risk.pk}/edit/"
    base = {
        "risici-title": "Forsinkelse",
        "risici-probability": "2",
        "risici-consequence": "2",
        "risici-status": "open",
    }
    _, refused = _two_saves(
        anna,
        bo,
        url,
        url,
        {**base, "risici-probability": "5"},
        {**base, "risici-action": "Bos handling"},
        token_name="risici-version",
    )
    _assert_refused(refused, label="Sandsynlighed", typed="Bos handling")
    assert Risk.objects.get(pk=risk.pk).probability == 5 and not Risk.objects.get(pk=risk.pk).action


def test_it_refuses_the_second_of_two_phase_plan_saves(anna, bo, project):
    ProjectPhasePlan.objects.create(project=project, phase="analyse", planned_start=datetime.date(2026, 2, 1))
    url = f"/projects/{project.pk}/plan/"
    b, refused = _two_saves(
        anna, bo, url, url, {"analyse_start": "2026-02-15"}, {"analyse_start": "2026-03-01"}
    )
    _assert_refused(refused, label="Analyse", typed="2026-03-01")
    plan = ProjectPhasePlan.objects.get(project=project, phase="analyse")
    assert plan.planned_start == datetime.date(2026, 2, 15)
    again = b.post(url, {"analyse_start": "2026-03-01", "version": _fresh_token(refused)})
    assert again.status_code == 302
    assert ProjectPhasePlan.objects.get(pk=plan.pk).planned_start == datetime.date(2026, 3, 1)
    missing = b.post(url, {"analyse_start": "2026-04-01"})
    assert MISSING in _html(missing)


def test_it_refuses_a_phase_plan_save_after_someone_planned_a_new_phase(anna, bo, project):
    url = f"/projects/{project.pk}/plan/"
    b, refused = _two_saves(anna, bo, url, url, {"ide_start": "2026-01-05"}, {"ide_start": "2026-01-12"})
    assert STALE in _html(refused)
    assert ProjectPhasePlan.objects.get(project=project, phase="ide").planned_start == datetime.date(
        2026, 1, 5
    )


# --- benefits ---------------------------------------------------------------------------------------------


def test_it_refuses_the_second_of_two_benefit_saves(anna, bo, project, benefit_owner):
    benefit = make_benefit(project, benefit_owner)
    url = f"/benefits/{benefit.pk}/edit/"
    b, refused = _two_saves(
        anna,
        bo,
        url,
        url,
        benefit_data(benefit_owner, title="Annas titel"),
        benefit_data(benefit_owner, title="Bos titel"),
    )
    _assert_refused(refused, label="Gevinst", typed="Bos titel")
    benefit.refresh_from_db()
    assert benefit.title == "Annas titel"
    assert (
        b.post(
            url, {**benefit_data(benefit_owner, title="Bos titel"), "version": _fresh_token(refused)}
        ).status_code
        == 302
    )
    missing = b.post(url, benefit_data(benefit_owner, title="Uden token"))
    assert MISSING in _html(missing)
    benefit.refresh_from_db()
    assert benefit.title == "Bos titel"


def test_it_refuses_the_second_of_two_business_case_saves_naming_the_cell(anna, bo, project):
    url = f"/benefits/projects/{project.pk}/business-case/edit/"
    b, refused = _two_saves(
        anna, bo, url, url, {"investment__hardware__0": "100.000"}, {"investment__hardware__0": "5.000"}
    )
    assert refused.status_code == 400
    _assert_refused(refused, label="Engangsinvestering, hardware, år 0", typed="5.000")
    case = BusinessCase.objects.get(project=project)
    assert case.lines.get(row="hardware").amount == Decimal(100_000)
    again = b.post(url, {"investment__hardware__0": "5.000", "version": _fresh_token(refused)})
    assert again.status_code == 302
    assert case.lines.get(row="hardware").amount == Decimal(5_000)
    missing = b.post(url, {"investment__hardware__0": "1"})
    assert missing.status_code == 400 and MISSING in _html(missing)
    assert case.lines.get(row="hardware").amount == Decimal(5_000)


def test_it_refuses_a_stale_business_case_save_in_the_service(anna, project):
    token = stale.token(business_case_scope(project))

    business_case_save(actor=anna, project=project, amounts={("saving", "licences", 1): 10}, version=token)
    with pytest.raises(stale.StaleEditError) as refused:
        business_case_save(
            actor=anna, project=project, amounts={("saving", "licences", 1): 99}, version=token
        )
    assert refused.value.changes[0].label.startswith("Besparelse, licenser, år 1")
    assert BusinessCase.objects.get(project=project).lines.get().amount == 10


# --- systems, initiatives -----------------------------------------------------------------------------------


def test_it_refuses_the_second_of_two_system_saves(anna, bo):
    system = ITSystemFactory(name="Fasit")
    url = f"/systems/{system.pk}/edit/"
    data = {k: v for k, v in system_data(system).items() if k != "version"}
    b, refused = _two_saves(
        anna, bo, url, url, {**data, "vendor": "Annas leverandør"}, {**data, "vendor": "Bos leverandør"}
    )
    _assert_refused(refused, label="Leverandør", typed="Bos leverandør")
    assert ITSystem.objects.get(pk=system.pk).vendor == "Annas leverandør"
    assert MISSING in _html(b.post(url, {**data, "vendor": "X"}))


def test_it_refuses_the_second_of_two_initiative_saves(anna, bo):
    initiative = ExternalInitiative.objects.create(name="Digital Post", owner="digst")
    url = reverse("initiatives:edit", args=[initiative.pk])
    data = {"name": "Digital Post", "owner": "digst", "description": "", "url": ""}
    b, refused = _two_saves(
        anna, bo, url, url, {**data, "description": "Annas tekst"}, {**data, "description": "Bos tekst"}
    )
    _assert_refused(refused, label="Beskrivelse", typed="Bos tekst")
    assert ExternalInitiative.objects.get(pk=initiative.pk).description == "Annas tekst"
    assert MISSING in _html(b.post(url, {**data, "description": "X"}))


# --- meetings, agenda items, minutes ------------------------------------------------------------------------


@pytest.fixture
def meeting(anna, bo):
    """A steering-group meeting that Anna (its chair) and Bo (its secretary) both keep."""
    membership_start(actor=None, body=body("styregruppe"), user=anna, role="chair")
    membership_start(actor=None, body=body("styregruppe"), user=bo, role="secretary")
    return body_services.meeting_create(actor=anna, body=body("styregruppe"), date=datetime.date(2026, 11, 5))


def test_it_refuses_the_second_of_two_meeting_saves(anna, bo, meeting):
    url = reverse("governance:meeting-edit", args=[meeting.pk])
    data = {"date": "2026-11-05"}
    b, refused = _two_saves(
        anna, bo, url, url, {**data, "location": "Rådhuset"}, {**data, "location": "Kantinen"}
    )
    _assert_refused(refused, label="Sted", typed="Kantinen")
    assert Meeting.objects.get(pk=meeting.pk).location == "Rådhuset"
    assert MISSING in _html(b.post(url, {**data, "location": "X"}))


def test_it_refuses_the_second_of_two_agenda_item_saves(anna, bo, meeting):
    item = body_services.agenda_item_add(actor=anna, meeting=meeting, title="Indsatsplan")
    url = reverse("governance:agenda-item-edit", args=[item.pk])
    b, refused = _two_saves(anna, bo, url, url, {"title": "Annas punkt"}, {"title": "Bos punkt"})
    _assert_refused(refused, label="Punkt er ændret fra", typed="Bos punkt")
    assert AgendaItem.objects.get(pk=item.pk).title == "Annas punkt"
    assert MISSING in _html(b.post(url, {"title": "X"}))


def test_it_shows_a_refused_minutes_autosave_in_the_status_area(anna, bo, meeting):
    page = reverse("governance:meeting-detail", args=[meeting.pk])
    url = reverse("governance:meeting-minutes", args=[meeting.pk])
    a, b = _client(anna), _client(bo)
    token_a, token_b = token_on(a, page), token_on(b, page)
    saved = a.post(url, {"minutes": "Annas referat", "version": token_a}, HTTP_HX_REQUEST="true")
    assert saved.status_code == 200 and "Gemt kl." in _html(saved)
    # The successful autosave hands Anna's page its new token, so her next autosave is accepted.
    assert 'hx-swap-oob="true"' in _html(saved)
    next_token = _fresh_token(saved)
    assert (
        a.post(url, {"minutes": "Annas referat 2", "version": next_token}, HTTP_HX_REQUEST="true").status_code
        == 200
    )
    refused = b.post(url, {"minutes": "Bos referat", "version": token_b}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 409
    html = _html(refused)
    assert (
        "Referatet er ikke gemt" in html and STALE in html and "Referat" in html and "Anna Testesen" in html
    )
    assert Meeting.objects.get(pk=meeting.pk).minutes == "Annas referat 2"
    # A deliberate "save my text anyway" carries the fresh token.
    fresh = re.search(r'"version": "([^"]+)"', html).group(1)
    anyway = b.post(url, {"minutes": "Bos referat", "version": fresh}, HTTP_HX_REQUEST="true")
    assert anyway.status_code == 200
    assert Meeting.objects.get(pk=meeting.pk).minutes == "Bos referat"
    missing = b.post(url, {"minutes": "Uden token"}, HTTP_HX_REQUEST="true")
    assert missing.status_code == 409 and MISSING in _html(missing)
    without_htmx = b.post(url, {"minutes": "Uden token"})
    assert (
        without_htmx.status_code == 400
        and MISSING in _html(without_htmx)
        and "Uden token" in _html(without_htmx)
    )
    assert Meeting.objects.get(pk=meeting.pk).minutes == "Bos referat"


# --- plans, the board calendar ---------------------------------------------------------------------------


@pytest.fixture
def plan(anna):
    plan = plan_services.annual_plan_start(actor=anna, year=2031)
    plan_services.plan_item_add(actor=anna, plan=plan, activity="Kompetenceudvikling", hours=10)
    return plan


def test_it_refuses_the_second_of_two_plan_settings_saves(anna, bo, plan):
    page = reverse("governance:plan-detail", args=[plan.year])
    url = reverse("governance:plan-settings", args=[plan.year, plan.version])
    b, refused = _two_saves(anna, bo, page, url, {"title": "Annas plan"}, {"title": "Bos plan"})
    _assert_refused(refused, label="Titel", typed="Bos plan")
    plan.refresh_from_db()
    assert plan.title == "Annas plan"
    assert MISSING in _html(b.post(url, {"title": "X"}))


def test_it_refuses_the_second_of_two_plan_item_saves(anna, bo, plan):
    item = plan.items.get()
    url = reverse("governance:plan-item-edit", args=[item.pk])
    base = {"hours": "10", "amount": "0"}
    b, refused = _two_saves(
        anna, bo, url, url, {**base, "activity": "Annas aktivitet"}, {**base, "activity": "Bos aktivitet"}
    )
    _assert_refused(refused, label="Aktivitet", typed="Bos aktivitet")
    assert AnnualPlanItem.objects.get(pk=item.pk).activity == "Annas aktivitet"
    assert MISSING in _html(b.post(url, {**base, "activity": "X"}))


def test_it_refuses_the_second_of_two_board_calendar_saves(anna, bo):
    url = reverse("governance:board-calendar")
    b, refused = _two_saves(anna, bo, url, url, VALID_CALENDAR, {**VALID_CALENDAR, "interval_days": "21"})
    assert STALE in _html(refused) and NOT_SAVED in _html(refused) and 'value="21"' in _html(refused)
    assert BoardCalendar.objects.get().interval_days == 14
    assert MISSING in _html(b.post(url, {**VALID_CALENDAR, "interval_days": "28"}))
    assert BoardCalendar.objects.get().interval_days == 14


def test_it_refuses_a_stale_move_of_a_board_meeting(anna, bo):
    board_services.board_calendar_save(
        actor=anna,
        first_meeting_date=datetime.date(2031, 1, 9),
        interval_days=14,
        deadline_working_days=2,
        horizon_weeks=8,
    )
    board_services.board_calendar_extend(today=datetime.date(2030, 12, 1))
    period = ReportingPeriod.objects.order_by("meeting_date").last()
    token = token_of(period)
    url = reverse("governance:board-period-move", args=[period.pk])
    old = period.meeting_date
    first = _client(anna).post(
        url, {"new_meeting_date": (old - datetime.timedelta(days=1)).isoformat(), "version": token}
    )
    assert first.status_code == 302
    second = _client(bo).post(
        url, {"new_meeting_date": (old - datetime.timedelta(days=2)).isoformat(), "version": token}
    )
    assert second.status_code == 400 and STALE in _html(second)
    period.refresh_from_db()
    assert period.meeting_date == old - datetime.timedelta(days=1)
    missing = _client(bo).post(url, {"new_meeting_date": (old - datetime.timedelta(days=2)).isoformat()})
    assert missing.status_code == 400 and MISSING in _html(missing)


def test_it_leaves_creating_without_a_token(anna, meeting):
    response = _client(anna).post(
        reverse("governance:agenda-item-add", args=[meeting.pk]), {"title": "Nyt punkt", "project": ""}
    )
    assert response.status_code == 302
    assert meeting.agenda_items.filter(title="Nyt punkt").exists()
    assert portfolio_services.project_stale_scope  # the project form's scope is the shared one


# --- the closing report ----------------------------------------------------------------------------------


def test_it_refuses_the_second_of_two_closing_report_saves(anna, bo, project):
    closing_report_save(actor=anna, project=project, data={"goals_met": "Pilot i drift."})
    url = f"/projects/{project.pk}/closing/"
    b, refused = _two_saves(
        anna,
        bo,
        url,
        url,
        {"goals_met": "Annas mål", "save": "1"},
        {"goals_met": "Bos mål", "lessons_learned": "Bos erfaring", "save": "1"},
    )
    _assert_refused(refused, label="Mål og leverancer", typed="Bos erfaring")
    assert ClosingReport.objects.get(project=project).goals_met == "Annas mål"
    again = b.post(url, {"goals_met": "Bos mål", "save": "1", "version": _fresh_token(refused)})
    assert again.status_code == 302
    assert ClosingReport.objects.get(project=project).goals_met == "Bos mål"

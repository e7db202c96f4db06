"""The shared world of the security tests: eight personas and an object for every URL parameter.

Roles are given the way production gives them (portfolio.services.project_set_people for a project's
leader, benefits.services.benefit_save for a benefit's owner, governance.services.membership_start for
a body's members), so the object permissions and groups the views check are the real ones.

The world is built once per test module inside a transaction rolled back at the end (as
tests/governance/demo/test_load_demo.py does); each test runs in a savepoint inside it. Each persona's
client logs in once with the world. PDFs are laid out once per distinct HTML (LayoutOnce).
"""

import datetime
import hashlib
import re
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from api.services import api_token_create
from benefits import services as benefit_services
from benefits.models import Benefit
from governance.bodies import services as body_services
from governance.calendars import services as calendar_services
from governance.calendars.tokens import feed_token
from governance.ideas import services as idea_services
from governance.models import AnnualPlan, BoardReport, Decision, Membership, ProjectRequest
from governance.plans import services as plan_services
from governance.plans.selectors import plan_snapshot
from governance.security import services as security_services
from portfolio.models import ExternalInitiative, Milestone, Phase, ProjectSystem, Risk, StatusReport, User
from portfolio.services import project_set_people
from tests.factories import (
    ITSystemFactory,
    OrgUnitFactory,
    ProjectFactory,
    ReportingPeriodFactory,
    StatusReportFactory,
    UserFactory,
    body,
    current_focus_area,
)

# The personas, in the column order of the authorisation table.
PERSONAS = (
    "anonymous",
    "reader",
    "leader",
    "benefit_owner",
    "secretary",
    "programme",
    "steering",
    "admin",
)
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The admin site is one entry of its own (staff only); its many internal URLs are Django's, not ours.
ADMIN_ENTRY = "admin"
ADMIN_PATH = "/admin/"


# --- the URL conf ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or ADMIN_ENTRY
    route: str  # "/projects/<int:pk>/edit/"
    int_params: tuple[str, ...] = ()
    params: tuple[str, ...] = ()


PARAM = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def _walk(resolver, prefix, namespace):
    for entry in resolver.url_patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route.startswith("admin/"):
                yield Route(ADMIN_ENTRY, ADMIN_PATH)
                continue
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry, prefix + route, inner)
        elif isinstance(entry, URLPattern):
            if entry.name is None:
                raise AssertionError(f"URL pattern /{prefix}{route} has no name: name it so it can be listed")
            full = prefix + route
            found = [(m["converter"] or "str", m["name"]) for m in PARAM.finditer(full)]
            yield Route(
                f"{namespace}:{entry.name}" if namespace else entry.name,
                "/" + full,
                int_params=tuple(name for converter, name in found if converter == "int"),
                params=tuple(name for _, name in found),
            )


def site_routes(resolver=None) -> list[Route]:
    """Every URL pattern of the site, by its full name, with the admin site as one entry. Static files
    are not in the URL conf (runserver's finders serve them), so nothing else is left out."""
    routes = {}
    for route in _walk(resolver or get_resolver(), "", ""):
        routes.setdefault(route.name, route)
    return list(routes.values())


def fill(route: Route, kwargs: dict) -> str:
    """The route with its parameters replaced by `kwargs` (values are taken as they are: malformed
    ones too, which reverse() would refuse)."""
    missing = set(route.params) - set(kwargs)
    if missing:
        raise KeyError(f"{route.name}: no value for {sorted(missing)}")
    return PARAM.sub(lambda m: str(kwargs[m["name"]]), route.route)


# --- what changed ---------------------------------------------------------------------------------------

# Tables left out of the count of changes: a session is written by a login itself, and axes logs logins.
UNTRACKED_APPS = {"sessions", "axes"}


def fingerprint() -> dict[str, int]:
    """The number of rows of every table, history tables included (every change to what matters leaves
    a history row), in one query: a write a refused POST made shows."""
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.app_label not in UNTRACKED_APPS
        }
    )
    quote = connection.ops.quote_name
    # Table names from the models, quoted: nothing from outside reaches this SQL.
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return dict(zip(tables, cursor.fetchone(), strict=True))


# --- the world -------------------------------------------------------------------------------------------


@dataclass
class World:
    users: dict = field(default_factory=dict)  # persona -> User (anonymous: None)
    objects: dict = field(default_factory=dict)  # name -> model instance or value
    kwargs: dict = field(default_factory=dict)  # URL name or "name (variant)" -> URL kwargs
    clients: dict = field(default_factory=dict)  # persona -> logged-in Client, made once with the world

    def __getattr__(self, name):
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name) from None

    def login(self, persona: str) -> Client:
        """A new test client logged in as the persona; a view's exception becomes a 500 response
        (counted by the tests) instead of propagating."""
        client = Client(raise_request_exception=False)
        user = self.users[persona]
        if user is not None:
            client.force_login(user)
        return client

    def client(self, persona: str) -> Client:
        """The persona's client, logged in once for the module: its session row lives in the module's
        transaction, so each test's rollback leaves it logged in."""
        if persona not in self.clients:
            self.clients[persona] = self.login(persona)
        return self.clients[persona]


def _member(user, slug, role=Membership.Role.MEMBER):
    return body_services.membership_start(
        actor=None, body=body(slug), user=user, role=role, start_date=datetime.date(2024, 1, 1)
    )


def _benefit(project, owner, title):
    """A benefit saved through the service, so its owner gets record_measurement as in production."""
    benefit = Benefit(
        project=project,
        title=title,
        type=Benefit.Type.EFFICIENCY,
        owner=owner,
        unit=Benefit.Unit.HOURS,
        baseline=Decimal("100"),
        baseline_date=datetime.date(2025, 1, 1),
        target=Decimal("50"),
        due_date=datetime.date(2027, 1, 1),
    )
    return benefit_services.benefit_save(actor=None, benefit=benefit)


def build_world() -> World:
    today = timezone.localdate()
    world = World()
    users = world.users
    users["anonymous"] = None
    users["reader"] = UserFactory(username="sik-laeser", first_name="Lea", last_name="Læser")
    users["leader"] = UserFactory(username="sik-projektleder", first_name="Per", last_name="Leder")
    users["benefit_owner"] = UserFactory(
        username="sik-gevinstejer", first_name="Gitte", last_name="Ejer", is_manager=True
    )
    users["secretary"] = UserFactory(username="sik-sekretaer", first_name="Sara", last_name="Sekretær")
    users["programme"] = UserFactory(username="sik-programgruppe", first_name="Poul", last_name="Program")
    users["steering"] = UserFactory(
        username="sik-styregruppe", first_name="Stine", last_name="Styre", is_manager=True
    )
    users["admin"] = UserFactory(
        username="sik-admin", first_name="Ada", last_name="Admin", is_staff=True, is_superuser=True
    )
    other_leader = UserFactory(username="sik-anden-leder", first_name="Anders", last_name="Anden")
    other_owner = UserFactory(username="sik-anden-ejer", first_name="Oda", last_name="Chef", is_manager=True)

    _member(users["secretary"], "styregruppe", Membership.Role.SECRETARY)
    _member(users["secretary"], "programgruppe", Membership.Role.SECRETARY)
    _member(users["programme"], "programgruppe")
    steering_membership = _member(users["steering"], "styregruppe")
    # Persona objects carry their groups as of now (membership_start changed them after creation).
    for persona, user in users.items():
        if user is not None:
            users[persona] = User.objects.get(pk=user.pk)
    admin = users["admin"]

    central = OrgUnitFactory(name="IT og Digitalisering", is_central_it=True)
    initiative = ExternalInitiative.objects.create(
        name="Fælles Sprogteknologi", owner=ExternalInitiative.Owner.KL, description="KL's initiativ."
    )
    own = ProjectFactory(
        number="SIK-1",
        name="Digital post til borgerne",
        phase=Phase.EXECUTION,
        anchoring=central,
        national_initiative=initiative,
        kind="faelleskommunal",
        budget=Decimal("500000"),
    )
    other = ProjectFactory(number="SIK-2", name="Talegenkendelse", phase=Phase.ANALYSIS, anchoring=central)
    project_set_people(actor=admin, project=own, owner=users["steering"], leader=users["leader"])
    project_set_people(actor=admin, project=other, owner=users["steering"], leader=other_leader)

    past = ReportingPeriodFactory(meeting_date=today - datetime.timedelta(days=7))
    current = ReportingPeriodFactory(meeting_date=today + datetime.timedelta(days=7))
    own_submitted = StatusReportFactory(
        project=own, period=past, author=users["leader"], overall="yellow", decisions_needed="Flere timer."
    )
    own_draft = StatusReportFactory(
        project=own, period=current, author=users["leader"], state=StatusReport.State.DRAFT, submitted_at=None
    )
    other_submitted = StatusReportFactory(project=other, period=past, author=other_leader, overall="red")
    other_draft = StatusReportFactory(
        project=other, period=current, author=other_leader, state=StatusReport.State.DRAFT, submitted_at=None
    )
    own_milestone = Milestone.objects.create(project=own, title="Udbud", due_date=today)
    other_milestone = Milestone.objects.create(project=other, title="Analyse færdig", due_date=today)
    own_risk = Risk.objects.create(project=own, title="Leverandør forsinket", probability=3, consequence=4)
    other_risk = Risk.objects.create(project=other, title="Ingen data", probability=2, consequence=2)

    own_benefit = _benefit(own, users["benefit_owner"], "Færre timer på post")
    other_benefit = _benefit(other, other_owner, "Hurtigere sagsbehandling")
    benefit_services.business_case_save(actor=None, project=own, amounts={}, notes="Business case for post.")
    benefit_services.business_case_save(actor=None, project=other, amounts={}, notes="Business case.")

    system = ITSystemFactory(
        name="Sbsys",
        owner_unit=central,
        contract_end=today + datetime.timedelta(days=200),
        notice_months=3,
    )
    ProjectSystem.objects.create(project=own, system=system)

    report = BoardReport.objects.create(period=past, status=BoardReport.Status.DONE, progress=100)
    report.file.save("sikkerhedstest.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)

    steering = body("styregruppe")
    meeting = body_services.meeting_create(
        actor=users["secretary"],
        body=steering,
        date=today + datetime.timedelta(days=3),
        location="Byrådssalen",
    )
    agenda_item = body_services.agenda_item_add(
        actor=users["secretary"], meeting=meeting, title="Indsatsplanen", project=own
    )
    action = body_services.action_add(
        actor=users["secretary"],
        meeting=meeting,
        description="Udsend referat",
        owner=users["steering"],
        due_date=today,
        agenda_item=agenda_item,
    )
    # An escalation from the programme group that waits for the steering group's answer.
    escalation = Decision.objects.create(
        body=body("programgruppe"),
        kind=Decision.Kind.ESCALATION,
        decided_on=today,
        text="Projektet mangler ressourcer; styregruppen bedes tage stilling.",
        project=own,
        recorded_by=users["programme"],
    )
    idea = idea_services.idea_propose(
        actor=users["reader"],
        title="Chatbot på hjemmesiden",
        description="Svar på de hyppigste spørgsmål.",
        focus_areas=[current_focus_area(1)],
    )
    plan = plan_services.annual_plan_start(actor=users["programme"], year=today.year + 1)
    plan_item = plan_services.plan_item_add(
        actor=users["programme"],
        plan=plan,
        project=own,
        rationale="Lovkrav",
        hours=100,
        amount=Decimal("50000"),
        focus_areas=[current_focus_area(1)],
    )
    review = security_services.security_reviews_ensure(year=today.year)[0]

    # A change request of the leader's on the steering group's agenda (made directly, so the steering
    # persona is the one who may answer it).
    change = ProjectRequest.objects.create(
        kind=ProjectRequest.Kind.CHANGE,
        project=own,
        body=steering,
        agenda_item=body_services.agenda_item_add(
            actor=users["secretary"], meeting=meeting, title="Ændringsanmodning", project=own
        ),
        reason="Mere tid.",
        requested_by=users["leader"],
    )
    world.objects.update(
        own=own,
        other=other,
        past=past,
        current=current,
        own_benefit=own_benefit,
        other_benefit=other_benefit,
        system=system,
        initiative=initiative,
        board_report=report,
        meeting=meeting,
        agenda_item=agenda_item,
        action=action,
        escalation=escalation,
        idea=idea,
        plan=plan,
        plan_item=plan_item,
        review=review,
        steering_membership=steering_membership,
    )
    # Calendar feeds: the reader's private address and the steering group's public one (switched on).
    reader_feed = calendar_services.feed_new_address(user=users["reader"])
    steering = calendar_services.body_public_calendar_set(actor=admin, body=steering, public=True)
    api_token, _clear = api_token_create(
        actor=users["reader"], user=users["reader"], name="Power BI", days=30
    )
    # The API's governance resources (api/governance/) show approved plans only: last year's, approved.
    approved_plan = AnnualPlan.objects.create(year=today.year - 1, title="Indsatsplan")
    AnnualPlan.objects.filter(pk=approved_plan.pk).update(
        status=AnnualPlan.Status.APPROVED,
        approved_at=timezone.now(),
        approved_snapshot=plan_snapshot(approved_plan),
    )
    plan_kwargs = {"year": plan.year, "version": plan.version}
    world.kwargs = {
        # A password reset link that is not valid: everyone gets the Danish page that offers a new one.
        "password_reset_confirm": {"uidb64": "MQ", "token": "ugyldigt-link"},
        # portfolio: "pk" is the project; the own project is led by the leader persona.
        "portfolio:project-detail": {"pk": own.pk},
        "portfolio:project-edit": {"pk": own.pk},
        "portfolio:project-edit (other)": {"pk": other.pk},
        "portfolio:project-plan": {"pk": own.pk},
        "portfolio:project-plan (other)": {"pk": other.pk},
        "portfolio:project-resources": {"pk": own.pk},
        "portfolio:project-resources (other)": {"pk": other.pk},
        "portfolio:milestone-add": {"pk": own.pk},
        "portfolio:milestone-add (other)": {"pk": other.pk},
        "portfolio:milestone-update": {"pk": own.pk, "milestone_pk": own_milestone.pk},
        "portfolio:milestone-update (other)": {"pk": other.pk, "milestone_pk": other_milestone.pk},
        "portfolio:milestone-edit": {"pk": own.pk, "milestone_pk": own_milestone.pk},
        "portfolio:milestone-edit (other)": {"pk": other.pk, "milestone_pk": other_milestone.pk},
        "portfolio:risk-edit": {"pk": own.pk, "risk_pk": own_risk.pk},
        "portfolio:risk-edit (other)": {"pk": other.pk, "risk_pk": other_risk.pk},
        "portfolio:risk-add": {"pk": own.pk},
        "portfolio:risk-add (other)": {"pk": other.pk},
        "portfolio:risk-update": {"pk": own.pk, "risk_pk": own_risk.pk},
        "portfolio:risk-update (other)": {"pk": other.pk, "risk_pk": other_risk.pk},
        "portfolio:status-new": {"pk": own.pk},
        "portfolio:status-new (other)": {"pk": other.pk},
        "portfolio:status-detail": {"pk": own.pk, "report_pk": own_submitted.pk},
        "api:projects-detail": {"pk": own.pk},
        "api:status-reports-detail": {"pk": own_submitted.pk},
        # api/benefits: the own benefit, a measurement of it by its owner, the own project's business case.
        "api:benefits-detail": {"pk": own_benefit.pk},
        "api:measurements-detail": {
            "pk": own_benefit.measurements.create(
                measured_on=today, value=Decimal("90"), recorded_by=users["benefit_owner"]
            ).pk
        },
        "api:business-cases-detail": {"pk": own.business_case.pk},
        # api-portfolio
        "api:milestones-detail": {"pk": own_milestone.pk},
        "api:risks-detail": {"pk": own_risk.pk},
        "api:systems-detail": {"pk": system.pk},
        "api:focus-areas-detail": {"pk": current_focus_area(1).pk},
        "api-key-revoke": {"pk": api_token.pk},
        "api:decisions-detail": {"pk": escalation.pk},
        "api:plans-detail": {"pk": approved_plan.pk},
        "api:bodies-detail": {"pk": steering.pk},
        "api:meetings-detail": {"pk": meeting.pk},
        "portfolio:status-edit": {"pk": own.pk, "report_pk": own_draft.pk},
        "portfolio:status-edit (other)": {"pk": other.pk, "report_pk": other_draft.pk},
        "portfolio:status-correct": {"pk": own.pk, "report_pk": own_submitted.pk},
        "portfolio:status-correct (other)": {"pk": other.pk, "report_pk": other_submitted.pk},
        # A project's closing: the own project is in gennemførelse and has no closing report yet.
        "portfolio:project-closing": {"pk": own.pk},
        "governance:closing-accept": {"pk": own.pk},
        "governance:closing-return": {"pk": own.pk},
        "governance:project-stop": {"pk": own.pk},
        "systems:detail": {"pk": system.pk},
        "systems:edit": {"pk": system.pk},
        "initiatives:detail": {"pk": initiative.pk},
        "initiatives:edit": {"pk": initiative.pk},
        # benefits: "pk" is the benefit; the own benefit is owned by the benefit owner persona and sits
        # on the leader's project.
        "benefits:detail": {"pk": own_benefit.pk},
        "benefits:edit": {"pk": own_benefit.pk},
        "benefits:edit (other)": {"pk": other_benefit.pk},
        "benefits:archive": {"pk": own_benefit.pk},
        "benefits:archive (other)": {"pk": other_benefit.pk},
        "benefits:measurement-add": {"pk": own_benefit.pk},
        "benefits:measurement-add (other)": {"pk": other_benefit.pk},
        "benefits:project-section": {"project_pk": own.pk},
        "benefits:create": {"project_pk": own.pk},
        "benefits:create (other)": {"project_pk": other.pk},
        "benefits:business-case": {"project_pk": own.pk},
        "benefits:business-case-edit": {"project_pk": own.pk},
        "benefits:business-case-edit (other)": {"project_pk": other.pk},
        # governance: bodies by slug (the steering group, where the secretary persona is secretary),
        # meetings of the steering group, the programme group's escalation awaiting the steering group.
        "governance:body-detail": {"slug": steering.slug},
        "governance:membership-add": {"slug": steering.slug},
        "governance:membership-end": {"pk": steering_membership.pk},
        "governance:meeting-create": {"slug": steering.slug},
        "governance:meeting-detail": {"pk": meeting.pk},
        "governance:meeting-edit": {"pk": meeting.pk},
        "governance:agenda-item-add": {"pk": meeting.pk},
        "governance:meeting-collect": {"pk": meeting.pk},
        "governance:meeting-attendance": {"pk": meeting.pk},
        "governance:meeting-minutes": {"pk": meeting.pk},
        "governance:meeting-action-add": {"pk": meeting.pk},
        "governance:meeting-minutes-pdf": {"pk": meeting.pk},
        "governance:agenda-item-edit": {"pk": agenda_item.pk},
        "governance:agenda-item-move": {"pk": agenda_item.pk},
        "governance:action-done": {"pk": action.pk},
        # The feeds are open: the address's token is the key; an unknown one is 404 to everybody.
        "governance:calendar-feed": {"token": feed_token(reader_feed.nonce)},
        "governance:calendar-feed (other)": {"token": "ukendt"},
        "governance:calendar-body": {"slug": steering.slug, "token": steering.public_calendar_token},
        "governance:calendar-body (other)": {"slug": steering.slug, "token": "ukendt"},
        "governance:calendar-body-switch": {"slug": steering.slug},
        "governance:decision-detail": {"pk": escalation.pk},
        "governance:decision-answer": {"pk": escalation.pk},
        "governance:decision-escalate": {"pk": escalation.pk},
        "governance:decision-record": {"meeting_pk": meeting.pk},
        "governance:gate-request-create": {"pk": own.pk},
        "governance:gate-request-create (other)": {"pk": other.pk},
        "governance:change-request-create": {"pk": own.pk},
        "governance:change-request-create (other)": {"pk": other.pk},
        "governance:request-detail": {"pk": change.pk},
        "governance:request-answer": {"pk": change.pk},
        "governance:request-withdraw": {"pk": change.pk},
        "governance:idea-detail": {"pk": idea.pk},
        "governance:idea-score": {"pk": idea.pk},
        "governance:idea-fund": {"pk": idea.pk},
        "governance:idea-make-project": {"pk": idea.pk},
        "governance:idea-reject": {"pk": idea.pk},
        "governance:security-record": {"pk": review.pk},
        # The Project Board: "pk" is the reporting period; the past one has a generated report.
        "governance:board-period-move": {"pk": current.pk},
        "governance:board-period-cancel": {"pk": current.pk},
        "governance:board-period-uncancel": {"pk": current.pk},
        "governance:board-detail": {"pk": past.pk},
        "governance:board-generate": {"pk": current.pk},
        "governance:board-remind": {"pk": current.pk, "project_pk": own.pk},
        "governance:board-remind-all": {"pk": current.pk},
        "governance:board-report-status": {"pk": past.pk},
        "governance:board-report-pdf": {"pk": past.pk},
        # The indsatsplan: next year's draft, version 1, and its one item.
        "governance:plan-detail": {"year": plan.year},
        "governance:plan-pdf": {"year": plan.year},
        **{
            f"governance:{name}": plan_kwargs
            for name in (
                "plan-version",
                "plan-version-pdf",
                "plan-pdf-generate",
                "plan-pdf-status",
                "plan-settings",
                "plan-item-add",
                "plan-submit",
                "plan-approve",
                "plan-send-back",
                "plan-revise",
            )
        },
        "governance:plan-item-edit": {"pk": plan_item.pk},
        # Capacity: the plan's year; a cell of the central IT unit in its first quarter.
        "governance:unit-capacity": {"year": plan.year},
        "governance:capacity-cell": {"unit_pk": central.pk, "year": plan.year, "quarter": 1},
        "governance:plan-item-move": {"pk": plan_item.pk},
        "governance:plan-item-remove": {"pk": plan_item.pk},
    }
    for persona in PERSONAS:
        world.client(persona)
    return world


def base_name(key: str) -> str:
    """ "portfolio:project-edit (other)" -> "portfolio:project-edit"."""
    return key.split(" (", 1)[0]


def kwargs_for(world: World, key: str, route: Route) -> dict:
    if not route.params:
        return {}
    try:
        return world.kwargs[key]
    except KeyError:
        raise KeyError(
            f"{key}: the security world has no object for its URL parameters {route.params}; "
            "add one to tests/security/world.py"
        ) from None


CHART_ID = re.compile(r"\bchart\d+\b")


class LayoutOnce:
    """weasyprint.HTML, but the layout of an HTML string already laid out is reused.

    The security tests ask for the same PDF many times (each persona, each query string) and the views
    decide access before they render the HTML; a layout takes seconds on this machine. So the views run
    in full, the HTML of each request is rendered by its template, and every distinct HTML is laid out
    for real once: an HTML that makes WeasyPrint fail still fails, every time it comes."""

    real = None
    documents: dict = {}

    def __init__(self, *args, string=None, **kwargs):
        self.args, self.string, self.kwargs = args, string, kwargs

    def _key(self, stylesheets):
        source = self.string if self.string is not None else repr(self.args)
        # The charts number their SVG ids from a process-wide counter (portfolio/charts.py): the same
        # chart drawn again lays out the same.
        source = CHART_ID.sub("chart", source)
        return hashlib.sha256(
            f"{source}\x00{self.kwargs.get('base_url')}\x00{stylesheets!r}".encode()
        ).digest()

    def _ua_stylesheets(self, forms=False):
        """WeasyPrint's own user-agent stylesheets, which portfolio.pdf replaces on the document (the
        replacement is handed on to the real document laid out below)."""
        return self.real._ua_stylesheets(self, forms)  # noqa: SLF001 - reads no attribute of the document

    def render(self, *args, stylesheets=None, **kwargs):
        key = self._key(stylesheets)
        if key not in self.documents:
            html = self.real(*self.args, string=self.string, **self.kwargs)
            if "_ua_stylesheets" in vars(self):  # replaced on this document: the real one lays out with it
                html._ua_stylesheets = vars(self)["_ua_stylesheets"]  # noqa: SLF001
            self.documents[key] = _WrittenOnce(html.render(*args, stylesheets=stylesheets, **kwargs))
        return self.documents[key]

    def write_pdf(self, target=None, *, stylesheets=None, **kwargs):
        return self.render(stylesheets=stylesheets).write_pdf(target, **kwargs)


class _WrittenOnce:
    """A laid-out document whose PDF bytes are written once."""

    def __init__(self, document):
        self.document = document
        self.pdf = None

    def __getattr__(self, name):
        return getattr(self.document, name)

    def write_pdf(self, target=None, **kwargs):
        if target is not None or kwargs:
            return self.document.write_pdf(target, **kwargs)
        if self.pdf is None:
            self.pdf = self.document.write_pdf()
        return self.pdf


@pytest.fixture(scope="module")
def layout_once():
    import weasyprint

    LayoutOnce.real = weasyprint.HTML
    LayoutOnce.documents = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(weasyprint, "HTML", LayoutOnce)
        yield LayoutOnce


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, layout_once):
    """The world, built once for the module in a transaction rolled back at the end; generated files
    go to a temporary MEDIA_ROOT, and each distinct PDF is laid out once (LayoutOnce)."""
    with (
        tempfile.TemporaryDirectory() as media_root,
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS, MEDIA_ROOT=media_root),
        transaction.atomic(),
    ):
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def in_world(world, db):
    """A test's savepoint inside the module's world: whatever a test changes is undone after it."""
    return world

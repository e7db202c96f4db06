"""manage.py load_demo: the Norddjurs demo portfolio."""

import io

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count, Q
from django.test import RequestFactory, override_settings
from django.utils import timezone
from guardian.shortcuts import get_perms

from benefits.models import Benefit
from governance.board.changes import since_last_meeting
from governance.models import AnnualPlan, Body, Decision
from portfolio.models import Light, Phase, Project, ReportingPeriod, StatusReport, User

pytestmark = pytest.mark.django_db

DEMO_USERNAMES = [
    "admin",
    "styregruppe",
    "programgruppe",
    "sekretaer",
    "projektleder",
    "projektleder2",
    "gevinstejer",
    "sikkerhed",
    "iod",
    "laeser",
]


def load_demo(**options):
    out = io.StringIO()
    call_command("load_demo", stdout=out, **options)
    return out.getvalue()


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    """Load the demo once for the module, inside a transaction rolled back at the end; each test runs in
    a savepoint inside it. Hashing "demo" with the production hasher is deliberately slow, so not here."""
    with (
        django_db_blocker.unblock(),
        override_settings(DEBUG=True, PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        yield load_demo()
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_output, db, settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.DEBUG = True
    return demo_output


def counts_of_every_model():
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_it_creates_the_ten_demo_users_who_log_in_with_demo(demo):
    for username in DEMO_USERNAMES:
        # With a request, as the login page does: login throttling (django-axes) refuses one without.
        request = RequestFactory().post("/accounts/login/")
        assert authenticate(request, username=username, password="demo") is not None, username
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert User.objects.get(username="gevinstejer").is_manager
    assert User.objects.get(username="styregruppe").is_manager
    assert all(
        u.email.endswith("@norddjurs.example") for u in User.objects.filter(username__in=DEMO_USERNAMES)
    )
    assert "Demodata for Norddjurs Kommune er indlæst" in demo


def test_it_places_every_project_in_a_current_focus_area(demo):
    projects = Project.objects.annotate(
        current=Count("focus_areas", filter=Q(focus_areas__period__is_current=True))
    )
    assert projects.count() >= 17
    assert not projects.filter(current=0).exists()
    borgerblikket = Project.objects.get(name__startswith="Borgerblikket")
    assert set(borgerblikket.focus_areas.values_list("number", flat=True)) == {1, 5}


def test_it_keeps_the_start_checklist_for_projects_past_analysis(demo):
    past_analysis = Project.objects.filter(phase__in=[Phase.EXECUTION, Phase.REALISATION, Phase.CLOSED])
    assert past_analysis.exists()
    assert all(project.start_checklist_required_done for project in past_analysis)
    assert set(Project.objects.values_list("phase", flat=True)) >= {
        Phase.ANALYSIS,
        Phase.EXECUTION,
        Phase.REALISATION,
        Phase.CLOSED,
    }
    assert Project.objects.filter(phase=Phase.CLOSED).count() == 1


def test_it_gives_projektleder_object_permissions_on_own_projects_only(demo):
    leader = User.objects.get(username="projektleder")
    own = Project.objects.filter(leader=leader)
    others = Project.objects.filter(leader__username="projektleder2")
    assert own.count() >= 5 and others.count() >= 4
    for project in own:
        assert {"change_project", "report_status"} <= set(get_perms(leader, project)), project
    for project in others:
        assert not {"change_project", "report_status"} & set(get_perms(leader, project)), project


def test_it_gives_benefit_owners_record_measurement(demo):
    benefits = Benefit.objects.select_related("owner")
    assert benefits.filter(owner__username="gevinstejer").exists()
    for benefit in benefits:
        assert benefit.owner.is_manager
        assert "record_measurement" in get_perms(benefit.owner, benefit), benefit


def test_it_puts_members_of_bodies_in_the_bodies_groups(demo):
    def group_of(slug):
        return Body.objects.get(slug=slug).group

    assert User.objects.get(username="styregruppe").groups.filter(pk=group_of("styregruppe").pk).exists()
    assert User.objects.get(username="programgruppe").groups.filter(pk=group_of("programgruppe").pk).exists()
    # A secretary keeps meetings by role; the bodies' groups carry their deciders' rights.
    assert not User.objects.get(username="sekretaer").groups.exists()
    assert (
        User.objects.get(username="sikkerhed").groups.filter(pk=group_of("it-sikkerhedsgruppe").pk).exists()
    )
    assert User.objects.get(username="iod").groups.filter(pk=group_of("iod").pk).exists()
    assert not User.objects.get(username="laeser").groups.exists()


def test_it_records_submitted_status_reports_across_several_periods(demo):
    submitted = StatusReport.objects.filter(state=StatusReport.State.SUBMITTED)
    assert submitted.values("period").distinct().count() >= 8
    assert not submitted.filter(submitted_at__isnull=True).exists()
    assert submitted.filter(overall=Light.RED).exists()
    assert StatusReport.objects.filter(state=StatusReport.State.DRAFT).count() == 1
    current = (
        ReportingPeriod.objects.filter(
            meeting_date__gte=StatusReport.objects.latest("period__meeting_date").period.meeting_date
        )
        .order_by("meeting_date")
        .first()
    )
    active = Project.objects.active().exclude(phase=Phase.IDEA)
    reported = set(current.status_reports.values_list("project_id", flat=True))
    assert len(set(active.values_list("pk", flat=True)) - reported) == 2
    phase_gate = Decision.objects.get(kind=Decision.Kind.PHASE_GATE)
    assert (phase_gate.from_phase, phase_gate.to_phase) == (Phase.ANALYSIS, Phase.EXECUTION)


def test_it_gives_every_project_board_period_its_meeting_and_styring_the_next_one(demo, client):
    periods = ReportingPeriod.objects.order_by("meeting_date")
    meetings = {period.pk: period.board_meeting for period in periods.select_related("board_meeting")}
    assert all(meetings.values())
    assert all(
        meeting.cancelled == period.cancelled for period in periods for meeting in [meetings[period.pk]]
    )
    coming = periods.filter(meeting_date__gte=timezone.localdate(), cancelled=False).first()
    client.force_login(User.objects.get(username="laeser"))
    html = client.get("/governance/").content.decode()
    row = html[html.index(">Project Board</a>") :]
    row = row[: row.index("</tr>")]
    assert f'href="/governance/meetings/{meetings[coming.pk].pk}/"' in row


def test_it_has_this_years_approved_indsatsplan_and_next_years_draft_from_it(demo):
    year = timezone.localdate().year
    approved = AnnualPlan.objects.get(year=year)
    assert approved.status == AnnualPlan.Status.APPROVED
    assert approved.approval_decision.kind == Decision.Kind.PRIORITISATION
    snapshot = approved.approved_snapshot["items"]
    assert [item["project_number"] for item in snapshot[:2]] == ["ND-2021-015", "ND-2021-001"]
    assert snapshot[-1]["activity"].startswith("Kompetenceudvikling")
    draft = AnnualPlan.objects.get(year=year + 1)
    assert draft.status == AnnualPlan.Status.DRAFT
    assert draft.items.count() == len(snapshot)


def test_it_leaves_identical_counts_when_run_twice(demo):
    before = counts_of_every_model()
    load_demo()
    assert counts_of_every_model() == before


def test_it_refuses_without_force_when_debug_is_off(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    projects = Project.objects.count()
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="--force"):
        load_demo()
    assert Project.objects.count() == projects
    with override_settings(DEBUG=False):
        load_demo(force=True)
    assert User.objects.filter(username__in=DEMO_USERNAMES).count() == 10
    assert Project.objects.filter(number__startswith="ND-").count() >= 17


def test_it_gives_each_demo_user_what_the_readme_role_table_says(demo):
    """README.md's table of demo users, line by line, against the loaded demo."""
    from benefits.permissions import can_record_measurement
    from governance import permissions as rights
    from governance.models import Idea
    from portfolio.services import may_change_project_model

    users = {user.username: user for user in User.objects.filter(username__in=DEMO_USERNAMES)}
    bodies = {body.slug: body for body in Body.objects.all()}
    steering, programme, board = bodies["styregruppe"], bodies["programgruppe"], bodies["project-board"]
    own = Project.objects.filter(leader=users["projektleder"]).first()
    others = Project.objects.exclude(leader=users["projektleder"]).exclude(deputies=users["projektleder"])
    other = others.first()

    admin = users["admin"]
    assert admin.has_perm("portfolio.change_project") and rights.can_appoint(admin, steering)
    assert rights.can_keep_meetings(admin, steering)
    assert not rights.can_decide_for(admin, steering) and not rights.can_approve_plan(admin)
    assert not rights.can_fund_idea(admin)

    steering_member = users["styregruppe"]
    assert rights.can_approve_plan(steering_member) and rights.can_fund_idea(steering_member)
    assert rights.can_decide_for(steering_member, steering)
    assert not steering_member.has_perm("portfolio.change_project") and not rights.can_edit_plan(
        steering_member
    )

    programme_member = users["programgruppe"]
    assert programme_member.has_perm("portfolio.change_project") and may_change_project_model(
        programme_member
    )
    assert rights.can_edit_plan(programme_member) and rights.can_decide_for(programme_member, programme)
    assert programme_member.has_perm("portfolio.change_reportingperiod")
    assert not rights.can_approve_plan(programme_member) and not rights.can_decide_for(
        programme_member, steering
    )
    assert not rights.can_manage_members(programme_member, steering)

    secretary = users["sekretaer"]
    for body in (steering, programme, board):
        assert rights.can_keep_meetings(secretary, body)
        assert not rights.can_decide_for(secretary, body)
        assert rights.can_record_decision(secretary, body, kind=Decision.Kind.ORDINARY)
        assert not rights.can_record_decision(secretary, body, kind=Decision.Kind.PHASE_GATE)
    assert rights.can_generate_board_report(secretary) and rights.can_export_plan(secretary)
    assert not secretary.has_perm("portfolio.change_project") and not rights.can_approve_plan(secretary)
    assert not rights.can_fund_idea(secretary) and not rights.can_edit_plan(secretary)
    # As the programme group's and the steering group's secretary she appoints to the bodies below them.
    assert rights.can_appoint(secretary, programme) and rights.can_appoint(secretary, board)
    assert not rights.can_appoint(secretary, steering)

    for username in ("projektleder", "projektleder2"):
        leader = users[username]
        led = Project.objects.filter(leader=leader).first()
        assert "change_project" in get_perms(leader, led) and "report_status" in get_perms(leader, led)
        assert not leader.has_perm("portfolio.change_project") and not may_change_project_model(leader)
        assert not leader.groups.filter(body__kind__in=["programgruppe", "styregruppe"]).exists()
    assert get_perms(users["projektleder"], other) == [] and own is not None

    owner = users["gevinstejer"]
    owned = Benefit.objects.filter(owner=owner).first()
    assert can_record_measurement(owner, owned)
    assert not can_record_measurement(owner, Benefit.objects.exclude(owner=owner).first())

    assert rights.can_record_security_review(users["sikkerhed"])
    iod = users["iod"]
    assert rights.can_score_idea(iod) and not rights.can_fund_idea(iod)
    assert not rights.can_score_idea(iod, Idea.objects.filter(proposer=iod).first())

    reader = users["laeser"]
    assert not reader.groups.exists() and not reader.has_perm("portfolio.change_project")
    assert not rights.can_open_decision_form(reader, steering) and not rights.can_keep_meetings(
        reader, steering
    )


def test_it_dates_each_project_from_its_start_so_the_next_board_meeting_calls_few_projects_new(demo):
    started = Project.objects.filter(start_date__lt=timezone.localdate())
    assert started.exists()
    assert all(project.created_at.date() == project.start_date for project in started)
    upcoming = ReportingPeriod.objects.filter(meeting_date__gte=timezone.localdate(), cancelled=False).last()
    new = since_last_meeting(upcoming).new_projects
    assert len(new) < Project.objects.count() // 2

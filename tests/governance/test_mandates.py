"""Rights follow the bodies' mandates (seed 000, section 6): the body above appoints, a body decides
through its chair and members, its secretary decides nothing, nobody decides their own proposal, and only
a gate decision moves a standard-model project's phase. Each scenario of issue 15 is refused here with a
Danish message and nothing changed; the allowed paths beside them show the refusals are not blanket."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import get_perms

from governance.bodies import services as body_services
from governance.decisions import services as decision_services
from governance.ideas import services as idea_services
from governance.models import AnnualPlan, Decision, Idea, Membership
from governance.plans import services as plan_services
from portfolio.models import Phase, Project
from tests.factories import ProjectFactory, UserFactory, body, current_focus_area
from tests.governance.helpers import meeting, member

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _add(client, slug, person, role="member", project=""):
    return client.post(
        reverse("governance:membership-add", args=[slug]),
        {"user": person.pk, "role": role, "project": project, "start_date": TODAY.isoformat()},
    )


def _memberships(slug, person):
    return Membership.objects.filter(body=body(slug), user=person).count()


# --- the body above appoints --------------------------------------------------------------------------


def test_it_refuses_a_programme_group_member_who_appoints_herself_or_anyone_above(client):
    programme = member("programgruppe", "programgruppe")
    chair = member("styregruppe", "formand", Membership.Role.CHAIR)
    reader = UserFactory(username="laeser")
    client.force_login(programme)
    assert _add(client, "styregruppe", programme, role="chair").status_code == 403
    assert _add(client, "direktion", programme).status_code == 403
    assert _add(client, "programgruppe", reader).status_code == 403
    chair_membership = Membership.objects.get(user=chair)
    end_url = reverse("governance:membership-end", args=[chair_membership.pk])
    assert client.post(end_url, {"end_date": TODAY.isoformat()}).status_code == 403
    assert _memberships("styregruppe", programme) == 0 and _memberships("direktion", programme) == 0
    assert _memberships("programgruppe", reader) == 0
    assert Membership.objects.get(pk=chair_membership.pk).end_date is None
    assert not UserFactory._meta.model.objects.get(pk=reader.pk).has_perm("portfolio.change_project")


def test_it_lets_the_body_above_appoint_and_the_rights_follow(client):
    steering_secretary = member("styregruppe", "styresekretaer", Membership.Role.SECRETARY)
    newcomer = UserFactory(username="ny-i-programgruppen")
    client.force_login(steering_secretary)
    assert _add(client, "programgruppe", newcomer).status_code == 302
    newcomer = UserFactory._meta.model.objects.get(pk=newcomer.pk)
    assert newcomer.has_perm("portfolio.change_project")
    # The direktion's chair appoints to the steering group; a plain direktion member does not.
    direktion_chair = member("direktion", "direktoer", Membership.Role.CHAIR)
    client.force_login(direktion_chair)
    assert _add(client, "styregruppe", newcomer).status_code == 302
    plain = member("direktion", "direktionsmedlem")
    client.force_login(plain)
    assert _add(client, "styregruppe", UserFactory()).status_code == 403


def test_it_refuses_anyone_changing_their_own_membership(client):
    direktion_chair = member("direktion", "direktoer", Membership.Role.CHAIR)
    steering_member = member("styregruppe", "styremedlem")
    client.force_login(direktion_chair)
    response = _add(client, "styregruppe", direktion_chair, role="chair")
    assert response.status_code == 400
    assert "Du kan ikke selv ændre dit eget medlemskab" in response.content.decode()
    assert _memberships("styregruppe", direktion_chair) == 0
    # The steering group appoints the programme group, but its member cannot end her own seat there.
    own = Membership.objects.get(user=steering_member)
    with pytest.raises(PermissionDenied):
        body_services.membership_end(actor=steering_member, membership=own)
    assert Membership.objects.get(pk=own.pk).end_date is None


def test_it_lets_the_programme_groups_chair_appoint_only_members_for_a_projects_lifetime(client):
    chair = member("programgruppe", "pg-formand", Membership.Role.CHAIR)
    project = ProjectFactory(number="P-LIV")
    colleague = UserFactory(username="kollega")
    client.force_login(chair)
    response = _add(client, "programgruppe", colleague)
    assert response.status_code == 400
    assert "Faste medlemmer, formand og sekretær udpeges af" in response.content.decode()
    assert _memberships("programgruppe", colleague) == 0
    assert _add(client, "programgruppe", colleague, project=project.pk).status_code == 302
    assert Membership.objects.get(user=colleague).project == project


# --- rights follow the role, not the body --------------------------------------------------------------


def test_it_gives_a_secretary_and_a_lifetime_member_no_right_to_edit_every_project(client):
    secretary = member("programgruppe", "pg-sekretaer", Membership.Role.SECRETARY)
    own_project, other_project = ProjectFactory(number="P-EGET"), ProjectFactory(number="P-ANDET")
    lifetime = UserFactory(username="levetid")
    body_services.membership_start(
        actor=None, body=body("programgruppe"), user=lifetime, project=own_project, start_date=TODAY
    )
    lifetime = UserFactory._meta.model.objects.get(pk=lifetime.pk)
    assert not secretary.has_perm("portfolio.change_project")
    assert not lifetime.has_perm("portfolio.change_project")
    assert set(get_perms(lifetime, own_project)) >= {"change_project", "report_status"}
    assert get_perms(lifetime, other_project) == []
    client.force_login(lifetime)
    assert client.get(reverse("portfolio:project-edit", args=[own_project.pk])).status_code == 200
    assert client.get(reverse("portfolio:project-edit", args=[other_project.pk])).status_code == 403
    client.force_login(secretary)
    assert client.get(reverse("portfolio:project-edit", args=[other_project.pk])).status_code == 403
    # Ending the lifetime membership takes the project's rights away.
    body_services.membership_end(actor=None, membership=Membership.objects.get(user=lifetime))
    assert get_perms(lifetime, own_project) == []


def test_it_keeps_a_lifetime_members_rights_when_she_also_leads_the_project():
    leader = UserFactory(username="leder")
    project = ProjectFactory(number="P-LEDER", leader=leader)
    from portfolio.services import project_permissions_sync

    project_permissions_sync(project=project)
    body_services.membership_start(actor=None, body=body("programgruppe"), user=leader, project=project)
    body_services.membership_end(actor=None, membership=Membership.objects.get(user=leader))
    assert "change_project" in get_perms(leader, project)


# --- the secretary decides nothing ---------------------------------------------------------------------


@pytest.fixture
def submitted_plan():
    programme = member("programgruppe", "programgruppe")
    plan = plan_services.annual_plan_start(actor=programme, year=TODAY.year + 2)
    plan_services.plan_item_add(actor=programme, plan=plan, activity="Kompetenceudvikling", hours=10)
    return plan_services.annual_plan_submit(actor=programme, plan=plan)


def test_it_refuses_the_secretary_approving_the_plan_or_funding_an_idea(client, submitted_plan):
    secretary = member("styregruppe", "sekretaer", Membership.Role.SECRETARY)
    idea = Idea.objects.create(title="Chatbot", proposer=UserFactory(), status=Idea.Status.SCORED)
    client.force_login(secretary)
    plan_url = reverse("governance:plan-version", args=[submitted_plan.year, submitted_plan.version])
    assert "Styregruppens behandling" not in client.get(plan_url).content.decode()
    approve = reverse("governance:plan-approve", args=[submitted_plan.year, submitted_plan.version])
    assert client.post(approve, {"text": ""}).status_code == 403
    fund = reverse("governance:idea-fund", args=[idea.pk])
    assert client.post(fund, {"amount": "1000", "decided_on": TODAY.isoformat()}).status_code == 403
    assert AnnualPlan.objects.get(pk=submitted_plan.pk).status == AnnualPlan.Status.SUBMITTED
    assert Idea.objects.get(pk=idea.pk).status == Idea.Status.SCORED
    assert not Decision.objects.exists()


def test_it_lets_the_secretary_write_down_ordinary_decisions_but_no_gate():
    secretary = member("programgruppe", "pg-sekretaer", Membership.Role.SECRETARY)
    held = meeting("programgruppe", TODAY - datetime.timedelta(days=1))
    decision = decision_services.decision_record(
        actor=secretary, meeting=held, text="Porteføljen er gennemgået.", kind=Decision.Kind.ORDINARY
    )
    assert decision.recorded_by == secretary
    project = ProjectFactory(phase=Phase.IDEA)
    with pytest.raises(ValidationError) as refused:
        decision_services.decision_record(
            actor=secretary,
            meeting=held,
            text="Projektet går i analyse.",
            kind=Decision.Kind.PHASE_GATE,
            project=project,
            from_phase=Phase.IDEA,
            to_phase=Phase.ANALYSIS,
        )
    assert "gives af formanden eller et medlem" in refused.value.messages[0]
    assert Project.objects.get(pk=project.pk).phase == Phase.IDEA
    assert Decision.objects.count() == 1


# --- nobody decides their own proposal -----------------------------------------------------------------


def test_it_refuses_approving_a_plan_one_drafted_or_submitted(client):
    drafter = member("programgruppe", "udarbejder")
    body_services.membership_start(actor=None, body=body("styregruppe"), user=drafter)
    plan = plan_services.annual_plan_start(actor=drafter, year=TODAY.year + 2)
    plan_services.plan_item_add(actor=drafter, plan=plan, activity="Kompetenceudvikling", hours=10)
    plan_services.annual_plan_submit(actor=drafter, plan=plan)
    client.force_login(drafter)
    page = client.get(reverse("governance:plan-version", args=[plan.year, plan.version])).content.decode()
    assert "Du har selv udarbejdet eller indsendt planen" in page
    assert "Styregruppens behandling" not in page
    approve = reverse("governance:plan-approve", args=[plan.year, plan.version])
    refused = client.post(approve, {"text": ""})
    assert refused.status_code == 403
    assert "Du har selv udarbejdet eller indsendt indsatsplanen" in refused.content.decode()
    with pytest.raises(PermissionDenied):
        plan_services.annual_plan_approve(actor=drafter, plan=plan)
    assert AnnualPlan.objects.get(pk=plan.pk).status == AnnualPlan.Status.SUBMITTED
    other = member("styregruppe", "andet-medlem")
    assert plan_services.annual_plan_approve(actor=other, plan=plan).status == AnnualPlan.Status.APPROVED


def test_it_refuses_answering_ones_own_escalation(client):
    both = member("programgruppe", "begge-steder")
    body_services.membership_start(actor=None, body=body("styregruppe"), user=both)
    project = ProjectFactory()
    escalation = decision_services.decision_record(
        actor=both,
        meeting=meeting("programgruppe", TODAY),
        text="Vi kan ikke prioritere mellem projekterne.",
        kind=Decision.Kind.ESCALATION,
        project=project,
    )
    steering_meeting = meeting("styregruppe", TODAY)
    client.force_login(both)
    page = client.get(reverse("governance:decision-detail", args=[escalation.pk])).content.decode()
    assert "Du har selv registreret eskaleringen" in page
    response = client.post(
        reverse("governance:decision-answer", args=[escalation.pk]),
        {"meeting": steering_meeting.pk, "text": "Projektet prioriteres.", "kind": "ordinary"},
    )
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        decision_services.decision_escalate(actor=both, decision=escalation)
    assert not escalation.escalations.exists()
    other = member("styregruppe", "andet-styremedlem")
    answer = decision_services.decision_record(
        actor=other,
        meeting=steering_meeting,
        text="Projektet prioriteres.",
        kind=Decision.Kind.ORDINARY,
        escalated_from=escalation,
    )
    assert answer.escalated_from == escalation


def test_it_refuses_an_iod_member_scoring_or_funding_her_own_idea(client):
    proposer = member("iod", "iod-medlem")
    idea = idea_services.idea_propose(actor=proposer, title="Robot til journalisering")
    client.force_login(proposer)
    page = client.get(reverse("governance:idea-detail", args=[idea.pk])).content.decode()
    assert "Du har selv foreslået idéen" in page and "Vurdér idéen" not in page
    scores = dict.fromkeys(Idea.SCORE_FIELDS, "4")
    assert client.post(reverse("governance:idea-score", args=[idea.pk]), scores).status_code == 403
    assert Idea.objects.get(pk=idea.pk).status == Idea.Status.PROPOSED
    colleague = member("iod", "iod-kollega")
    idea_services.idea_score(actor=colleague, idea=idea, scores=dict.fromkeys(Idea.SCORE_FIELDS, 4))
    body_services.membership_start(actor=None, body=body("styregruppe"), user=proposer)
    with pytest.raises(PermissionDenied):
        idea_services.idea_fund(actor=proposer, idea=idea, amount=Decimal("1000"))
    assert Idea.objects.get(pk=idea.pk).status == Idea.Status.SCORED


# --- no gate can be skipped ----------------------------------------------------------------------------


def _edit_post(project, **changes):
    data = {
        "number": project.number,
        "name": project.name,
        "purpose": project.purpose,
        "kind": project.kind,
        "anchoring": project.anchoring_id,
        "focus_areas": [current_focus_area(1).pk],
        "project_model": project.project_model,
        "phase": project.phase,
        "leader": project.leader_id or "",
        "priority": project.priority or "",
        "version": Project.objects.get(pk=project.pk).version,
        "dpo_involved": "on",
        "security_coordinator_involved": "on",
        "it_involved": "on",
    }
    data.update(changes)
    return data


def test_it_refuses_a_leader_who_skips_the_phase_gates_through_the_project_model(client):
    leader = UserFactory(username="projektleder")
    project = ProjectFactory(number="P-GATE", phase=Phase.EXECUTION, leader=leader)
    project.focus_areas.set([current_focus_area(1)])
    from portfolio.services import project_permissions_sync

    project_permissions_sync(project=project)
    url = reverse("portfolio:project-edit", args=[project.pk])
    client.force_login(leader)
    # The form offers neither field to her: what she posts for them is not taken.
    assert client.post(url, _edit_post(project, project_model="light")).status_code == 302
    assert Project.objects.get(pk=project.pk).project_model == Project.ProjectModel.STANDARD
    assert client.post(url, _edit_post(project, phase=Phase.REALISATION)).status_code == 302
    assert Project.objects.get(pk=project.pk).phase == Phase.EXECUTION
    assert not Project.objects.get(pk=project.pk).phase_plans.filter(phase=Phase.REALISATION).exists()
    with pytest.raises(ValidationError) as refused:
        from portfolio.services import project_save

        project.project_model = Project.ProjectModel.LIGHT
        project_save(actor=leader, project=project, focus_areas=[current_focus_area(1)], deputies=[])
    assert "Kun programgruppen kan skifte" in str(refused.value)
    assert Project.objects.get(pk=project.pk).project_model == Project.ProjectModel.STANDARD


def test_it_lets_the_programme_group_change_the_model_but_never_the_phase_in_the_same_save(client):
    programme = member("programgruppe", "programgruppe")
    project = ProjectFactory(number="P-MODEL", phase=Phase.EXECUTION, project_model="light", leader=programme)
    url = reverse("portfolio:project-edit", args=[project.pk])
    client.force_login(programme)
    response = client.post(url, _edit_post(project, project_model="standard", phase=Phase.REALISATION))
    assert response.status_code == 200
    assert "Projektmodel og fase kan ikke skiftes i samme gemning" in response.content.decode()
    stored = Project.objects.get(pk=project.pk)
    assert (stored.project_model, stored.phase) == (Project.ProjectModel.LIGHT, Phase.EXECUTION)
    # A light-model project's phase moves in the form, and the move is kept in its phase trail.
    assert client.post(url, _edit_post(stored, phase=Phase.REALISATION)).status_code == 302
    moved = Project.objects.get(pk=project.pk)
    assert moved.phase == Phase.REALISATION
    assert moved.phase_plans.get(phase=Phase.REALISATION).actual_start == TODAY
    assert client.post(url, _edit_post(moved, project_model="standard")).status_code == 302
    standard = Project.objects.get(pk=project.pk)
    assert (standard.project_model, standard.phase) == (Project.ProjectModel.STANDARD, Phase.REALISATION)
    assert standard.history.first().history_user == programme

"""A phase-gate decision of the body with that mandate is what moves a standard-model project."""

import pytest
from django.core.exceptions import ValidationError

from governance.decisions.services import PHASE_GATE_MANDATES, decision_record
from governance.models import Decision, Membership
from portfolio.models import PHASE_ORDER, Project, ProjectPhasePlan
from tests.factories import ProjectFactory, UserFactory, body
from tests.governance.helpers import meeting, member

pytestmark = pytest.mark.django_db

CHECKLIST = {"dpo_involved": True, "security_coordinator_involved": True, "it_involved": True}


def _gate(actor, slug, project, start, end):
    return decision_record(
        actor=actor,
        meeting=meeting(slug),
        kind="phase_gate",
        text=f"Projektet godkendes til {end}.",
        project=project,
        from_phase=start,
        to_phase=end,
    )


def test_it_maps_every_step_of_the_model_to_one_body():
    steps = list(zip(PHASE_ORDER, PHASE_ORDER[1:], strict=False))
    assert set(PHASE_GATE_MANDATES) == set(steps)


def test_it_moves_the_project_through_the_whole_model_by_the_right_bodies():
    programme = member("programgruppe", role=Membership.Role.CHAIR)
    steering = member("styregruppe", role=Membership.Role.CHAIR)
    project = ProjectFactory(phase="ide", **CHECKLIST)
    for start, end, slug in [
        ("ide", "analyse", "programgruppe"),
        ("analyse", "gennemfoerelse", "programgruppe"),
        ("gennemfoerelse", "realisering", "styregruppe"),
    ]:
        actor = programme if slug == "programgruppe" else steering
        _gate(actor, slug, project, start, end)
        project.refresh_from_db()
        assert project.phase == end
    assert Decision.objects.filter(kind="phase_gate", project=project).count() == 3
    # The project's history says who moved it; the phase timeline has the actual dates.
    latest = project.history.order_by("-history_date").first()
    assert latest.history_user == steering and latest.phase == "realisering"
    assert ProjectPhasePlan.objects.get(project=project, phase="realisering").actual_start is not None


@pytest.mark.parametrize("model", ["standard", "light"])
def test_it_closes_a_project_only_through_its_closing_report_not_a_meeting_decision(model):
    programme = member("programgruppe", role=Membership.Role.CHAIR)
    project = ProjectFactory(phase="realisering", project_model=model, **CHECKLIST)
    with pytest.raises(ValidationError) as error:
        _gate(programme, "programgruppe", project, "realisering", "afsluttet")
    assert "afslutningsrapport" in " ".join(error.value.messages)
    assert Project.objects.get(pk=project.pk).phase == "realisering"
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("slug", "project_kwargs", "start", "end", "message"),
    [
        ("styregruppe", {"phase": "analyse", **CHECKLIST}, "analyse", "gennemfoerelse", "godkendes af"),
        ("programgruppe", {"phase": "gennemfoerelse"}, "gennemfoerelse", "realisering", "godkendes af"),
        ("iod", {"phase": "ide"}, "ide", "analyse", "godkendes af"),
        ("programgruppe", {"phase": "ide"}, "ide", "gennemfoerelse", "næste fase"),
        ("programgruppe", {"phase": "analyse"}, "ide", "analyse", "er i fasen"),
        ("programgruppe", {"phase": "analyse"}, "analyse", "gennemfoerelse", "databeskyttelsesrådgiver"),
        ("programgruppe", {"phase": "ide", "project_model": "light"}, "ide", "analyse", "lette model"),
        ("styregruppe", {"phase": "realisering"}, "realisering", "afsluttet", "godkendes af"),
        (
            "styregruppe",
            {"phase": "analyse", "project_model": "light"},
            "analyse",
            "afsluttet",
            "godkendes af",
        ),
        ("programgruppe", {"phase": "ide", "project_model": "light"}, "ide", "afsluttet", "lette model"),
        ("programgruppe", {"phase": "analyse", **CHECKLIST}, "analyse", "ide", "næste fase"),
    ],
)
def test_it_refuses_the_wrong_body_a_skipped_phase_a_light_project_or_a_failing_checklist(
    slug, project_kwargs, start, end, message
):
    actor = member(slug, role=Membership.Role.CHAIR)
    project = ProjectFactory(**project_kwargs)
    with pytest.raises(ValidationError) as error:
        _gate(actor, slug, project, start, end)
    assert message in " ".join(error.value.messages)
    assert Project.objects.get(pk=project.pk).phase == project_kwargs["phase"]
    assert not Decision.objects.exists()


def test_it_shows_a_danish_error_in_the_form_and_changes_nothing(client):
    client.force_login(member("styregruppe", role=Membership.Role.CHAIR))
    project = ProjectFactory(phase="ide")
    held = meeting("styregruppe")
    response = client.post(
        f"/governance/meetings/{held.pk}/decisions/",
        {
            "kind": "phase_gate",
            "text": "Godkendt.",
            "project": project.pk,
            "from_phase": "ide",
            "to_phase": "analyse",
        },
    )
    assert response.status_code == 400
    assert "godkendes af digitaliseringsprogramgruppe" in response.content.decode()
    assert Project.objects.get(pk=project.pk).phase == "ide"


def test_it_shows_the_gate_trail_on_the_project_partial(client):
    programme = member("programgruppe", role=Membership.Role.CHAIR)
    project = ProjectFactory(phase="ide", **CHECKLIST)
    _gate(programme, "programgruppe", project, "ide", "analyse")
    from django.template.loader import render_to_string

    project.refresh_from_db()
    decisions = list(
        project.decisions.select_related(
            "body__escalates_to", "meeting", "escalated_from__body"
        ).prefetch_related("escalations")
    )
    html = render_to_string(
        "governance/_project_decisions.html", {"project": project, "decisions": decisions}
    )
    assert "Idé → Analyse" in html
    assert body("programgruppe").name in html
    assert "Nu: <strong>Analyse</strong>" in html


def test_it_refuses_a_reader_through_the_view(client):
    client.force_login(UserFactory())
    project = ProjectFactory(phase="ide")
    held = meeting("programgruppe")
    response = client.post(
        f"/governance/meetings/{held.pk}/decisions/",
        {
            "kind": "phase_gate",
            "text": "Ja.",
            "project": project.pk,
            "from_phase": "ide",
            "to_phase": "analyse",
        },
    )
    assert response.status_code == 403
    assert Project.objects.get(pk=project.pk).phase == "ide"

"""The phase plan: the leader keeps each phase's forecast start and end on /projects/<pk>/plan/; after the
baseline is frozen the page shows it beside each phase, read-only, and the project page shows the slip."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError

from portfolio.lifecycle import services as lifecycle_services
from portfolio.models import Phase, Project, ProjectPhasePlan
from portfolio.services import project_set_people
from tests.factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def _url(project):
    return f"/projects/{project.pk}/plan/"


def _token(client, project):
    html = client.get(_url(project)).content.decode()
    return html.split('name="version" value="')[1].split('"')[0]


def _plan_data(client, project, **dates):
    data = {"version": _token(client, project)}
    for phase in (Phase.IDEA, Phase.ANALYSIS, Phase.EXECUTION, Phase.REALISATION):
        data[f"{phase}_start"] = ""
        data[f"{phase}_end"] = ""
    data.update(dates)
    return data


def _plan(project, phase):
    return ProjectPhasePlan.objects.get(project=project, phase=phase)


# --- who may --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [("leader", True), ("programme_member", True), ("other_leader", False), ("reader", False)],
)
def test_it_lets_the_leader_and_the_programme_group_plan_and_nobody_else(
    client, request, project, persona, allowed
):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_url(project)).status_code == (200 if allowed else 403)
    response = client.post(
        _url(project), {"analyse_start": "2026-02-01", "analyse_end": "2026-03-31", "version": "x"}
    )
    if allowed:
        return
    assert response.status_code == 403
    assert not ProjectPhasePlan.objects.filter(project=project).exists()


def test_it_lets_a_deputy_plan(client, project):
    deputy = UserFactory(username="stedfortraeder")
    project_set_people(actor=None, project=project, leader=project.leader, deputies=[deputy])
    client.force_login(deputy)
    response = client.post(_url(project), _plan_data(client, project, analyse_start="2026-02-01"))
    assert response.status_code == 302
    assert _plan(project, Phase.ANALYSIS).planned_start == D(2026, 2, 1)


def test_it_offers_planlaeg_faserne_to_editors_and_a_sentence_to_others(client, project, leader, reader):
    client.force_login(leader)
    html = client.get(f"/projects/{project.pk}/").content.decode()
    assert "Planlæg faserne" in html and _url(project) in html and "Der er ingen faseplan endnu" not in html
    client.force_login(reader)
    html = client.get(f"/projects/{project.pk}/").content.decode()
    assert "Der er ingen faseplan endnu" in html and _url(project) not in html


# --- editing --------------------------------------------------------------------------------------------


def test_it_saves_the_forecast_of_every_phase_with_history(client, leader, project):
    client.force_login(leader)
    data = _plan_data(
        client,
        project,
        ide_start="2026-01-05",
        ide_end="2026-01-30",
        analyse_start="2026-02-02",
        analyse_end="2026-04-30",
        gennemfoerelse_start="2026-05-01",
        gennemfoerelse_end="2026-12-18",
    )
    response = client.post(_url(project), data)
    assert response.status_code == 302 and response["Location"].endswith(f"/projects/{project.pk}/#faser")
    assert (_plan(project, Phase.ANALYSIS).planned_start, _plan(project, Phase.ANALYSIS).planned_end) == (
        D(2026, 2, 2),
        D(2026, 4, 30),
    )
    assert not ProjectPhasePlan.objects.filter(project=project, phase=Phase.REALISATION).exists()
    record = _plan(project, Phase.ANALYSIS).history.first()
    assert record.history_user == leader
    html = client.get(_url(project)).content.decode()
    assert "Ændringer af faseplanen" in html and "forventet start – → 2. feb. 2026" in html


def test_it_records_only_the_phases_that_change(client, leader, project):
    ProjectPhasePlan.objects.create(project=project, phase=Phase.IDEA, planned_start=D(2026, 1, 1))
    client.force_login(leader)
    client.post(
        _url(project), _plan_data(client, project, ide_start="2026-01-01", analyse_start="2026-02-01")
    )
    assert _plan(project, Phase.IDEA).history.count() == 1  # the row as created, untouched by the save
    assert _plan(project, Phase.ANALYSIS).history.count() == 1


def test_it_refuses_an_end_before_its_start_in_danish(client, leader, project):
    client.force_login(leader)
    response = client.post(
        _url(project), _plan_data(client, project, analyse_start="2026-05-01", analyse_end="2026-04-01")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Forventet slut ligger før forventet start" in html and "Faseplanen er ikke gemt" in html
    assert not ProjectPhasePlan.objects.filter(project=project).exists()


def test_it_refuses_an_end_before_its_start_in_the_service(leader, project):
    with pytest.raises(ValidationError):
        lifecycle_services.phase_plan_save(
            actor=leader, project=project, dates={Phase.ANALYSIS: (D(2026, 5, 1), D(2026, 4, 1))}
        )


@pytest.mark.parametrize("garbage", ["31-02-2026", "i morgen", "2026-13-01", "9" * 50])
def test_it_refuses_a_bad_date_in_danish_without_a_500(client, leader, project, garbage):
    client.force_login(leader)
    response = client.post(_url(project), _plan_data(client, project, analyse_start=garbage))
    assert response.status_code == 200 and "Skriv en gyldig dato" in response.content.decode()


def test_it_refuses_a_stale_save(client, leader, programme_member, project):
    client.force_login(leader)
    data = _plan_data(client, project, analyse_start="2026-02-01")
    lifecycle_services.phase_plan_save(
        actor=programme_member, project=project, dates={Phase.ANALYSIS: (D(2026, 3, 1), None)}
    )
    response = client.post(_url(project), data)
    html = response.content.decode()
    assert response.status_code == 200 and "Nogen har gemt ændringer, siden du åbnede siden" in html
    assert _plan(project, Phase.ANALYSIS).planned_start == D(2026, 3, 1)


def test_it_refuses_a_finished_project(client, leader, project):
    Project.objects.filter(pk=project.pk).update(phase=Phase.CLOSED)
    client.force_login(leader)
    response = client.get(_url(project), follow=True)
    assert "kan ikke længere ændres" in response.content.decode()
    response = client.post(_url(project), {"analyse_start": "2026-02-01", "version": "1.x"})
    assert response.status_code == 302
    assert not ProjectPhasePlan.objects.filter(project=project).exists()
    with pytest.raises(ValidationError):
        lifecycle_services.phase_plan_save(
            actor=leader, project=project, dates={Phase.ANALYSIS: (D(2026, 2, 1), None)}
        )
    html = client.get(f"/projects/{project.pk}/").content.decode()
    assert "Planlæg faserne" not in html and _url(project) not in html


# --- the baseline ---------------------------------------------------------------------------------------


def _planned_and_frozen(project, actor):
    lifecycle_services.phase_plan_save(
        actor=actor,
        project=project,
        dates={
            Phase.ANALYSIS: (D(2026, 2, 1), D(2026, 4, 30)),
            Phase.EXECUTION: (D(2026, 5, 1), D(2026, 12, 1)),
            Phase.REALISATION: (D(2027, 1, 1), D(2027, 6, 30)),
        },
    )
    lifecycle_services.project_baseline_freeze(actor=actor, project=project)


def test_it_shows_the_baseline_read_only_and_edits_only_the_forecast(client, leader, project):
    _planned_and_frozen(project, leader)
    client.force_login(leader)
    html = client.get(_url(project)).content.decode()
    assert "Oprindelig plan: 1. maj 2026 – 1. dec. 2026" in " ".join(re.sub(r"<[^>]+>", "", html).split())
    assert "baseline" not in html.split("<form")[1].split("</form>")[0].split("name=")[0]
    assert 'name="gennemfoerelse_start"' in html and 'name="gennemfoerelse_baseline' not in html
    response = client.post(
        _url(project),
        _plan_data(
            client,
            project,
            analyse_start="2026-02-01",
            analyse_end="2026-04-30",
            gennemfoerelse_start="2026-05-01",
            gennemfoerelse_end="2026-12-13",
            realisering_start="2027-01-01",
            realisering_end="2027-06-27",
            # a posted baseline is no field of the form: ignored
            gennemfoerelse_baseline_end="2030-01-01",
        ),
    )
    assert response.status_code == 302
    execution = _plan(project, Phase.EXECUTION)
    assert (execution.baseline_end, execution.planned_end) == (D(2026, 12, 1), D(2026, 12, 13))


def test_it_shows_the_slip_in_days_on_the_project_page(client, leader, reader, project):
    _planned_and_frozen(project, leader)
    lifecycle_services.phase_plan_save(
        actor=leader,
        project=project,
        dates={
            Phase.ANALYSIS: (D(2026, 2, 1), D(2026, 4, 30)),
            Phase.EXECUTION: (D(2026, 5, 1), D(2026, 12, 13)),
            Phase.REALISATION: (D(2027, 1, 1), D(2027, 6, 27)),
        },
    )
    client.force_login(reader)
    html = client.get(f"/projects/{project.pk}/").content.decode()
    for heading in ("Forventet", "Oprindelig plan", "Faktisk", "Afvigelse"):
        assert f'<th scope="col">{heading}</th>' in html
    assert "12 dage forsinket" in html and "3 dage før tid" in html and "Som planlagt" in html
    assert "Redigér faseplan" not in html
    client.force_login(leader)
    assert "Redigér faseplan" in client.get(f"/projects/{project.pk}/").content.decode()


def test_it_shows_no_baseline_columns_before_the_freeze(client, reader, leader, project):
    lifecycle_services.phase_plan_save(
        actor=leader, project=project, dates={Phase.ANALYSIS: (D(2026, 2, 1), D(2026, 4, 30))}
    )
    client.force_login(reader)
    html = client.get(f"/projects/{project.pk}/").content.decode()
    assert (
        '<th scope="col">Forventet</th>' in html and "Oprindelig plan" not in html and "Afvigelse" not in html
    )


def test_it_keeps_a_programme_members_plan_edit_in_the_projects_plan_history(client, programme_member):
    project = ProjectFactory(phase=Phase.IDEA)
    client.force_login(programme_member)
    response = client.post(_url(project), _plan_data(client, project, ide_start="2026-01-05"))
    assert response.status_code == 302
    assert _plan(project, Phase.IDEA).history.first().history_user == programme_member

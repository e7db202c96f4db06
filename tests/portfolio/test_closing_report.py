"""The leader's closing report: drafts, "Send til programgruppen", refused in the wrong phase or to others."""

import pytest
from django.test import Client

from benefits.models import BusinessCase, BusinessCaseLine
from portfolio.lifecycle.closing import closing_report_save
from portfolio.models import ClosingReport, Project
from tests.edit_tokens import token_on

pytestmark = pytest.mark.django_db

FULL = {
    "goals_met": "Talegenkendelse er i drift i hjemmeplejen.",
    "goals_not_met": "Integrationen til omsorgssystemet venter på leverandøren.",
    "final_cost": "1.250.000,50",
    "economy_comment": "Under budget.",
    "line_takeover": "Sundhed og Omsorg overtager drift og licenser.",
    "lessons_learned": "Involvér brugerne tidligt; pilotér i én gruppe først.",
}


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _url(project):
    return f"/projects/{project.pk}/closing/"


@pytest.fixture
def realising(led_project):
    Project.objects.filter(pk=led_project.pk).update(phase="realisering")
    led_project.refresh_from_db()
    return led_project


def test_it_lets_the_leader_save_a_draft_and_send_it_to_the_programme_group(project_leader, realising):
    client = _client(project_leader)
    page = client.get(_url(realising)).content.decode()
    assert "Send til programgruppen" in page and "Gem kladde" in page
    assert client.post(_url(realising), {**FULL, "lessons_learned": "", "save": "1"}).status_code == 302
    report = ClosingReport.objects.get(project=realising)
    assert report.state == "draft" and report.final_cost == 1250000.50
    version = token_on(client, _url(realising))
    response = client.post(_url(realising), {**FULL, "submit": "1", "version": version})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == "submitted" and report.submitted_at is not None
    assert report.history.filter(history_user=project_leader).count() == 3  # created, saved, sent
    # Submitted: no longer the leader's to change, and no form offers it.
    page = client.get(_url(realising)).content.decode()
    assert "Send til programgruppen" not in page and "Endeligt forbrug" in page


def test_it_shows_the_budget_and_the_business_case_beside_the_report(project_leader, realising):
    Project.objects.filter(pk=realising.pk).update(budget=900000)
    page = _client(project_leader).get(_url(realising)).content.decode()
    assert "Budget" in page and "900.000 kr." in page and "<dt>Business case</dt><dd>Ingen</dd>" in page

    case = BusinessCase.objects.create(project=realising)
    for category, row, year, amount in [
        ("investment", "consultancy", 0, 500_000),
        ("running_cost", "software", 1, 50_000),
        ("saving", "salary_savings", 1, 300_000),
        ("saving", "salary_savings", 2, 400_000),
    ]:
        BusinessCaseLine.objects.create(
            business_case=case, category=category, row=row, year=year, amount=amount
        )
    page = _client(project_leader).get(_url(realising)).content.decode()
    assert "<dt>Business case: engangsinvestering</dt><dd>500.000 kr.</dd>" in page
    assert "<dt>Business case: løbende omkostninger</dt><dd>50.000 kr.</dd>" in page
    assert "<dt>Business case: besparelser</dt><dd>700.000 kr.</dd>" in page
    assert "<dt>Business case: nettoresultat</dt><dd>150.000 kr.</dd>" in page


def test_it_requires_the_main_fields_before_sending(project_leader, realising):
    response = _client(project_leader).post(_url(realising), {"goals_met": "Noget.", "submit": "1"})
    assert response.status_code == 400
    assert "Udfyld feltet, før rapporten sendes til programgruppen." in response.content.decode()
    assert not ClosingReport.objects.filter(project=realising).exists()


@pytest.mark.parametrize("amount", ["abc", "-5", "1" * 30, "1,2,3"])
def test_it_refuses_a_bad_amount_in_danish_without_a_500(project_leader, realising, amount):
    response = _client(project_leader).post(_url(realising), {**FULL, "final_cost": amount, "save": "1"})
    assert response.status_code == 400
    assert not ClosingReport.objects.filter(project=realising).exists()


def test_it_refuses_a_standard_project_before_realisering_and_offers_no_button(project_leader, led_project):
    page = _client(project_leader).get(_url(led_project)).content.decode()
    assert "Afslutningsrapporten skrives, når projektet er i realisering." in page
    assert "Send til programgruppen" not in page
    project_page = _client(project_leader).get(led_project.get_absolute_url()).content.decode()
    assert "Skriv afslutningsrapport" not in project_page
    assert _client(project_leader).post(_url(led_project), {**FULL, "save": "1"}).status_code == 403
    assert not ClosingReport.objects.exists()


def test_it_lets_a_light_project_close_from_any_active_phase_past_idea(project_leader, led_project):
    Project.objects.filter(pk=led_project.pk).update(project_model="light", phase="gennemfoerelse")
    assert (
        "Skriv afslutningsrapport"
        in _client(project_leader).get(led_project.get_absolute_url()).content.decode()
    )
    assert _client(project_leader).post(_url(led_project), {**FULL, "submit": "1"}).status_code == 302
    Project.objects.filter(pk=led_project.pk).update(phase="ide")
    page = _client(project_leader).get(_url(led_project)).content.decode()
    assert "kommet videre end idéfasen" in page


def test_it_lets_everyone_read_but_only_the_leader_write(reader, programme_secretary, realising):
    closing_report_save(actor=realising.leader, project=realising, data={**FULL, "final_cost": 1000})
    for person in (reader, programme_secretary):
        page = _client(person).get(_url(realising))
        assert page.status_code == 200 and "Talegenkendelse er i drift" in page.content.decode()
        assert "Gem kladde" not in page.content.decode()
        assert (
            _client(person).post(_url(realising), {**FULL, "goals_met": "Ændret", "save": "1"}).status_code
            == 403
        )
    assert ClosingReport.objects.get(project=realising).goals_met == FULL["goals_met"]


def test_it_offers_the_report_on_the_project_page_to_the_leader_only(project_leader, reader, realising):
    assert (
        "Skriv afslutningsrapport"
        in _client(project_leader).get(realising.get_absolute_url()).content.decode()
    )
    assert (
        "Skriv afslutningsrapport" not in _client(reader).get(realising.get_absolute_url()).content.decode()
    )

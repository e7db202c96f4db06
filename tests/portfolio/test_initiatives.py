"""The register of national initiatives: who may keep it (three personas), the list with project
counts, create and edit with history, and no 500 on bad input."""

import pytest
from django.urls import reverse

from portfolio.models import ExternalInitiative, Phase
from tests.edit_tokens import token_of
from tests.factories import ProjectFactory


@pytest.fixture
def initiative(db):
    return ExternalInitiative.objects.create(
        name="Fælles Sprogteknologi", owner=ExternalInitiative.Owner.KOMBIT, description="Tale til tekst."
    )


VALID = {"name": "Digital Post 2.0", "owner": "digst", "description": "Ny postløsning", "url": ""}


def test_it_list_shows_owner_and_number_of_implementing_projects(client, reader, initiative):
    ProjectFactory(national_initiative=initiative, phase=Phase.EXECUTION)
    ProjectFactory(national_initiative=initiative, phase=Phase.CLOSED)
    ProjectFactory(national_initiative=initiative, archived=True)
    client.force_login(reader)
    response = client.get(reverse("initiatives:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Fælles Sprogteknologi" in html and "KOMBIT" in html
    row = response.context["initiatives"].get(pk=initiative.pk)
    assert (row.project_count, row.active_count) == (2, 1)
    assert reverse("governance:handleplan") in html
    assert reverse("initiatives:create") not in html


def test_it_programme_member_creates_and_edits_with_history(client, programme_member):
    client.force_login(programme_member)
    assert client.get(reverse("initiatives:create")).status_code == 200
    response = client.post(reverse("initiatives:create"), {**VALID, "url": "digst.dk/post"})
    created = ExternalInitiative.objects.get(name="Digital Post 2.0")
    assert response.status_code == 302
    assert created.url == "https://digst.dk/post"
    response = client.post(
        reverse("initiatives:edit", args=[created.pk]),
        {**VALID, "owner": "kl", "description": "Ændret", "version": token_of(created)},
    )
    assert response.status_code == 302
    created.refresh_from_db()
    assert created.owner == "kl"
    assert [record.history_user for record in created.history.all()] == [programme_member] * 2
    page = client.get(reverse("initiatives:detail", args=[created.pk]))
    html = page.content.decode()
    assert "Historik" in html and "Oprettet" in html and "Ændret" in html
    assert reverse("initiatives:edit", args=[created.pk]) in html


@pytest.mark.parametrize("persona", ["leader", "reader"])
def test_it_refuses_leader_and_reader(client, request, persona, initiative, project):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("initiatives:create")).status_code == 403
    assert client.post(reverse("initiatives:create"), VALID).status_code == 403
    assert client.get(reverse("initiatives:edit", args=[initiative.pk])).status_code == 403
    assert client.post(reverse("initiatives:edit", args=[initiative.pk]), VALID).status_code == 403
    assert not ExternalInitiative.objects.filter(name=VALID["name"]).exists()
    initiative.refresh_from_db()
    assert initiative.name == "Fælles Sprogteknologi"
    assert initiative.history.count() == 1
    page = client.get(reverse("initiatives:detail", args=[initiative.pk]))
    assert page.status_code == 200
    assert reverse("initiatives:edit", args=[initiative.pk]) not in page.content.decode()


def test_it_anonymous_is_sent_to_login(client, initiative):
    response = client.get(reverse("initiatives:list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"name": "", "owner": "kl"},
        {"name": "   ", "owner": "kl"},
        {"name": "X", "owner": "nasa"},
        {"name": "X" * 500, "owner": "kl"},
        {"name": "X", "owner": "kl", "url": "javascript:alert(1)"},
        {"name": "X", "owner": "kl", "description": "a" * 6000},
        {"name": "fælles sprogteknologi", "owner": "kl"},
        {"name": "X\x00", "owner": "kl"},
    ],
)
def test_it_bad_input_is_a_form_error_not_a_500(client, programme_member, initiative, data):
    client.force_login(programme_member)
    before = ExternalInitiative.objects.count()
    response = client.post(reverse("initiatives:create"), data)
    assert response.status_code == 200
    assert "Initiativet er ikke gemt" in response.content.decode()
    assert ExternalInitiative.objects.count() == before


def test_it_unknown_initiative_is_404(client, programme_member):
    client.force_login(programme_member)
    assert client.get("/initiatives/999999/").status_code == 404
    assert client.get("/initiatives/999999/edit/").status_code == 404
    assert client.get("/initiatives/abc/").status_code == 404

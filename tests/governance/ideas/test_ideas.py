"""IOD's ideas: anyone proposes, IOD scores (bands tested on their boundaries), the steering group funds
and turns an idea into an IOD project."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from governance.ideas.services import idea_fund, idea_priority_band, idea_score
from governance.models import Decision, Idea
from portfolio.models import OrgUnit, Project
from tests.factories import UserFactory, current_focus_area
from tests.governance.helpers import member

pytestmark = pytest.mark.django_db

SCORES = {
    "strategic_value": 4,
    "economic_benefit": 4,
    "qualitative_benefit": 4,
    "operational_need": 4,
    "risk": 4,
}


@pytest.mark.parametrize(
    ("total", "band"),
    [(None, None), (5, "Lav"), (13, "Lav"), (14, "Middel"), (19, "Middel"), (20, "Høj"), (25, "Høj")],
)
def test_it_puts_totals_in_bands_at_the_boundaries(total, band):
    assert idea_priority_band(total) == band


def _idea(**kwargs):
    idea = Idea.objects.create(title="Chatbot", proposer=UserFactory(), **kwargs)
    idea.focus_areas.set([current_focus_area(1)])
    return idea


def test_it_lets_anyone_propose_an_idea(client):
    proposer = UserFactory()
    client.force_login(proposer)
    response = client.post(
        "/governance/ideas/new/",
        {"title": "Droner", "description": "Tage.", "focus_areas": [current_focus_area(2).pk]},
    )
    idea = Idea.objects.get()
    assert response.status_code == 302 and idea.proposer == proposer
    assert list(idea.focus_areas.all()) == [current_focus_area(2)]
    assert client.post("/governance/ideas/new/", {"title": "", "focus_areas": ["x"]}).status_code == 400
    assert client.post("/governance/ideas/new/", {"title": "x" * 100_000}).status_code == 400
    assert Idea.objects.count() == 1


def test_it_lets_iod_score_and_shows_the_band(client):
    idea = _idea()
    client.force_login(member("iod"))
    response = client.post(f"/governance/ideas/{idea.pk}/score/", SCORES)
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.status == Idea.Status.SCORED and idea.risk == 4
    page = client.get(f"/governance/ideas/{idea.pk}/").content.decode()
    assert "20 af 25" in page and "Høj" in page
    assert "Høj" in client.get("/governance/ideas/").content.decode()
    assert idea.history.filter(history_type="~").exists()


@pytest.mark.parametrize("bad", ["0", "6", "-1", "abc", "", "3.5"])
def test_it_refuses_bad_scores(client, bad):
    idea = _idea()
    client.force_login(member("iod"))
    response = client.post(f"/governance/ideas/{idea.pk}/score/", {**SCORES, "risk": bad})
    assert response.status_code == 400
    idea.refresh_from_db()
    assert idea.risk is None and idea.status == Idea.Status.PROPOSED


def test_it_refuses_scoring_by_others_and_bad_ids(client):
    idea = _idea()
    for person in (UserFactory(), member("styregruppe")):
        client.force_login(person)
        assert client.post(f"/governance/ideas/{idea.pk}/score/", SCORES).status_code == 403
    with pytest.raises(PermissionDenied):
        idea_score(actor=UserFactory(), idea=idea, scores=SCORES)
    assert client.get("/governance/ideas/999999/").status_code == 404
    assert client.post("/governance/ideas/999999/score/", SCORES).status_code == 404


def test_it_lets_the_steering_group_fund_and_make_an_iod_project(client):
    OrgUnit.objects.create(name="IT og Digitalisering", kind="afdeling", is_central_it=True)
    idea = _idea(status=Idea.Status.SCORED, **SCORES)
    client.force_login(member("styregruppe"))
    response = client.post(
        f"/governance/ideas/{idea.pk}/fund/", {"amount": "75000", "decided_on": "2026-01-15"}
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    decision = idea.funding_decision
    assert idea.status == Idea.Status.FUNDED and idea.funded_amount == Decimal("75000.00")
    assert decision.kind == Decision.Kind.FUNDING and decision.body.slug == "styregruppe"
    assert "75.000 kr." in decision.text
    response = client.post(f"/governance/ideas/{idea.pk}/project/")
    idea.refresh_from_db()
    project = idea.project
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert project.kind == Project.Kind.IOD and project.budget == Decimal("75000.00")
    assert project.leader == idea.proposer and idea.status == Idea.Status.PROJECT
    assert list(project.focus_areas.all()) == [current_focus_area(1)]
    decision.refresh_from_db()
    assert decision.project == project
    # Not twice.
    client.post(f"/governance/ideas/{idea.pk}/project/")
    assert Project.objects.filter(kind="iod").count() == 1


def test_it_accepts_a_funding_amount_with_danish_thousands_separators(client):
    OrgUnit.objects.create(name="IT og Digitalisering", kind="afdeling", is_central_it=True)
    idea = _idea(status=Idea.Status.SCORED, **SCORES)
    client.force_login(member("styregruppe"))
    client.post(f"/governance/ideas/{idea.pk}/fund/", {"amount": "75.000", "decided_on": "2026-01-15"})
    idea.refresh_from_db()
    assert idea.funded_amount == Decimal("75000.00")


@pytest.mark.parametrize("amount", ["-1", "abc", "1e30", "", "NaN", "Infinity"])
def test_it_refuses_bad_amounts(client, amount):
    idea = _idea(status=Idea.Status.SCORED, **SCORES)
    client.force_login(member("styregruppe"))
    response = client.post(
        f"/governance/ideas/{idea.pk}/fund/", {"amount": amount, "decided_on": "2026-01-15"}
    )
    assert response.status_code == 400
    idea.refresh_from_db()
    assert idea.status == Idea.Status.SCORED and not Decision.objects.exists()


def test_it_refuses_funding_by_others_and_unscored_ideas(client):
    idea = _idea(status=Idea.Status.SCORED, **SCORES)
    for person in (UserFactory(), member("iod"), member("programgruppe")):
        client.force_login(person)
        assert client.post(f"/governance/ideas/{idea.pk}/fund/", {"amount": "1"}).status_code == 403
    unscored = _idea()
    with pytest.raises(Exception, match="vurderet"):
        idea_fund(actor=member("styregruppe"), idea=unscored, amount=1)
    assert not Decision.objects.exists()


def test_it_lets_iod_reject_an_idea(client):
    idea = _idea()
    client.force_login(UserFactory())
    assert client.post(f"/governance/ideas/{idea.pk}/reject/").status_code == 403
    client.force_login(member("iod"))
    client.post(f"/governance/ideas/{idea.pk}/reject/")
    idea.refresh_from_db()
    assert idea.status == Idea.Status.REJECTED

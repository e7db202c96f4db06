"""/governance/ and a body's page: what they show, in a constant number of queries, and who may manage
a body's members (three personas), with the rights following at once."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance.bodies.services import membership_end, membership_start
from governance.models import Meeting, Membership
from governance.permissions import can_keep_meetings, can_manage_members
from portfolio.models import User
from tests.factories import DecisionFactory, ProjectFactory, UserFactory, body

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _member(slug, role=Membership.Role.MEMBER, username=None, **kwargs):
    person = UserFactory(username=username) if username else UserFactory()
    membership_start(
        actor=None, body=body(slug), user=person, role=role, start_date=datetime.date(2025, 1, 1), **kwargs
    )
    return User.objects.get(pk=person.pk)


def _meetings(slug, count, start=datetime.date(2021, 1, 7)):
    target = body(slug)
    Meeting.objects.bulk_create(
        Meeting(body=target, date=start + datetime.timedelta(days=14 * n), location=f"Lokale {n}")
        for n in range(count)
    )


# --- who may manage which body -----------------------------------------------------------------------


def test_it_keeps_meetings_by_the_bodys_own_chair_and_secretary(
    security_secretary, iod_secretary, reader, programme_member
):
    security, iod = body("it-sikkerhedsgruppe"), body("iod")
    assert can_keep_meetings(security_secretary, security)
    assert not can_keep_meetings(security_secretary, iod)
    assert can_keep_meetings(iod_secretary, iod)
    assert not can_keep_meetings(iod_secretary, security)
    assert not can_keep_meetings(reader, security)
    assert not can_keep_meetings(programme_member, security) and not can_keep_meetings(programme_member, iod)
    admin = UserFactory(username="admin", is_superuser=True)
    assert can_keep_meetings(admin, iod)
    plain_member = _member("it-sikkerhedsgruppe", username="menigt-medlem")
    assert not can_keep_meetings(plain_member, security)


def test_it_lets_the_body_above_manage_the_members(security_secretary, programme_member):
    """The IT-security group answers to the direktion: its own secretary keeps its meetings but does not
    appoint its members; the direktion's chair does."""
    security = body("it-sikkerhedsgruppe")
    assert not can_manage_members(security_secretary, security)
    assert not can_manage_members(programme_member, security)
    direktion_chair = _member("direktion", Membership.Role.CHAIR, "direktoer")
    assert can_manage_members(direktion_chair, security)
    assert can_manage_members(direktion_chair, body("styregruppe"))
    assert not can_manage_members(direktion_chair, body("programgruppe"))


def test_it_an_ended_chair_no_longer_keeps_the_meetings():
    chair = _member("iod", Membership.Role.CHAIR, "formand")
    assert can_keep_meetings(chair, body("iod"))
    membership_end(actor=None, membership=Membership.objects.get(user=chair))
    assert not can_keep_meetings(User.objects.get(pk=chair.pk), body("iod"))


def _add_url(slug="it-sikkerhedsgruppe"):
    return reverse("governance:membership-add", args=[slug])


def _add_post(person, **extra):
    return {"user": person.pk, "role": "member", "project": "", "start_date": TODAY.isoformat(), **extra}


def test_it_the_body_above_adds_a_member_and_the_rights_follow_at_once(client, direktion_secretary):
    newcomer = UserFactory(username="nytilkommen")
    client.force_login(direktion_secretary)
    response = client.post(_add_url(), _add_post(newcomer))
    assert response.status_code == 302
    membership = Membership.objects.get(user=newcomer, body=body("it-sikkerhedsgruppe"))
    assert membership.role == "member" and membership.end_date is None
    assert membership.history.first().history_user == direktion_secretary
    newcomer = User.objects.get(pk=newcomer.pk)
    assert newcomer.groups.filter(body__slug="it-sikkerhedsgruppe").exists()
    assert newcomer.has_perm("governance.change_securityreview")


def test_it_a_membership_tied_to_a_project(client, direktion_secretary):
    newcomer, project = UserFactory(), ProjectFactory()
    client.force_login(direktion_secretary)
    client.post(_add_url(), _add_post(newcomer, project=project.pk, role="chair"))
    membership = Membership.objects.get(user=newcomer)
    assert membership.project == project and membership.role == "chair"
    page = client.get(reverse("governance:body-detail", args=["it-sikkerhedsgruppe"])).content.decode()
    assert f"{project.number} {project.name}" in page


@pytest.mark.parametrize("persona", ["security_secretary", "iod_secretary", "programme_member", "reader"])
def test_it_others_may_not_add_or_end_members(client, request, security_secretary, persona):
    newcomer = UserFactory()
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_add_url()).status_code == 403
    assert client.post(_add_url(), _add_post(newcomer)).status_code == 403
    membership = Membership.objects.get(user=security_secretary)
    response = client.post(reverse("governance:membership-end", args=[membership.pk]), {"end_date": TODAY})
    assert response.status_code == 403
    assert not Membership.objects.filter(user=newcomer).exists()
    membership.refresh_from_db()
    assert membership.end_date is None


def test_it_the_programme_group_appoints_to_the_bodies_that_answer_to_it_only_through_its_chair(
    client, programme_member
):
    """The Project Board answers to the programme group: its chair appoints there, a member does not."""
    newcomer = UserFactory()
    client.force_login(programme_member)
    assert client.post(_add_url("project-board"), _add_post(newcomer)).status_code == 403
    chair = _member("programgruppe", Membership.Role.CHAIR, "pg-formand")
    client.force_login(chair)
    assert client.post(_add_url("project-board"), _add_post(newcomer)).status_code == 302
    assert Membership.objects.filter(user=newcomer, body__slug="project-board").exists()


def test_it_ending_a_membership_today_takes_the_rights_away_at_once(client, direktion_secretary):
    member = _member("it-sikkerhedsgruppe", username="afgaaende")
    membership = Membership.objects.get(user=member)
    client.force_login(direktion_secretary)
    url = reverse("governance:membership-end", args=[membership.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"end_date": TODAY.isoformat()})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.end_date == TODAY
    assert membership.history.first().history_user == direktion_secretary
    member = User.objects.get(pk=member.pk)
    assert not member.groups.filter(body__slug="it-sikkerhedsgruppe").exists()
    assert not member.has_perm("governance.change_securityreview")
    page = client.get(reverse("governance:body-detail", args=["it-sikkerhedsgruppe"])).content.decode()
    assert "Medlemskab afsluttet" in page


def test_it_membership_forms_answer_bad_input_in_danish(client, security_secretary, direktion_secretary):
    client.force_login(direktion_secretary)
    response = client.post(_add_url(), {"user": "999999", "role": "boss", "start_date": "31-02-2026"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Vælg en af mulighederne på listen." in text
    assert "Angiv en gyldig dato" in text
    response = client.post(_add_url(), _add_post(security_secretary, role="secretary"))
    assert response.status_code == 400
    assert "er allerede sekretær" in response.content.decode()
    membership = Membership.objects.get(user=security_secretary)
    url = reverse("governance:membership-end", args=[membership.pk])
    response = client.post(url, {"end_date": "2024-12-31"})
    assert response.status_code == 400
    assert "kan ikke ophøre før" in response.content.decode()
    assert client.post(url, {"end_date": "1066-10-14"}).status_code == 400
    assert client.post(reverse("governance:membership-end", args=[999999]), {}).status_code == 404
    assert client.get(reverse("governance:membership-add", args=["findes-ikke"])).status_code == 404


# --- the pages ---------------------------------------------------------------------------------------


def test_it_the_index_shows_every_body_with_its_chain_and_leaders(client, reader):
    chair = _member("programgruppe", Membership.Role.CHAIR, "pg-formand")
    chair.first_name, chair.last_name = "Pia", "Formand"
    chair.save()
    Meeting.objects.create(body=body("programgruppe"), date=TODAY + datetime.timedelta(days=3))
    client.force_login(reader)
    response = client.get(reverse("governance:index"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Pia Formand" in text
    bodies = {b.slug: b for b in response.context["bodies"]}
    project_groups = [b for b in bodies.values() if b.kind == "projektgruppe"]
    assert project_groups, "the seed's cross-cutting project groups"
    assert [b.slug for b in project_groups[0].chain] == ["programgruppe", "styregruppe", "direktion"]
    assert bodies["programgruppe"].next_meeting_date == TODAY + datetime.timedelta(days=3)
    assert bodies["programgruppe"].member_count == 1
    assert "→" in text


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_it_the_index_takes_a_constant_number_of_queries(client, reader):
    client.force_login(reader)
    url = reverse("governance:index")
    few = _queries(client, url)
    for slug in ("styregruppe", "programgruppe", "iod", "direktion"):
        _member(slug, Membership.Role.CHAIR)
        _member(slug, Membership.Role.SECRETARY)
        _meetings(slug, 20, start=TODAY - datetime.timedelta(days=100))
    assert _queries(client, url) == few


def test_it_a_body_page_with_five_years_of_meetings_takes_a_constant_number_of_queries(client, reader):
    client.force_login(reader)
    url = reverse("governance:body-detail", args=["programgruppe"])
    _meetings("programgruppe", 3)
    for _n in range(3):
        _member("programgruppe")
    few = _queries(client, url)
    _meetings("programgruppe", 127, start=datetime.date(2021, 3, 4))  # 130 meetings: 5 years, every 14 days
    for n in range(10):
        _member("programgruppe")
        DecisionFactory(body=body("programgruppe"), text=f"Beslutning {n}")
    assert Meeting.objects.filter(body__slug="programgruppe").count() == 130
    many = _queries(client, url)
    assert many == few
    assert many <= 17  # 16, and the user's roles for the menu


def test_it_a_body_page_shows_mandate_members_meetings_and_decisions(client, reader):
    security_secretary = _member("styregruppe", Membership.Role.SECRETARY, "styresekretaer")
    _meetings("styregruppe", 45)
    upcoming = Meeting.objects.create(body=body("styregruppe"), date=TODAY + datetime.timedelta(days=10))
    DecisionFactory(body=body("styregruppe"), text="Indsatsplanen godkendes.")
    client.force_login(reader)
    response = client.get(reverse("governance:body-detail", args=["styregruppe"]))
    text = response.content.decode()
    target = body("styregruppe")
    assert target.responsibility_list and target.responsibility_list[0] in text
    assert str(security_secretary) in text and "Sekretær" in text
    assert "Direktion" in text  # escalates to
    assert "Indsatsplanen godkendes." in text
    assert reverse("governance:meeting-detail", args=[upcoming.pk]) in text
    assert "Side 1 af 3" in text
    assert "Tilføj medlem" not in text  # a reader does not manage
    page3 = client.get(reverse("governance:body-detail", args=["styregruppe"]), {"side": "3"})
    assert page3.status_code == 200 and "Side 3 af 3" in page3.content.decode()
    assert (
        client.get(reverse("governance:body-detail", args=["styregruppe"]), {"side": "x"}).status_code == 200
    )
    assert client.get(reverse("governance:body-detail", args=["findes-ikke"])).status_code == 404


def test_it_the_pages_need_a_login_and_refuse_other_methods(client, reader):
    url = reverse("governance:index")
    assert client.get(url).status_code == 302
    client.force_login(reader)
    assert client.post(url).status_code == 405
    assert client.post(reverse("governance:body-detail", args=["iod"])).status_code == 405


def test_it_the_navigation_points_to_the_index(client, reader):
    client.force_login(reader)
    response = client.get(reverse("governance:index"))
    assert any(
        item["url"] == "/governance/" and item["current"] for item in response.context["main_navigation"]
    )

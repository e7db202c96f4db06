"""/api/v1/bodies/: the bodies as the bodies page lists them, with their members today as the body page
shows them (the same to everyone signed in)."""

import datetime

import pytest
from django.utils import timezone

from governance.bodies.services import membership_end, membership_start
from governance.models import Body, Membership
from tests.factories import ProjectFactory, UserFactory, body

pytestmark = pytest.mark.django_db

URL = "/api/v1/bodies/"


def slugs(response):
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


@pytest.fixture
def programme(db):
    """The programme group: a chair, a secretary, a permanent member, a member for a project's lifetime,
    one who left and one who starts next month."""
    group = body("programgruppe")
    since = datetime.date(2025, 1, 1)
    people = {
        name: UserFactory(username=name, first_name=first, title=title)
        for name, first, title in [
            ("formand", "Frida", "Direktør"),
            ("sekretaer", "Sofie", "Konsulent"),
            ("medlem", "Mads", ""),
            ("projektmedlem", "Per", ""),
            ("tidligere", "Tove", ""),
            ("kommende", "Kaj", ""),
        ]
    }
    project = ProjectFactory(name="Talegenkendelse")
    start = membership_start
    start(actor=None, body=group, user=people["medlem"], role="member", start_date=since)
    start(actor=None, body=group, user=people["sekretaer"], role="secretary", start_date=since)
    start(actor=None, body=group, user=people["formand"], role="chair", start_date=since)
    start(
        actor=None, body=group, user=people["projektmedlem"], role="member", start_date=since, project=project
    )
    left = start(actor=None, body=group, user=people["tidligere"], role="member", start_date=since)
    membership_end(actor=None, membership=left, end_date=timezone.localdate())
    next_month = timezone.localdate() + datetime.timedelta(days=30)
    start(actor=None, body=group, user=people["kommende"], role="member", start_date=next_month)
    return group, people, project


def test_it_gives_the_body_with_its_members_today_in_the_page_s_order(api_as, reader, programme):
    group, people, project = programme
    row = api_as(reader).get(f"{URL}{group.pk}/").json()
    assert (row["name"], row["slug"], row["kind"]) == (group.name, "programgruppe", "programgruppe")
    assert row["kind_label"] == "Digitaliseringsprogramgruppe"
    assert row["escalates_to"]["slug"] == "styregruppe"
    assert row["responsibilities"] == group.responsibility_list and row["mandate"] == group.mandate
    members = row["members"]
    assert [m["person"]["id"] for m in members] == [
        people[name].pk for name in ("formand", "sekretaer", "medlem", "projektmedlem")
    ]
    chair = members[0]
    assert (chair["role"], chair["role_label"], chair["title"]) == ("chair", "Formand", "Direktør")
    assert chair["project"] is None and chair["start_date"] == "2025-01-01" and chair["end_date"] is None
    assert members[3]["project"] == {"id": project.pk, "number": project.number, "name": "Talegenkendelse"}


def test_it_lists_the_bodies_the_bodies_page_lists_and_finds_an_archived_one_by_id(api_as, reader):
    api = api_as(reader)
    listed = Body.objects.filter(archived=False)
    assert sorted(slugs(api.get(URL))) == sorted(b.slug for b in listed)
    archived = body("iod")
    Body.objects.filter(pk=archived.pk).update(archived=True)
    assert "iod" not in slugs(api.get(URL))
    row = api.get(f"{URL}{archived.pk}/").json()
    assert row["slug"] == "iod" and row["archived"] is True
    assert slugs(api.get(URL, {"kind": "styregruppe"})) == ["styregruppe"]
    assert api.get(URL, {"kind": "bestyrelse"}).status_code == 400


def test_it_counts_a_changed_membership_as_a_change_of_the_body(api_as, reader, programme):
    group, people, _project = programme
    since = timezone.now() - datetime.timedelta(hours=1)
    Body.history.update(history_date=since - datetime.timedelta(days=1))
    Membership.history.update(history_date=since - datetime.timedelta(days=1))
    api = api_as(reader)
    assert slugs(api.get(URL, {"changed_since": since.isoformat()})) == []
    june = datetime.date(2025, 6, 1)
    membership_start(actor=None, body=body("iod"), user=people["medlem"], role="member", start_date=june)
    assert slugs(api.get(URL, {"changed_since": since.isoformat()})) == ["iod"]


def test_it_gives_the_bodies_as_csv(api_as, reader, programme):
    response = api_as(reader).get(URL, {"format": "csv"})
    assert response.status_code == 200
    header = response.getvalue().decode("utf-8").lstrip("\ufeff").split("\r\n")[0].split(";")
    assert {"id", "name", "slug", "kind", "escalates_to.name", "members"} <= set(header)

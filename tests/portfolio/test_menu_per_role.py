"""The main menu per role: "Mine projekter" only for those in a project, "Mine gevinster" only for benefit
owners, read in one query per page (portfolio.roles)."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from portfolio.roles import portal_roles
from tests.factories import BenefitFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


def menu(client, user) -> list[str]:
    client.force_login(user)
    response = client.get("/projects/")
    assert response.status_code == 200
    return [item["label"] for item in response.context["main_navigation"]]


def roles_of(user):
    request = RequestFactory().get("/")
    request.user = user
    return portal_roles(request)


def test_it_shows_mine_projekter_only_to_those_in_a_project(client, reader, project_leader):
    assert "Mine projekter" not in menu(client, reader)
    assert "Mine projekter" in menu(client, project_leader)
    deputy, group_member = UserFactory(), UserFactory()
    project = ProjectFactory()
    project.deputies.add(deputy)
    project.members.add(group_member)
    assert "Mine projekter" in menu(client, deputy)
    assert "Mine projekter" in menu(client, group_member)


def test_it_forgets_an_archived_project(client, project_leader, led_project):
    led_project.archived = True
    led_project.save()
    assert "Mine projekter" not in menu(client, project_leader)


def test_it_knows_the_benefit_owners_for_mine_gevinster(benefit_owner, reader):
    BenefitFactory(owner=benefit_owner)
    archived_owner = UserFactory(is_manager=True)
    BenefitFactory(owner=archived_owner, archived=True)
    assert roles_of(benefit_owner).owns_benefits
    assert not roles_of(reader).owns_benefits
    assert not roles_of(archived_owner).owns_benefits


def test_it_reads_the_roles_once_per_request(project_leader):
    request = RequestFactory().get("/")
    request.user = project_leader
    with CaptureQueriesContext(connection) as queries:
        first = portal_roles(request)
        again = portal_roles(request)
    assert len(queries.captured_queries) == 1
    assert first == again and first.leads_active and first.in_project and not first.owns_benefits


def _asks_roles(queries) -> bool:
    return any("EXISTS" in q["sql"] and 'FROM "portfolio_user"' in q["sql"] for q in queries.captured_queries)


def test_it_asks_nothing_for_a_partial_without_the_menu(client, reader):
    """An htmx update of the project list shows no menu, so the menu's query is not made; the page is."""
    client.force_login(reader)
    with CaptureQueriesContext(connection) as full:
        client.get("/projects/?phase=analyse")
    with CaptureQueriesContext(connection) as partial:
        client.get("/projects/?phase=analyse", HTTP_HX_REQUEST="true")
    assert _asks_roles(full)
    assert not _asks_roles(partial)


def test_it_shows_the_same_menu_and_links_in_the_bar_and_the_phones_drawer(client, project_leader):
    # base.html renders each once (portal's include_once) and shows it twice.
    client.force_login(project_leader)
    html = client.get("/projects/").content.decode()
    bar, drawer = html.split('id="mobile-menu"')
    menu_html = bar[bar.index('<ul class="mainmenu">') : bar.index("</ul>") + 5]
    assert 'aria-current="page"><span>Projekter</span>' in menu_html and "Mine projekter" in menu_html
    assert drawer.count(menu_html) == 1 and bar.count(menu_html) == 1
    links = '<p class="user-links">'
    assert bar.count(links) == 1 and drawer.count(links) == 1

"""Membership of a body puts the person in that body's group, and ending it takes them out."""

import datetime

import pytest

from governance.bodies.services import membership_end, membership_start
from portfolio.models import User
from portfolio.permissions import user_can
from tests.factories import ProjectFactory, UserFactory, body

pytestmark = pytest.mark.django_db


def _fresh(user):
    return User.objects.get(pk=user.pk)


def test_it_puts_a_new_member_in_the_body_group_with_its_rights():
    person = UserFactory()
    membership_start(
        actor=None, body=body("programgruppe"), user=person, start_date=datetime.date(2025, 1, 1)
    )
    person = _fresh(person)
    assert person.groups.filter(body__slug="programgruppe").exists()
    assert person.has_perm("portfolio.add_project")
    assert user_can(person, "portfolio.change_project", ProjectFactory())


def test_it_takes_the_rights_away_when_the_membership_ends():
    person = UserFactory()
    membership = membership_start(actor=None, body=body("programgruppe"), user=person)
    membership_end(actor=None, membership=membership)
    person = _fresh(person)
    assert not person.groups.filter(body__slug="programgruppe").exists()
    assert not person.has_perm("portfolio.add_project")


def test_it_keeps_the_group_while_another_deciding_membership_of_the_same_body_is_active():
    person = UserFactory()
    as_member = membership_start(actor=None, body=body("styregruppe"), user=person)
    membership_start(actor=None, body=body("styregruppe"), user=person, role="chair")
    membership_end(actor=None, membership=as_member)
    assert _fresh(person).groups.filter(body__slug="styregruppe").exists()


def test_it_gives_a_secretary_or_a_member_for_a_projects_lifetime_no_group():
    secretary, lifetime = UserFactory(), UserFactory()
    membership_start(actor=None, body=body("programgruppe"), user=secretary, role="secretary")
    membership_start(actor=None, body=body("programgruppe"), user=lifetime, project=ProjectFactory())
    assert not _fresh(secretary).groups.exists() and not _fresh(lifetime).groups.exists()


def test_it_does_not_grant_a_membership_that_starts_in_the_future():
    person = UserFactory()
    membership_start(
        actor=None,
        body=body("iod"),
        user=person,
        start_date=datetime.date.today() + datetime.timedelta(days=10),
    )
    assert not _fresh(person).groups.exists()


def test_it_keeps_ended_memberships_in_the_history():
    person = UserFactory()
    membership = membership_start(actor=None, body=body("iod"), user=person)
    appointer = UserFactory()
    membership_start(actor=None, body=body("styregruppe"), user=appointer, role="secretary")
    membership_end(actor=appointer, membership=membership)
    assert membership.history.count() == 2
    assert membership.history.first().history_user == appointer

"""Queries compiled once (portfolio.prepared): the same answers as the ORM and guardian give, for every kind
of person, and the same answers again on the second run (which reuses the compiled SQL)."""

import datetime

import pytest
from django.contrib.auth.models import Group
from guardian.core import ObjectPermissionChecker
from guardian.shortcuts import assign_perm

from governance.models import Membership
from portfolio.models import User
from portfolio.permissions import _object_perms, user_perms_on
from portfolio.prepared import PreparedQuery
from tests.factories import MembershipFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


def fresh(user):
    """The user read anew: no permission cache from an earlier question."""
    return User.objects.get(pk=user.pk)


def test_it_reads_the_object_permissions_guardian_reads(project_leader, led_project, reader):
    group_member, superuser = UserFactory(), UserFactory(is_superuser=True)
    group = Group.objects.create(name="Prøvegruppe")
    group_member.groups.add(group)
    assign_perm("portfolio.change_project", group, led_project)
    other = ProjectFactory()
    for person in (project_leader, reader, group_member, superuser):
        for project in (led_project, other):
            expected = sorted(ObjectPermissionChecker(fresh(person)).get_perms(project))
            for _ in range(2):
                assert sorted(_object_perms(fresh(person), project)) == expected
    assert "portfolio.change_project" in user_perms_on(fresh(group_member), led_project)
    assert "portfolio.change_project" not in user_perms_on(fresh(group_member), other)
    assert "portfolio.report_status" in user_perms_on(fresh(project_leader), led_project)
    assert user_perms_on(fresh(reader), led_project) == set()


def test_it_answers_each_call_with_its_own_arguments():
    first, second = UserFactory(username="forste"), UserFactory(username="anden")
    query = PreparedQuery(lambda user: User.objects.filter(pk=user).values_list("username"), "user")
    assert query.rows(user=first.pk) == [("forste",)]
    assert query.rows(user=second.pk) == [("anden",)]


def test_it_refuses_a_call_without_its_arguments():
    query = PreparedQuery(lambda user: User.objects.filter(pk=user).values_list("username"), "user")
    with pytest.raises(TypeError):
        query.rows()
    with pytest.raises(ValueError):
        PreparedQuery(lambda user: User.objects.values_list("username"), "user").rows(user=1)


def test_it_takes_a_date_as_the_backend_stores_it():
    membership = MembershipFactory(start_date=datetime.date(2025, 1, 1), end_date=datetime.date(2025, 6, 1))
    query = PreparedQuery(
        lambda user, today: Membership.objects.active_on(today).filter(user=user).values_list("pk"),
        "user",
        dates=("today",),
    )
    assert query.rows(user=membership.user_id, today=datetime.date(2025, 3, 1)) == [(membership.pk,)]
    assert query.rows(user=membership.user_id, today=datetime.date(2025, 6, 1)) == []
    assert query.rows(user=membership.user_id, today=datetime.date(2024, 12, 31)) == []

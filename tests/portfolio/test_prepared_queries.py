"""Queries compiled once (portfolio.prepared): the same answers as the ORM and guardian give, for every kind
of person, and the same answers again on the second run (which reuses the compiled SQL)."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db.models import Count
from guardian.core import ObjectPermissionChecker
from guardian.shortcuts import assign_perm

from governance.models import Membership
from portfolio.models import Project, User
from portfolio.permissions import _object_perms, user_perms_on
from portfolio.prepared import PreparedInstances, PreparedQuery
from tests.factories import (
    BenefitFactory,
    DecisionFactory,
    MembershipFactory,
    ProjectFactory,
    UserFactory,
)

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


def fields_of(obj):
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


def test_it_builds_the_instances_the_orm_builds(django_assert_num_queries):
    """Converted fields (dates, decimals, booleans), select_related() relations, the caller's known
    relation, and another call's own arguments."""
    first, second = BenefitFactory(), BenefitFactory(baseline=Decimal("12.5"), is_disbenefit=True)
    query = PreparedInstances(
        lambda project: Project(pk=project).benefits.select_related("owner").order_by("pk"), "project"
    )
    for benefit in (first, second):
        project = benefit.project
        expected = list(project.benefits.select_related("owner").order_by("pk"))
        for _ in range(2):
            with django_assert_num_queries(1):
                found = query.objects(project=project.pk, known={"project": project})
            assert [fields_of(b) for b in found] == [fields_of(b) for b in expected]
            with django_assert_num_queries(0):
                assert [(b.owner.username, b.project) for b in found] == [(benefit.owner.username, project)]
    assert found[0]._state.adding is False and found[0]._state.db == "default"


def test_it_sets_annotations_and_empty_reverse_relations(django_assert_num_queries):
    project = ProjectFactory()
    first = DecisionFactory(project=project, kind="escalation")
    DecisionFactory(project=project, escalated_from=first)
    query = PreparedInstances(
        lambda project: Project.objects.select_related("closing_report").filter(pk=project), "project"
    )
    found = query.objects(project=project.pk)
    with django_assert_num_queries(0):
        assert getattr(found[0], "closing_report", None) is None
    decisions = PreparedInstances(
        lambda project: Project(pk=project).decisions.annotate(answer_count=Count("escalations")), "project"
    )
    expected = {d.pk: d.answer_count for d in project.decisions.annotate(answer_count=Count("escalations"))}
    assert {d.pk: d.answer_count for d in decisions.objects(project=project.pk)} == expected
    assert expected[first.pk] == 1


def test_it_finds_the_page_s_project_only_for_a_reader_and_not_archived(reader, client):
    from django.contrib.auth.models import AnonymousUser
    from django.http import Http404

    from portfolio.project_page import project_for_page

    project, archived = ProjectFactory(), ProjectFactory(archived=True)
    assert project_for_page(reader, project.pk) == project
    for user, pk in ((reader, archived.pk), (reader, archived.pk + 1000), (AnonymousUser(), project.pk)):
        with pytest.raises(Http404):
            project_for_page(user, pk)


def test_it_reads_the_global_permissions_django_reads(led_project, reader):
    """A user's own and their groups' global permissions, as ModelBackend gives them, of the object's app."""
    from django.contrib.auth.models import Permission

    direct, through_group = UserFactory(), UserFactory()
    group = Group.objects.create(name="Globale rettigheder")
    group.permissions.add(Permission.objects.get(codename="add_project"))
    through_group.groups.add(group)
    direct.user_permissions.add(*Permission.objects.filter(codename__in=["change_project", "add_benefit"]))
    superuser = UserFactory(is_superuser=True)
    for person in (direct, through_group, reader, superuser):
        for _ in range(2):
            expected = {perm for perm in fresh(person).get_all_permissions() if perm.startswith("portfolio.")}
            expected |= {f"portfolio.{codename}" for codename in _object_perms(fresh(person), led_project)}
            assert user_perms_on(fresh(person), led_project) == expected
    assert "portfolio.add_project" in user_perms_on(fresh(through_group), led_project)
    assert "portfolio.change_project" in user_perms_on(fresh(direct), led_project)
    assert "benefits.add_benefit" not in user_perms_on(fresh(direct), led_project)

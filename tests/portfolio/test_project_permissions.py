"""Becoming a project's leader or deputy grants its object permissions; losing the role takes them away."""

from guardian.shortcuts import get_users_with_perms

from portfolio.services import project_set_people
from tests.factories import UserFactory


def _can_edit_and_report(user, project):
    # A fresh object: guardian caches permissions per user instance.
    from portfolio.models import User

    user = User.objects.get(pk=user.pk)
    return user.has_perm("portfolio.change_project", project) and user.has_perm(
        "portfolio.report_status", project
    )


def test_it_grants_the_leader_change_and_report_on_their_project(project, leader):
    assert _can_edit_and_report(leader, project)


def test_it_does_not_grant_the_leader_rights_on_another_project(other_project, leader, project):
    assert not _can_edit_and_report(leader, other_project)


def test_it_grants_deputies_and_revokes_when_they_lose_the_role(project, leader):
    deputy = UserFactory(username="stedfortraeder")
    project_set_people(actor=leader, project=project, leader=leader, deputies=[deputy])
    assert _can_edit_and_report(deputy, project)

    project_set_people(actor=leader, project=project, leader=leader, deputies=[])
    assert not _can_edit_and_report(deputy, project)
    assert _can_edit_and_report(leader, project)


def test_it_moves_the_rights_when_the_leader_changes(project, leader, other_leader):
    project_set_people(actor=None, project=project, leader=other_leader)
    assert not _can_edit_and_report(leader, project)
    assert _can_edit_and_report(other_leader, project)
    assert set(get_users_with_perms(project, with_group_users=False)) == {other_leader}


def test_it_gives_a_plain_reader_no_object_rights(project, reader):
    assert not _can_edit_and_report(reader, project)


def test_it_records_the_people_change_in_the_history(project, leader, other_leader):
    project_set_people(actor=leader, project=project, leader=other_leader)
    latest = project.history.order_by("-history_date", "-history_id").first()
    assert latest.history_user == leader
    assert latest.leader_id == other_leader.pk

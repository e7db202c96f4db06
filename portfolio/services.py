"""Writes to the project register. Object permissions are granted here, never by hand."""

from django.db import transaction
from guardian.shortcuts import assign_perm, remove_perm

from portfolio.models import Project, ProjectUserObjectPermission, User

# What a project's leader and deputies may do on that project.
PROJECT_ROLE_PERMISSIONS = ("change_project", "report_status")


def _project_role_holders(project: Project) -> set[int]:
    ids = {user.pk for user in project.deputies.all()}
    if project.leader_id:
        ids.add(project.leader_id)
    return ids


@transaction.atomic
def project_permissions_sync(*, project: Project) -> None:
    """Make the object permissions on `project` match its leader and deputies.

    Grants what the current role holders lack and revokes what former holders still have.
    """

    wanted = _project_role_holders(project)
    granted = set(
        ProjectUserObjectPermission.objects.filter(
            content_object=project, permission__codename__in=PROJECT_ROLE_PERMISSIONS
        ).values_list("user_id", flat=True)
    )
    for user in User.objects.filter(pk__in=wanted | granted):
        for codename in PROJECT_ROLE_PERMISSIONS:
            if user.pk in wanted:
                assign_perm(f"portfolio.{codename}", user, project)
            else:
                remove_perm(f"portfolio.{codename}", user, project)


@transaction.atomic
def project_set_people(
    *, actor, project: Project, owner=None, leader=None, deputies=(), members=()
) -> Project:
    """Set a project's people and move the project permissions with the roles."""
    project.owner = owner
    project.leader = leader
    project._history_user = actor
    project.save(update_fields=["owner", "leader", "updated_at"])
    project.deputies.set(deputies)
    project.members.set(members)
    project_permissions_sync(project=project)
    return project

"""Who may do what with benefits. Views and services ask here; portfolio.permissions decides the rest."""

from portfolio.permissions import user_can


def _is_active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def can_edit_project(user, project) -> bool:
    """The project's leader and deputies (object permission) or anyone with the global one."""
    return _is_active(user) and user_can(user, "portfolio.change_project", project)


def can_edit_business_case(user, project) -> bool:
    """The project's editors or the programme group (benefits.change_businesscase), while the project is
    open: a closed or stopped project's business case is what its closing report was measured against."""
    return (
        _is_active(user)
        and not project.is_finished
        and (user.has_perm("benefits.change_businesscase") or can_edit_project(user, project))
    )


def can_add_benefit(user, project) -> bool:
    return _is_active(user) and (user.has_perm("benefits.add_benefit") or can_edit_project(user, project))


def can_edit_benefit(user, benefit) -> bool:
    return _is_active(user) and (
        user.has_perm("benefits.change_benefit") or can_edit_project(user, benefit.project)
    )


def can_record_measurement(user, benefit) -> bool:
    """The benefit's owner (object permission, moved by benefit_permissions_sync) or the programme
    group (global benefits.record_measurement). Nobody else, not even the project leader."""
    return _is_active(user) and user_can(user, "benefits.record_measurement", benefit)

"""Writes to the system portfolio (the KITOS import has its own, in portfolio.systems.kitos)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from portfolio import stale
from portfolio.history import save_with_history
from portfolio.models import FINISHED_PHASES, ITSystem, Project, ProjectSystem

FINISHED_LINK_MESSAGE = (
    "Projektet {number} er {phase} og kan ikke længere ændres, heller ikke dets kobling til systemet. "
    "Lad koblingen stå, som den er."
)


@transaction.atomic
def system_save(*, actor, system: ITSystem, links=None, version=None) -> ITSystem:
    """Create or update a system from validated form data already set on `system`.

    `links` ({project: relation}) replaces the system's project links when given; the history record
    of the save then holds the new links, so the page shows the change as "projekter".
    """
    creating = system.pk is None
    if not creating:
        stale.check(stale.of(system), version)
    if creating:
        save_with_history(system, actor=actor)
    changed_links = False
    if links is not None:
        existing = {link.project_id: link for link in system.project_links.all()}
        wanted = {project.pk: relation for project, relation in links.items()}
        _require_open_projects(existing, wanted)
        dropped = [pk for pk in existing if pk not in wanted]
        if dropped:
            ProjectSystem.objects.filter(system=system, project_id__in=dropped).delete()
            changed_links = True
        for project_pk, relation in wanted.items():
            link = existing.get(project_pk)
            if link is None:
                ProjectSystem.objects.create(system=system, project_id=project_pk, relation=relation)
                changed_links = True
            elif link.relation != relation:
                link.relation = relation
                link.save(update_fields=["relation"])
                changed_links = True
    if not creating or changed_links:
        save_with_history(system, actor=actor)
    return system


def _require_open_projects(existing: dict, wanted: dict) -> None:
    """A closed or stopped project's links stay as they are: none is added, dropped or changed."""
    touched = {pk for pk in existing.keys() | wanted.keys() if pk not in existing or pk not in wanted}
    touched |= {pk for pk in existing.keys() & wanted.keys() if existing[pk].relation != wanted[pk]}
    finished = Project.objects.filter(pk__in=touched, phase__in=FINISHED_PHASES).order_by("number").first()
    if finished is not None:
        raise ValidationError(
            FINISHED_LINK_MESSAGE.format(number=finished.number, phase=finished.get_phase_display().lower())
        )

"""Writes to the system portfolio (the KITOS import has its own, in portfolio.systems.kitos)."""

from django.db import transaction

from portfolio import stale
from portfolio.history import save_with_history
from portfolio.models import ITSystem, ProjectSystem


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

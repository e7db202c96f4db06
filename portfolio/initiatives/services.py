"""Writes to the register of national initiatives."""

from django.db import transaction

from portfolio import stale
from portfolio.history import save_with_history


@transaction.atomic
def initiative_save(*, actor, initiative, version=None):
    """Create or update a national initiative (KL, KOMBIT, Digitaliseringsstyrelsen); an edit carries
    the token its form was based on."""
    if initiative.pk is not None:
        stale.check(stale.of(initiative), version)
    save_with_history(initiative, actor=actor)
    return initiative

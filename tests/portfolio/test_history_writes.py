"""Every audited save names its actor through portfolio.history's helpers, never by hand: the hand-written
`obj._history_user = actor` lines (55 of them before the helper) cannot come back."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from portfolio.history import m2m_set_with_history, save_with_history
from portfolio.models import ExternalInitiative
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
APPS = ("focusareas", "portfolio", "benefits", "governance")
HELPER = ROOT / "portfolio" / "history.py"
# What django-simple-history reads from an instance: set only by the helper. (Reading a historical row's
# `history_change_reason` field is not setting anything, hence the dot.)
BY_HAND = ("._history_user", "._change_reason")


def _app_sources():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts and path != HELPER:
                yield path


def test_it_sets_the_history_actor_only_in_the_helper():
    sources = list(_app_sources())
    assert len(sources) > 100
    by_hand = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sources
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if any(name in line for name in BY_HAND)
    ]
    assert not by_hand, "Save through portfolio.history.save_with_history instead:\n" + "\n".join(by_hand)


def test_it_records_the_actor_and_the_reason_of_a_helper_save(db):
    actor = UserFactory()
    initiative = ExternalInitiative(name="Digital Post", owner=ExternalInitiative.Owner.KOMBIT)
    assert save_with_history(initiative, actor=actor, reason="Oprettet i test") is initiative
    record = initiative.history.get()
    assert (record.history_user, record.history_change_reason) == (actor, "Oprettet i test")

    initiative.description = "Ny postløsning"
    save_with_history(initiative, actor=None, update_fields=["description"])
    assert initiative.history.first().history_user is None  # the system (a task, a command)


def test_it_writes_nothing_when_the_helper_cleans_an_invalid_object(db):
    invalid = ExternalInitiative(name="", owner=ExternalInitiative.Owner.KOMBIT)
    with pytest.raises(ValidationError):
        save_with_history(invalid, actor=UserFactory(), clean=True)
    assert not ExternalInitiative.objects.exists()


def test_it_records_the_actor_of_an_m2m_change(project):
    actor, deputy = UserFactory(), UserFactory()
    m2m_set_with_history(project, "deputies", [deputy], actor=actor)
    record = project.history.first()
    assert record.history_user == actor
    assert [row.user_id for row in record.deputies.all()] == [deputy.pk]

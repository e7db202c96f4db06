"""The data migration that loads the governance bodies of the digitalisation organisation."""

import importlib
import re

import pytest
from django.apps import apps as global_apps
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from governance.dashboard.cache import hook_paused
from governance.models import Body
from tests.factories import MembershipFactory, UserFactory

SEED_MIGRATION = "0002_load_bodies"

EXPECTED = {
    # slug: (kind, name, escalates to)
    "direktion": (Body.Kind.DIREKTION, "Direktionen", None),
    "styregruppe": (Body.Kind.STEERING_GROUP, "Tværgående digitaliseringsstyregruppe", "direktion"),
    "programgruppe": (Body.Kind.PROGRAMME_GROUP, "Tværgående digitaliseringsprogramgruppe", "styregruppe"),
    "project-board": (Body.Kind.PROJECT_BOARD, "Project Board", "programgruppe"),
    "iod": (Body.Kind.IOD, "Innovation og Digitalisering (IOD)", "styregruppe"),
    "it-sikkerhedsgruppe": (Body.Kind.IT_SECURITY, "IT-sikkerhedsgruppen", "direktion"),
    "projektgruppe-monopolbrud": (
        Body.Kind.CROSS_PROJECT_GROUP,
        "Tværgående projektgruppe: Monopolbrud",
        "programgruppe",
    ),
    "projektgruppe-mobil-bredbaand": (
        Body.Kind.CROSS_PROJECT_GROUP,
        "Tværgående projektgruppe: Mobil og bredbånd",
        "programgruppe",
    ),
    "projektgruppe-bra-smart": (
        Body.Kind.CROSS_PROJECT_GROUP,
        "Tværgående projektgruppe: BRA/Smart",
        "programgruppe",
    ),
}

# Fragments the OCR of the 2016-2020 document leaves behind instead of æ, ø and å.
OCR_ARTEFACTS = re.compile(
    r"faelles|fzelles|tvaer|tvarg|ngdv|nadv|gkonomi|skonomi|lgsning|lasning|hgj|gvrig|mgde|made|@|¢|\bpa\b"
    r"|\bma\b|\bsa\b|\bar\b|\bbade\b|taet|vaere|saerl|aeg|aer\b|I0D|10D"
)
BULLETS = ("•", "e ", "¢", "o ", "- ", "* ")


def seed_migration():
    return importlib.import_module(f"governance.migrations.{SEED_MIGRATION}")


def snapshot():
    return list(
        Body.objects.order_by("slug").values(
            "slug",
            "kind",
            "name",
            "mandate",
            "responsibilities",
            "composition",
            "meeting_frequency",
            "escalates_to__slug",
            "group__name",
        )
    )


@pytest.mark.django_db
def test_it_loads_the_bodies_with_groups_and_escalation_chain():
    bodies = {body.slug: body for body in Body.objects.select_related("group", "escalates_to")}

    assert set(bodies) == set(EXPECTED)
    for slug, (kind, name, parent) in EXPECTED.items():
        body = bodies[slug]
        assert (body.kind, body.name) == (kind, name)
        assert body.group.name == name
        assert (body.escalates_to.slug if body.escalates_to else None) == parent
        assert body.mandate and body.responsibilities
    assert Group.objects.filter(body__isnull=False).count() == len(EXPECTED)

    chain = []
    body = bodies["project-board"]
    while body is not None:
        chain.append(body.slug)
        body = body.escalates_to
    assert chain == ["project-board", "programgruppe", "styregruppe", "direktion"]


@pytest.mark.django_db
def test_it_gives_the_steering_group_its_responsibilities_one_per_line():
    body = Body.objects.get(slug="styregruppe")
    items = body.responsibility_list

    assert len(items) == 8
    assert items[0] == (
        "at Norddjurs Kommune har klare strategiske mål på det digitale område, og at kommunens "
        "digitale indsatser er i overensstemmelse med disse"
    )
    # The bullet the scan split in two is one responsibility.
    assert items[1].endswith(
        "samt at digitaliseringsstrategien er koordineret med kommunens øvrige strategier"
    )
    assert "at der er et strategisk fokus på eksterne udviklingssamarbejder" in items
    assert all(item.startswith("at ") for item in items)
    assert body.responsibilities == "\n".join(items)
    assert body.mandate.startswith("Der er nedsat en tværgående digitaliseringsstyregruppe")
    assert "årlig indsatsplan" in body.mandate
    assert body.composition.startswith("Styregruppeformanden skal være en repræsentant fra direktionen")


@pytest.mark.django_db
def test_it_gives_every_body_its_responsibilities_without_bullet_characters():
    for body in Body.objects.all():
        for item in body.responsibility_list:
            assert not item.startswith(BULLETS), (body.slug, item)
            assert item == item.strip()
    programme = Body.objects.get(slug="programgruppe")
    assert len(programme.responsibility_list) == 7
    assert any(item.startswith("administrere en projektportefølje") for item in programme.responsibility_list)
    assert len(Body.objects.get(slug="projektgruppe-monopolbrud").responsibility_list) == 7


@pytest.mark.django_db
def test_it_writes_the_bodies_in_correctly_spelled_danish():
    text = ""
    for body in Body.objects.all():
        fields = (body.name, body.mandate, body.responsibilities, body.composition, body.meeting_frequency)
        for value in fields:
            assert not OCR_ARTEFACTS.search(value), (body.slug, OCR_ARTEFACTS.search(value).group())
            text += value
    assert {"æ", "ø", "å"} <= set(text)


@pytest.mark.django_db
def test_it_gives_the_project_board_and_the_it_security_group_their_rhythm():
    board = Body.objects.get(slug="project-board")
    security = Body.objects.get(slug="it-sikkerhedsgruppe")

    assert board.meeting_frequency == "Ca. hver 14. dag"
    assert "årligt" in security.meeting_frequency
    assert any(
        item.startswith("foretage én gang om året en vurdering af informationssikkerhedspolitikken")
        for item in security.responsibility_list
    )
    assert "vurdere én gang årligt, om der er behov for fornyet risikovurdering/konsekvensanalyse" in (
        security.responsibility_list
    )


@pytest.mark.django_db
def test_it_gives_the_programme_group_its_global_permissions():
    group = Body.objects.get(slug="programgruppe").group
    codenames = set(group.permissions.values_list("content_type__app_label", "codename"))
    member = UserFactory()
    member.groups.add(group)
    outsider = UserFactory()

    assert ("portfolio", "add_project") in codenames
    assert member.has_perm("portfolio.add_project")
    assert not outsider.has_perm("portfolio.add_project")
    assert not Body.objects.get(slug="direktion").group.permissions.exists()


@pytest.mark.django_db
def test_it_is_safe_to_run_the_seed_again():
    before = snapshot()
    Body.objects.filter(slug="iod").update(mandate="ændret")

    seed_migration().load_bodies(global_apps, None)
    seed_migration().load_bodies(global_apps, None)

    assert snapshot() == before
    assert Group.objects.filter(body__isnull=False).count() == len(EXPECTED)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_round_trips_the_seed_migration_back_to_0001_and_forward_again():
    before = snapshot()
    group_names = {row["group__name"] for row in before}

    executor = MigrationExecutor(connection)
    with hook_paused():
        executor.migrate([("governance", "0001_initial")])
    assert not Body.objects.exists()
    assert not Group.objects.filter(name__in=group_names).exists()

    executor.loader.build_graph()
    with hook_paused():
        executor.migrate(executor.loader.graph.leaf_nodes())

    assert snapshot() == before


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_refuses_to_unload_bodies_that_have_members():
    MembershipFactory(body=Body.objects.get(slug="programgruppe"))
    before = snapshot()

    executor = MigrationExecutor(connection)
    try:
        # Unapplying the later schema migrations commits; only the seed migration's reverse refuses.
        with hook_paused():
            executor.migrate([("governance", "0002_load_bodies")])
        executor.loader.build_graph()
        with pytest.raises(RuntimeError, match="governance.Membership"), hook_paused():
            executor.migrate([("governance", "0001_initial")])
        assert snapshot() == before
    finally:
        # Leave the schema as the rest of the session expects it.
        executor.loader.build_graph()
        with hook_paused():
            executor.migrate(executor.loader.graph.leaf_nodes())

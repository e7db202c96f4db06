"""The data migration that loads the two strategy periods and their focus areas from the seeds."""

import importlib
import re

import pytest
from django.apps import apps as global_apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from focusareas.models import FocusArea, StrategyPeriod
from governance.dashboard.cache import hook_paused

SEED_MIGRATION = "0002_load_strategy_periods"
PROGRAMME_2021 = "Digitaliseringsprogram 2021-2025"
STRATEGY_2016 = "Digitaliseringsstrategi 2016-2020"

# Fragments the OCR of the 2016-2020 document leaves behind instead of æ, ø and å.
OCR_ARTEFACTS = re.compile(
    r"faelles|fzelles|tvaer|ngdv|gkonomi|lgsning|lasning|hgj|@|¢|\bpa\b|\bma\b|\bsa\b|\bar\b|aeg|aer"
)


def seed_migration():
    return importlib.import_module(f"focusareas.migrations.{SEED_MIGRATION}")


def snapshot():
    periods = list(
        StrategyPeriod.objects.order_by("name").values(
            "name", "start_year", "end_year", "source_document", "is_current"
        )
    )
    areas = list(
        FocusArea.objects.order_by("period__name", "number").values(
            "period__name", "number", "title", "description", "kl_quote", "local_ambition", "example"
        )
    )
    return periods, areas


@pytest.mark.django_db
def test_it_loads_the_six_focus_areas_of_2021_2025_word_for_word():
    period = StrategyPeriod.objects.get(name=PROGRAMME_2021)

    titles = list(period.focus_areas.order_by("number").values_list("number", "title"))

    assert titles == [
        (1, "Borger, teknologi og lokaldemokratiet"),
        (2, "Digital transformation og styrket udbredelse af modne teknologier"),
        (3, "Sammenhængende velfærdsforløb og indsatser"),
        (4, "Klima og ressourcer"),
        (5, "Bedre velfærd og styring med data"),
        (6, "Kommunernes digitale fundamenter"),
    ]
    assert (period.start_year, period.end_year) == (2021, 2025)
    assert period.source_document == "Norddjurs Kommunes Digitaliseringsprogram 2021-2025"


@pytest.mark.django_db
def test_it_marks_2021_2025_as_the_only_current_period():
    assert list(StrategyPeriod.objects.current().values_list("name", flat=True)) == [PROGRAMME_2021]
    assert StrategyPeriod.objects.get(name=STRATEGY_2016).is_current is False


@pytest.mark.django_db
def test_it_splits_each_2021_2025_area_into_kl_quote_local_ambition_and_example():
    area = FocusArea.objects.get(period__name=PROGRAMME_2021, number=1)

    assert area.kl_quote.startswith("Når arbejdet med digitalisering, teknologi og data i højere grad")
    assert area.kl_quote.endswith("samt teknologiens indflydelse på lokaldemokratiet.")
    assert area.local_ambition.startswith("Det er for Norddjurs Kommune vigtigt, at borgerne i kommunen")
    assert area.example.startswith("Det kunne for eksempel være projekter som Borgerblikket")
    assert area.description
    for other in FocusArea.objects.filter(period__name=PROGRAMME_2021):
        assert other.kl_quote and other.local_ambition and other.example and other.description
        assert "KL:" not in other.kl_quote
        assert not re.search(r"[”„“\"]", other.kl_quote[:1] + other.kl_quote[-1:])
        assert "Eksempel:" not in other.example


@pytest.mark.django_db
def test_it_joins_the_line_broken_words_into_clean_paragraphs():
    areas = FocusArea.objects.filter(period__name=PROGRAMME_2021)
    texts = [text for area in areas for text in (area.kl_quote, area.local_ambition, area.example)]

    for text in texts:
        for paragraph in text.split("\n\n"):
            assert paragraph == paragraph.strip()
            assert "\n" not in paragraph
            assert "  " not in paragraph
    welfare = areas.get(number=3)
    assert "til velfærdspersonalet på plejehjemmene" in welfare.kl_quote
    assert "på tværs af forvaltningsområder, og i nogle situationer" in welfare.kl_quote
    assert "Tidligere var Skoleintra" in welfare.example
    data = areas.get(number=5)
    assert "alene på baggrund af, hvor i organisationen man er ansat" in data.example
    assert len(data.example.split("\n\n")) == 2
    foundations = areas.get(number=6)
    assert "allerede ibrugtagne it-systemer" in foundations.local_ambition
    assert foundations.local_ambition.endswith(
        "IT og Digitalisering skal derfor også altid inddrages i opstartsprocessen i "
        "digitaliseringsprojekter."
    )


@pytest.mark.django_db
def test_it_loads_eleven_focus_areas_for_2016_2020_plus_the_shared_foundation_as_the_seed_lists_them():
    # Section 4 of the 2016-2020 strategy lists twelve headings: "Fælles fundament for en ny
    # strategi" and the eleven areas after it. All twelve are loaded, numbered in the seed's order.
    period = StrategyPeriod.objects.get(name=STRATEGY_2016)
    areas = list(period.focus_areas.order_by("number"))

    assert (period.start_year, period.end_year, period.is_current) == (2016, 2020, False)
    assert period.source_document == (
        "Digitaliseringsstrategi for Norddjurs Kommune 2016-2020 med tillæg om organisering 2017"
    )
    assert [area.number for area in areas] == list(range(1, 13))
    assert areas[0].title == "Fælles fundament for en ny strategi"
    assert areas[0].description == (
        "Øge den fælles handlekraft ved at videreudvikle det kommunale samarbejde inden for rammerne "
        "af den fælles strategi"
    )
    assert areas[1].title == "Borgerbetjening 3.0"
    assert areas[-1].title == "Digital sammenhæng for børn og unge"
    assert areas[-1].description.startswith(
        "Digitalisering skal understøtte sammenhæng i børn og unges læring"
    )


@pytest.mark.django_db
def test_it_writes_the_2016_2020_areas_in_correctly_spelled_danish():
    areas = FocusArea.objects.filter(period__name=STRATEGY_2016)

    for area in areas:
        for text in (area.title, area.description):
            assert text
            assert not OCR_ARTEFACTS.search(text.lower()), text
    text = " ".join(f"{area.title} {area.description}" for area in areas)
    assert {"æ", "ø", "å"} <= set(text)


@pytest.mark.django_db
def test_it_is_safe_to_run_the_seed_again():
    before = snapshot()
    StrategyPeriod.objects.filter(name=PROGRAMME_2021).update(source_document="ændret")

    seed_migration().load_strategy_periods(global_apps, None)
    seed_migration().load_strategy_periods(global_apps, None)

    assert snapshot() == before
    assert FocusArea.objects.count() == 6 + 12


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_round_trips_the_seed_migration_back_to_0001_and_forward_again():
    before = snapshot()
    assert len(before[1]) == 18

    executor = MigrationExecutor(connection)
    with hook_paused():
        executor.migrate([("focusareas", "0001_initial")])
    assert not StrategyPeriod.objects.exists()
    assert not FocusArea.objects.exists()

    executor.loader.build_graph()
    with hook_paused():
        executor.migrate(executor.loader.graph.leaf_nodes())

    assert snapshot() == before

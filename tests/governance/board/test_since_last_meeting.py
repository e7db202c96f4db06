""" "Siden sidste møde": what changed between the previous Project Board meeting (not cancelled) and this one,
on the meeting's page and as a section of the board report. Everything made before the previous meeting is
moved back in time (created_at and the history's dates); the changes are then made now, inside the window."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.board.changes import since_last_meeting
from governance.board.pdf import render_board_report
from governance.board.selectors import board_report_data
from portfolio.addresses import Addresses
from portfolio.models import Milestone, Project
from tests.factories import DecisionFactory, ProjectFactory, ReportingPeriodFactory, StatusReportFactory, body
from tests.pdf import flat, pdf_text

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def today():
    return timezone.localdate()


def back_in_time():
    """Everything made so far happened a month ago, before the previous meeting."""
    then = timezone.now() - 30 * DAY
    Project.objects.update(created_at=then)
    Project.history.update(history_date=then)
    Milestone.history.update(history_date=then)


@pytest.fixture
def periods():
    before = ReportingPeriodFactory(meeting_date=today() - 24 * DAY)
    previous = ReportingPeriodFactory(meeting_date=today() - 10 * DAY)
    ReportingPeriodFactory(meeting_date=today() - 5 * DAY, cancelled=True)  # not the previous one
    current = ReportingPeriodFactory(meeting_date=today() + 4 * DAY)
    return before, previous, current


@pytest.fixture
def world(periods):
    _, previous, current = periods
    worse = ProjectFactory(number="SM-001", name="Blev dårligere")
    better = ProjectFactory(number="SM-002", name="Blev bedre")
    same = ProjectFactory(number="SM-003", name="Uændret lys")
    for project, before, now in (
        (worse, "green", "red"),
        (better, "red", "yellow"),
        (same, "yellow", "yellow"),
    ):
        StatusReportFactory(project=project, period=previous, overall=before)
        StatusReportFactory(project=project, period=current, overall=now)
    moving = ProjectFactory(number="SM-004", name="Skifter fase", phase="analyse")
    stopping = ProjectFactory(number="SM-005", name="Bliver stoppet", phase="gennemfoerelse")
    late = Milestone.objects.create(project=same, title="Go-live", due_date=today() + 30 * DAY)
    earlier = Milestone.objects.create(project=same, title="Test", due_date=today() + 40 * DAY)
    Milestone.objects.create(project=worse, title="Afleveret for længst", due_date=today() - 20 * DAY)
    Milestone.objects.create(project=worse, title="Kravspec", due_date=today() - 2 * DAY)
    Milestone.objects.create(
        project=worse, title="Nået i tide", due_date=today() - 3 * DAY, completed_on=today() - 3 * DAY
    )
    back_in_time()
    for thing in (moving, stopping, late, earlier):
        thing.refresh_from_db()

    ProjectFactory(number="SM-006", name="Helt nyt projekt", phase="ide")
    moving.phase = "gennemfoerelse"
    moving.save()
    stopping.phase = "stoppet"
    stopping.save()
    late.due_date = today() + 44 * DAY
    late.save()
    earlier.due_date = today() + 35 * DAY
    earlier.save()
    DecisionFactory(
        body=body("styregruppe"), project=moving, decided_on=today() - 3 * DAY, text="Analysen godkendt"
    )
    DecisionFactory(body=body("styregruppe"), decided_on=previous.meeting_date, text="På sidste møde")
    return current


def numbers(items, attribute="project"):
    return [getattr(item, attribute).number for item in items]


def test_it_finds_every_kind_of_change_since_the_previous_meeting(periods, world):
    _, previous, current = periods

    changes = since_last_meeting(current)

    assert changes.previous == previous
    assert numbers(changes.worsened) == ["SM-001"]
    assert numbers(changes.improved) == ["SM-002"]
    assert [p.number for p in changes.new_projects] == ["SM-006"]
    assert [(c.project.number, c.before, c.after) for c in changes.phase_changes] == [
        ("SM-004", "analyse", "gennemfoerelse")
    ]
    assert [(c.project.number, c.after_label) for c in changes.finished] == [("SM-005", "Stoppet")]
    assert [d.text for d in changes.decisions] == ["Analysen godkendt"]
    assert [(s.milestone.title, s.days) for s in changes.slipped] == [("Go-live", 14)]
    assert [m.title for m in changes.overdue] == ["Kravspec"]
    assert not changes.is_empty


def test_it_has_nothing_to_compare_at_the_first_meeting(client, reader):
    first = ReportingPeriodFactory(meeting_date=today() + 4 * DAY)
    ProjectFactory(number="SM-010")

    changes = since_last_meeting(first)
    client.force_login(reader)
    text = client.get(f"/board/{first.pk}/").content.decode()

    assert changes.previous is None and changes.is_empty
    assert "Der er ikke holdt et tidligere Project Board-møde, så der er intet at sammenligne med." in text


def test_it_says_when_nothing_changed(client, reader, periods):
    back_in_time()
    client.force_login(reader)

    text = client.get(f"/board/{periods[2].pk}/").content.decode()

    assert "Intet er ændret siden sidste møde." in text


def test_it_shows_the_changes_on_the_meetings_page(client, reader, world):
    client.force_login(reader)

    text = client.get(f"/board/{world.pk}/").content.decode().split('id="siden-sidste"')[1]

    assert "↓ dårligere" in text and "Blev dårligere" in text
    assert "↑ bedre" in text and "Blev bedre" in text
    assert "Uændret lys" not in text.split("Nye projekter")[0]
    assert "Nye projekter (1)" in text and "Helt nyt projekt" in text
    assert (
        "Afsluttede og stoppede projekter (1)" in text
        and "<strong>stoppet</strong> (var i gennemførelse)" in text
    )
    assert "Faseskift (1)" in text and "analyse → gennemførelse" in text
    assert "Beslutninger truffet (1)" in text and "Analysen godkendt" in text and "På sidste møde" not in text
    assert "Milepæle rykket (1)" in text and "Go-live" in text and "14 dage forsinket" in text
    assert "Milepæle, der er overskredet (1)" in text and "Kravspec" in text


def test_it_links_each_light_change_to_its_project_and_both_reports(client, reader, world):
    client.force_login(reader)
    text = client.get(f"/board/{world.pk}/").content.decode().split('id="siden-sidste"')[1]
    for change in since_last_meeting(world, limit=50).worsened + since_last_meeting(world).improved:
        project = change.project.pk
        assert f'<a href="{reverse("portfolio:project-detail", args=[project])}">' in text
        for report in (change.before, change.after):
            assert f'<a href="{reverse("portfolio:status-detail", args=[project, report.pk])}">' in text


def test_it_reverses_an_address_once_for_many_objects_as_reverse_would(monkeypatch):
    report = Addresses("portfolio:status-detail", 2)
    assert report(7, 1234) == reverse("portfolio:status-detail", args=[7, 1234])
    assert report(987654321, 5) == reverse("portfolio:status-detail", args=[987654321, 5])
    # An address where a placeholder is not found once is reversed on each call.
    monkeypatch.setattr(Addresses, "PLACEHOLDERS", (1, 11))
    fallback = Addresses("portfolio:status-detail", 2)
    assert fallback.parts is None and fallback(12, 21) == reverse("portfolio:status-detail", args=[12, 21])


def test_it_prints_the_changes_as_a_section_of_the_board_report(world, tmp_path):
    text = flat(pdf_text(render_board_report(board_report_data(world)), tmp_path))

    section = text.split("Siden sidste møde", 1)[1].split("Alle aktive projekter", 1)[0]
    # The key figures: the numbers of the five boxes, then their words.
    assert "1 1 1 1 2 lys dårligere lys bedre nye projekter afsluttet eller stoppet milepæle" in section
    assert "SM-001 Blev dårligere ↓ dårligere" in section
    assert "SM-006 Helt nyt projekt Nyt projekt" in section
    assert "SM-004 Skifter fase Faseskift: analyse → gennemførelse" in section
    assert "SM-005 Bliver stoppet Stoppet (var i gennemførelse)" in section
    assert "Analysen godkendt" in section
    assert "Go-live Rykket fra" in section and "Kravspec Overskredet" in section


def test_it_prints_that_a_first_meeting_has_nothing_to_compare(tmp_path):
    first = ReportingPeriodFactory(meeting_date=today() + 4 * DAY)

    text = flat(pdf_text(render_board_report(board_report_data(first)), tmp_path))

    assert "Siden sidste møde Der er ikke holdt et tidligere Project Board-møde" in text


def test_it_shows_a_light_changed_after_the_page_was_read(client, reader, world):
    """The page's light changes are cached under the dashboard's token: a report submitted since is shown."""
    client.force_login(reader)
    before = client.get(f"/board/{world.pk}/").content.decode().split('id="siden-sidste"')[1]
    StatusReportFactory(project=Project.objects.get(number="SM-003"), period=world, overall="red", version=2)

    after = client.get(f"/board/{world.pk}/").content.decode().split('id="siden-sidste"')[1]

    assert "Uændret lys" not in before.split("Nye projekter")[0]
    assert "Uændret lys" in after.split("Nye projekter")[0]

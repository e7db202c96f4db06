"""The status form helps the leader: a warning (never a refusal) when the overall light is greener than a
part's, the previous Project Board's report's values beside the fields, and an earlier version that says
which version replaced it."""

from html.parser import HTMLParser

import pytest

from portfolio.dates import danish_date
from portfolio.models import StatusReport
from portfolio.status import services
from portfolio.status.consistency import overall_light_warning
from tests.factories import StatusReportFactory
from tests.portfolio.status_forms import LIGHTS, detail_url, edit_url, form_data, new_url

pytestmark = pytest.mark.django_db

WARNING_HEADING = "Tjek den samlede status"


class _Elements(HTMLParser):
    """Every element with an id: its attributes and its text."""

    VOID = {"input", "br", "img", "meta", "link", "hr", "source", "wbr"}

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.attrs, self.text, self._open = {}, {}, []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.attrs[attrs["id"]] = attrs
            self.text.setdefault(attrs["id"], "")
        if tag not in self.VOID:
            self._open.append((tag, attrs.get("id")))

    def handle_endtag(self, tag):
        while self._open:
            open_tag, _ = self._open.pop()
            if open_tag == tag:
                break

    def handle_data(self, data):
        for _, element_id in self._open:
            if element_id:
                self.text[element_id] += data

    def described_by(self, element_id):
        """The texts that the element's aria-describedby points at."""
        ids = (self.attrs[element_id].get("aria-describedby") or "").split()
        return [" ".join(self.text[other].split()) for other in ids]


# --- the overall light greener than a part --------------------------------------------------------------

WARNED = [
    ({"schedule": "red"}, "Den samlede status er grøn, men tidsplan står på rødt."),
    ({"economy": "yellow"}, "Den samlede status er grøn, men økonomi står på gult."),
    (
        {"schedule": "red", "economy": "yellow", "benefits": "yellow"},
        "Den samlede status er grøn, men tidsplan står på rødt, og økonomi og gevinster står på gult.",
    ),
    (
        {"overall": "yellow", "resources": "red", "deliverables": "yellow"},
        "Den samlede status er gul, men ressourcer står på rødt.",
    ),
]
NOT_WARNED = [
    {},
    {"overall": "yellow", "schedule": "yellow", "economy": "green"},
    {"overall": "red", "schedule": "green", "economy": "yellow"},
    {"benefits": "none", "resources": "none"},
    {"overall": "none", "schedule": "red"},
]


@pytest.mark.parametrize(("lights", "sentence"), WARNED)
def test_it_warns_on_the_saved_draft_when_the_overall_light_is_greener_than_a_part(
    client, leader, project, period, lights, sentence
):
    client.force_login(leader)
    response = client.post(new_url(project), form_data(lights))
    assert response.status_code == 302
    draft = StatusReport.objects.get(project=project, state=StatusReport.State.DRAFT)
    assert {name: getattr(draft, name) for name in lights} == lights
    page = client.get(response["Location"]).content.decode()
    assert WARNING_HEADING in page and sentence in page
    assert "Du kan stadig gemme og indsende rapporten" in page


@pytest.mark.parametrize("lights", NOT_WARNED)
def test_it_does_not_warn_when_no_part_is_worse_than_the_overall_light(
    client, leader, project, period, lights
):
    client.force_login(leader)
    response = client.post(new_url(project), form_data(lights))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert WARNING_HEADING not in page
    assert overall_light_warning({**dict.fromkeys(LIGHTS, "green"), **lights}) is None


def test_it_warns_beside_the_errors_when_the_form_is_refused_for_another_reason(
    client, leader, project, period
):
    client.force_login(leader)
    response = client.post(new_url(project), form_data({"economy": "yellow"}, percent_complete="140"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Skriv et helt tal mellem 0 og 100." in page
    assert "Den samlede status er grøn, men økonomi står på gult." in page
    assert not StatusReport.objects.exists()


def test_it_warns_on_a_new_report_that_carries_over_greener_overall_lights(
    client, leader, project, period, past_period
):
    StatusReportFactory(
        project=project, period=past_period, author=leader, overall="green", schedule="yellow"
    )
    client.force_login(leader)
    page = client.get(new_url(project)).content.decode()
    assert "Den samlede status er grøn, men tidsplan står på gult." in page


def test_it_submits_a_greener_overall_light_and_warns_in_the_message(client, leader, project, period):
    client.force_login(leader)
    response = client.post(new_url(project), form_data({"schedule": "red"}, submit="submit"), follow=True)
    report = StatusReport.objects.get(project=project)
    assert report.is_submitted and (report.overall, report.schedule) == ("green", "red")
    page = response.content.decode()
    assert "Statusrapporten er indsendt til Project Board." in page
    assert "Den samlede status er grøn, men tidsplan står på rødt." in page
    assert "Ret rapporten med en ny version, hvis den samlede status skal være en anden." in page


def test_it_submits_a_consistent_report_without_a_warning(client, leader, project, period):
    client.force_login(leader)
    response = client.post(
        new_url(project), form_data({"overall": "red", "schedule": "red"}, submit="submit"), follow=True
    )
    page = response.content.decode()
    assert StatusReport.objects.get(project=project).is_submitted
    assert "Statusrapporten er indsendt til Project Board." in page
    assert "står på" not in page


# --- the previous report's values ------------------------------------------------------------------------


@pytest.fixture
def previous(project, past_period, leader):
    return StatusReportFactory(
        project=project,
        period=past_period,
        author=leader,
        overall="yellow",
        schedule="red",
        schedule_comment="Leverandøren er forsinket",
        economy="green",
        percent_complete=35,
        summary="Sidste gang",
        next_steps="Test i hjemmeplejen",
        budget_spent="125000.50",
        budget_forecast=None,
    )


def test_it_shows_the_previous_reports_value_under_each_field(client, leader, project, period, previous):
    client.force_login(leader)
    html = client.get(new_url(project)).content.decode()
    page = _Elements(html)
    assert "Sidst: Rød" in page.described_by("lampe-schedule")
    assert "Sidst: Gul" in page.described_by("lampe-overall")
    assert "Sidst: Ikke rapporteret" in page.described_by("lampe-benefits")
    assert page.described_by("id_schedule_comment") == [
        "Skal udfyldes, hvis lyset er rødt.",
        "Sidst: Leverandøren er forsinket",
    ]
    assert "Sidst: 35 %" in page.described_by("id_percent_complete")
    assert "Sidst: Sidste gang" in page.described_by("id_summary")
    assert "Sidst: Test i hjemmeplejen" in page.described_by("id_next_steps")
    assert page.described_by("id_budget_spent") == ["Sidst: 125.000,50 kr."]
    assert page.described_by("id_budget_forecast") == ["Sidst: ikke udfyldt"]
    assert f'href="{detail_url(previous)}"' in html


def test_it_names_the_previous_report_by_its_meeting_in_danish(client, leader, project, period, previous):
    client.force_login(leader)
    html = client.get(new_url(project)).content.decode()
    assert f"Project Board {danish_date(previous.period.meeting_date)}" in html


def test_it_keeps_the_previous_values_beside_the_errors_of_a_refused_form(
    client, leader, project, period, previous
):
    client.force_login(leader)
    response = client.post(new_url(project), form_data(budget_spent="mange penge"))
    page = _Elements(response.content.decode())
    assert response.status_code == 200
    described = page.described_by("id_budget_spent")
    assert described[-1] == "Sidst: 125.000,50 kr."
    assert any("Skriv beløbet som et tal i kroner" in text for text in described)


def test_it_shows_the_previous_values_on_a_draft_too(client, leader, project, period, previous):
    draft = StatusReportFactory(
        project=project, period=period, author=leader, state=StatusReport.State.DRAFT, submitted_at=None
    )
    client.force_login(leader)
    page = _Elements(client.get(edit_url(draft)).content.decode())
    assert "Sidst: 125.000,50 kr." in page.described_by("id_budget_spent")


def test_it_compares_with_the_newest_version_of_the_board_before(client, leader, project, period, previous):
    corrected = services.status_report_correct(actor=leader, report=previous)
    corrected.percent_complete = 38
    corrected.save()
    services.status_report_submit(actor=leader, report=corrected)
    client.force_login(leader)
    page = _Elements(client.get(new_url(project)).content.decode())
    assert "Sidst: 38 %" in page.described_by("id_percent_complete")


def test_it_shows_no_previous_values_without_a_previous_report(client, leader, project, period):
    client.force_login(leader)
    html = client.get(new_url(project)).content.decode()
    page = _Elements(html)
    assert "Sidst:" not in html and "_previous" not in html
    assert page.described_by("id_budget_spent") == []
    assert page.described_by("id_summary") == ["Kort status til Project Board: hvor står projektet?"]


# --- a correction replaces the earlier version -------------------------------------------------------------


def test_it_says_erstattet_af_version_2_once_the_correction_is_submitted(client, leader, project, period):
    v1 = StatusReportFactory(project=project, period=period, author=leader, summary="Første")
    client.force_login(leader)
    client.post(f"/projects/{project.pk}/status/{v1.pk}/correct/")
    v2 = StatusReport.objects.get(supersedes=v1)
    assert v2.is_correction and not v1.is_correction

    while_draft = client.get(detail_url(v1)).content.decode()
    assert "Rettes i version 2" in while_draft and "Erstattet af" not in while_draft
    assert "Rettes i version 2 (kladde)" in client.get(project.get_absolute_url()).content.decode()

    client.post(
        edit_url(v2),
        form_data(summary="Rettet", submit="submit", version=services.status_report_version_token(v2)),
    )
    page = _Elements(client.get(detail_url(v1)).content.decode())
    assert "Erstattet af version 2" in page.text["erstattet"]
    assert "Rettes i" not in page.text["erstattet"]
    project_page = client.get(project.get_absolute_url()).content.decode()
    assert "Erstattet af version 2" in project_page
    newest = client.get(detail_url(v2)).content.decode()
    assert "Erstattet af" not in newest

"""The municipality (settings.MUNICIPALITY_NAME and MUNICIPALITY_LOGO) on the first page of every PDF, and
nothing in its place when it is not set."""

import datetime

import pytest
from django.urls import reverse

from governance.board.pdf import board_report_html, render_board_report
from governance.board.selectors import board_report_data
from governance.bodies import services as body_services
from governance.bodies.meeting_views import meeting_for_page
from governance.bodies.pdf import render_minutes_pdf
from governance.plans.pdf import render_plan_pdf
from governance.plans.selectors import plan_pdf_data
from tests.factories import ReportingPeriodFactory, body
from tests.pdf import flat, pdf_text

pytestmark = pytest.mark.django_db


def board_pdf(client, approved):
    return render_board_report(
        board_report_data(ReportingPeriodFactory(meeting_date=datetime.date(2026, 3, 19)))
    )


def plan_pdf(client, approved):
    return render_plan_pdf(plan_pdf_data(approved[0]))


def minutes_pdf(client, approved):
    meeting = body_services.meeting_create(
        actor=None, body=body("styregruppe"), date=datetime.date(2026, 5, 7)
    )
    return render_minutes_pdf(meeting_for_page(meeting.pk))


def downloaded(url_name):
    def download(client, approved):
        client.force_login(approved[1])
        response = client.get(reverse(url_name))
        assert response.status_code == 200
        return response.content

    download.__name__ = url_name
    return download


PDFS = [
    board_pdf,
    plan_pdf,
    minutes_pdf,
    downloaded("dashboard-pdf"),
    downloaded("governance:handleplan-pdf"),
    downloaded("roadmap:pdf"),
]


@pytest.mark.parametrize("make_pdf", PDFS, ids=lambda make: make.__name__)
def test_it_names_the_municipality_on_the_first_page(make_pdf, client, approved, settings, tmp_path):
    settings.MUNICIPALITY_NAME = "Testrup Kommune"
    settings.MUNICIPALITY_LOGO = ""

    first_page = pdf_text(make_pdf(client, approved), tmp_path).split("\f")[0]

    assert "Testrup Kommune" in flat(first_page)


def test_it_prints_no_municipality_when_none_is_set(db, settings, tmp_path):
    # One include (templates/pdf/_municipality.html) prints it on every PDF: one PDF shows the rule.
    settings.MUNICIPALITY_NAME = ""
    settings.MUNICIPALITY_LOGO = ""

    period = ReportingPeriodFactory(meeting_date=datetime.date(2026, 3, 19))
    html = board_report_html(board_report_data(period))
    first_page = pdf_text(render_board_report(board_report_data(period)), tmp_path).split("\f")[0]

    assert 'class="municipality' not in html
    assert flat(first_page).startswith("Statusrapport Project Board")
    assert "Norddjurs" not in first_page


def test_it_shows_the_logo_beside_the_name_on_the_cover(db, settings):
    settings.MUNICIPALITY_NAME = "Testrup Kommune"
    settings.MUNICIPALITY_LOGO = "img/demo-kommune-logo.svg"

    html = board_report_html(board_report_data(ReportingPeriodFactory()))

    cover = html[html.index('<section class="cover">') : html.index("</section>")]
    assert (
        '<img class="municipality__logo" src="/static/img/demo-kommune-logo.svg" alt="Testrup Kommune">'
        in cover
    )
    assert '<p class="municipality__name">Testrup Kommune</p>' in cover


def test_it_names_norddjurs_with_the_demo_mark_in_development(settings):
    from portfolio import settings as portal_settings

    assert not portal_settings.PRODUCTION
    assert portal_settings.MUNICIPALITY_NAME == "Norddjurs Kommune"
    assert portal_settings.MUNICIPALITY_LOGO == "img/demo-kommune-logo.svg"

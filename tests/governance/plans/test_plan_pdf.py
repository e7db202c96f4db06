"""The indsatsplan as PDF, read back as text: cover, approval, every ranked item in order, each project's
phase and light at approval (not as it is now)."""

from django.urls import reverse

from governance.plans.pdf import plan_html, render_plan_pdf
from governance.plans.selectors import plan_pdf_data
from portfolio.models import Phase
from tests.factories import StatusReportFactory, UserFactory
from tests.pdf import flat, pdf_text


def test_it_lists_every_ranked_item_in_order_as_approved(approved, tmp_path):
    plan, _, _ = approved
    project = plan.items.get(project__name="Digital post").project
    project.phase = Phase.CLOSED
    project.save()
    StatusReportFactory(project=project, overall="red")
    text = flat(pdf_text(render_plan_pdf(plan_pdf_data(plan)), tmp_path))
    assert "Indsatsplan 2027" in text
    assert "Godkendt" in text
    order = [
        "P-001 Digital post",
        "P-002 Talegenkendelse",
        "P-004 Selvbetjening",
        "P-003 Monopolbrud",
        "Kompetenceløft",
    ]
    positions = [text.index(name) for name in order]
    assert positions == sorted(positions)
    # Phase and light as they were when the plan was approved.
    section = text[text.index("P-001 Digital post") :]
    section = section[: section.index("P-002")]
    assert "Gennemførelse" in section or "gennemførelse" in section.lower()
    assert "Gul" in section and "Rød" not in section
    assert "Overblik pr. fokusområde" in text


def test_it_has_a_chart_and_table_per_focus_area(approved):
    plan, _, _ = approved
    html = plan_html(plan_pdf_data(plan))
    assert "<svg" in html
    assert "Indsatser pr. fokusområde" in html


def test_it_is_downloaded_by_the_programme_group_not_by_a_reader(approved, client):
    plan, programme, steering = approved
    client.force_login(programme)
    response = client.get(reverse("governance:plan-pdf", args=[plan.year]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    client.force_login(UserFactory(username="reader"))
    assert client.get(reverse("governance:plan-pdf", args=[plan.year])).status_code == 403

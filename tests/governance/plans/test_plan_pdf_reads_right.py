"""The indsatsplan's PDF says what a reader looks for (issue 19): the approval decision's text and date
on the cover, a totals row under the ranked list, and the money per focus area as well as the count."""

import re
from decimal import Decimal

from governance.plans import services as plan_services
from governance.plans.pdf import render_plan_pdf
from governance.plans.selectors import plan_pdf_data
from portfolio.dates import danish_date
from tests.pdf import flat, pdf_text


def test_it_prints_the_approval_decision_and_its_date_on_the_cover(approved, tmp_path):
    plan = approved[0]
    decision = plan.approval_decision

    cover = flat(pdf_text(render_plan_pdf(plan_pdf_data(plan)), tmp_path).split("\f")[0])

    assert f"Godkendt {danish_date(plan.approved_at)} af {decision.body}" in cover
    assert f"Beslutning {decision.text}" in cover
    assert f"Registreret af {decision.recorded_by} {danish_date(decision.decided_on)}" in cover


def test_it_says_a_draft_is_not_approved(programme_member, tmp_path):
    plan = plan_services.annual_plan_start(actor=programme_member, year=2028)

    cover = flat(pdf_text(render_plan_pdf(plan_pdf_data(plan)), tmp_path).split("\f")[0])

    assert "Godkendt Ikke godkendt" in cover
    assert "Beslutning" not in cover


def test_it_totals_the_ranked_list(approved, tmp_path):
    plan = approved[0]
    plan.budget_frame = Decimal(10_000)
    plan.save()

    text = pdf_text(render_plan_pdf(plan_pdf_data(plan)), tmp_path, layout=True)
    ranking = text.split("Prioriterede projekter")[1]

    # Four projects of 10, 20, 30 and 40 hours and 1.000 kr. each, and an activity with neither; the
    # frame under the total.
    total = re.search(r"I alt: 5 indsatser +100 +4\.000\n.*af 10\.000", ranking)
    assert total, ranking
    assert ranking.index("Kompetenceløft") < total.start()


def test_it_charts_the_amount_per_focus_area_as_well_as_the_count(approved, tmp_path):
    overview = flat(pdf_text(render_plan_pdf(plan_pdf_data(approved[0])), tmp_path)).split("Prioriterede")[0]

    counts = overview[
        overview.index("Antal indsatser pr. fokusområde") : overview.index("Beløb pr. fokusområde")
    ]
    amounts = overview[overview.index("Beløb pr. fokusområde (kr.)") :]
    # Two projects in each of focus areas 1 and 2, 1.000 kr. each.
    assert re.search(r"1\. [^0-9]+ 2 ", counts)
    assert re.search(r"1\. [^0-9]+ 2\.000 kr\.", amounts)
    assert re.search(r"2\. [^0-9]+ 2\.000 kr\.", amounts)

"""The plan page shows its ranking 50 items a page ("Viser punkt 1–50 af 51"), while the overview, the
totals, the PDF and the API keep every item; ranking, adding, editing and removing land on the page of the
item; a reader, the programme group (who ranks a draft) and the steering group (who approves a submitted
plan) each get what they got before on every page."""

import pytest
from django.urls import reverse

from governance.models import AnnualPlanItem
from governance.plans import selectors as plan_selectors
from governance.plans import services as plan_services
from governance.plans.pdf import plan_html
from governance.plans.selectors import PLAN_ITEMS_PER_PAGE
from tests.edit_tokens import scope_token

COUNT = PLAN_ITEMS_PER_PAGE + 1
YEAR = 2027
URL = reverse("governance:plan-detail", args=[YEAR])


@pytest.fixture
def long_draft(programme_member):
    """A draft of 51 activities ranked Aktivitet 001 … Aktivitet 051, 10 hours each."""
    plan = plan_services.annual_plan_start(actor=programme_member, year=YEAR)
    AnnualPlanItem.objects.bulk_create(
        AnnualPlanItem(plan=plan, rank=rank, activity=f"Aktivitet {rank:03d}", hours=10)
        for rank in range(1, COUNT + 1)
    )
    return plan


def activities(response):
    return [item["activity"] for item in response.context["items"]]


def item(plan, rank):
    return plan.items.get(rank=rank)


def test_it_pages_the_ranking_and_keeps_the_totals_whole(client, reader, long_draft):
    client.force_login(reader)
    first = client.get(URL)
    assert activities(first) == [f"Aktivitet {rank:03d}" for rank in range(1, PLAN_ITEMS_PER_PAGE + 1)]
    html = first.content.decode()
    assert f"Viser punkt 1–{PLAN_ITEMS_PER_PAGE} af {COUNT}." in html
    assert f"Side 1 af 2 · punkt 1–{PLAN_ITEMS_PER_PAGE}" in html
    assert f"I alt, alle {COUNT} punkter" in html
    # The overview and the totals cover the whole plan, not the page.
    assert first.context["overview"]["total_hours"] == 10 * COUNT
    assert f'<td class="number">{COUNT}</td>' in html
    # A reader is offered no ranking buttons on any page.
    assert "Flyt Aktivitet" not in html
    last = client.get(URL, {"page": 2})
    assert activities(last) == [f"Aktivitet {COUNT:03d}"]
    assert f"Viser punkt {COUNT}–{COUNT} af {COUNT}." in last.content.decode()
    assert "Flyt Aktivitet" not in last.content.decode()


@pytest.mark.parametrize(("page", "shown"), [("0", 1), ("x", 1), ("", 1), ("99", 2), ("-3", 1)])
def test_it_turns_any_page_number_into_a_page(client, reader, long_draft, page, shown):
    client.force_login(reader)
    response = client.get(URL, {"page": page})
    assert response.status_code == 200
    assert response.context["page"].number == shown


def test_it_shows_a_short_plan_on_one_page_without_paging(client, reader, long_draft):
    item(long_draft, COUNT).delete()
    client.force_login(reader)
    html = client.get(URL).content.decode()
    assert "Viser punkt" not in html and 'aria-label="Sider"' not in html
    assert "I alt, alle" not in html and ">I alt</th>" in html


def test_it_offers_moves_across_pages_to_the_programme_group(client, programme_member, long_draft):
    client.force_login(programme_member)
    first = client.get(URL).content.decode()
    # Up is closed only for the plan's first item, down only for its last: the 50th moves to page 2.
    assert (
        'value="up" class="button button-secondary button-small" disabled aria-label="Flyt Aktivitet 001'
        in first
    )
    assert (
        'value="down" class="button button-secondary button-small" aria-label="Flyt Aktivitet 050 ned"'
        in first
    )
    assert 'disabled aria-label="Flyt Aktivitet 050' not in first
    last = client.get(URL, {"page": 2}).content.decode()
    assert (
        'value="up" class="button button-secondary button-small" aria-label="Flyt Aktivitet 051 op"' in last
    )
    assert (
        'value="down" class="button button-secondary button-small" disabled aria-label="Flyt Aktivitet 051'
        in last
    )

    # With htmx the ranking comes back on the page the item now stands on.
    fiftieth = item(long_draft, PLAN_ITEMS_PER_PAGE)
    move = reverse("governance:plan-item-move", args=[fiftieth.pk])
    response = client.post(move, {"direction": "down"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and b"<html" not in response.content
    assert activities(response) == ["Aktivitet 050"]
    assert response.context["page"].number == 2
    # The address follows, so a reload shows the item where it went.
    assert response["HX-Replace-Url"] == reverse("governance:plan-version", args=[YEAR, 1]) + "?page=2"
    # Without JavaScript, a redirect to that page and the item.
    response = client.post(move, {"direction": "up"})
    assert response.url == reverse("governance:plan-version", args=[YEAR, 1]) + f"#punkt-{fiftieth.pk}"
    response = client.post(move, {"direction": "down"})
    assert response.url == reverse("governance:plan-version", args=[YEAR, 1]) + f"?page=2#punkt-{fiftieth.pk}"


def test_it_returns_to_the_page_of_the_added_edited_or_removed_item(client, programme_member, long_draft):
    client.force_login(programme_member)
    page_2 = reverse("governance:plan-version", args=[YEAR, 1]) + "?page=2#punkter"
    add = reverse("governance:plan-item-add", args=[YEAR, 1])
    response = client.post(add, {"activity": "Ny aktivitet", "hours": "5", "amount": "0"})
    assert response.status_code == 302 and response.url == page_2
    added = long_draft.items.get(activity="Ny aktivitet")
    edit = reverse("governance:plan-item-edit", args=[added.pk])
    version = scope_token(plan_services.plan_item_scope(added))
    response = client.post(
        edit, {"activity": "Ny aktivitet", "hours": "6", "amount": "0", "version": version}
    )
    assert response.status_code == 302 and response.url == page_2
    response = client.post(reverse("governance:plan-item-remove", args=[added.pk]))
    assert response.status_code == 302 and response.url == page_2
    top = item(long_draft, 1)
    response = client.post(reverse("governance:plan-item-remove", args=[top.pk]))
    assert response.url == reverse("governance:plan-version", args=[YEAR, 1]) + "#punkter"
    assert long_draft.items.count() == COUNT - 1


def test_it_keeps_the_steering_groups_review_on_every_page(
    client, programme_member, steering_member, long_draft
):
    plan_services.annual_plan_submit(actor=programme_member, plan=long_draft)
    client.force_login(steering_member)
    for page in ("1", "2"):
        html = client.get(URL, {"page": page}).content.decode()
        assert "Godkend planen" in html and "Send tilbage" in html
        assert "Flyt Aktivitet" not in html  # a submitted plan is ranked no more
    client.post(reverse("governance:plan-approve", args=[YEAR, 1]), {"text": ""})
    long_draft.refresh_from_db()
    # The approved plan pages its frozen snapshot the same way.
    response = client.get(URL, {"page": 2})
    assert activities(response) == [f"Aktivitet {COUNT:03d}"]
    assert "Godkend planen" not in response.content.decode()


def test_it_keeps_every_item_in_the_pdf_and_the_api(client, programme_member, steering_member, long_draft):
    plan_services.annual_plan_submit(actor=programme_member, plan=long_draft)
    plan_services.annual_plan_approve(actor=steering_member, plan=long_draft)
    long_draft.refresh_from_db()
    data = plan_selectors.plan_pdf_data(long_draft)
    assert len(data.items) == COUNT
    html = plan_html(data)
    assert "Aktivitet 001" in html and f"Aktivitet {COUNT:03d}" in html
    client.force_login(steering_member)
    response = client.get("/api/v1/plans/", {"year": YEAR})
    assert len(response.json()["results"][0]["items"]) == COUNT

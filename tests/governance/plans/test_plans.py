"""The annual indsatsplan: draft → submitted → approved / sent back → revision, who may do each step,
the frozen snapshot, coverage and budget warnings, ranking with and without htmx, history, bad input."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from governance.models import AnnualPlan, AnnualPlanItem, Decision
from governance.plans import selectors as plan_selectors
from governance.plans import services as plan_services
from portfolio.models import Phase
from tests.edit_tokens import scope_token
from tests.factories import ProjectFactory, StatusReportFactory, UserFactory, body, current_focus_area


@pytest.fixture
def projects(db):
    first = ProjectFactory(number="P-100", name="Digital post", phase=Phase.EXECUTION)
    second = ProjectFactory(number="P-200", name="Talegenkendelse", phase=Phase.ANALYSIS)
    StatusReportFactory(project=first, overall="yellow")
    return first, second


@pytest.fixture
def draft(programme_member, projects):
    plan = plan_services.annual_plan_start(actor=programme_member, year=2027)
    first, second = projects
    plan_services.plan_item_add(
        actor=programme_member,
        plan=plan,
        project=first,
        rationale="Lovkrav",
        hours=100,
        amount=Decimal("50000"),
        focus_areas=[current_focus_area(1)],
    )
    plan_services.plan_item_add(
        actor=programme_member,
        plan=plan,
        project=second,
        hours=50,
        amount=Decimal("20000"),
        focus_areas=[current_focus_area(2)],
    )
    plan_services.plan_item_add(actor=programme_member, plan=plan, activity="Kompetenceudvikling", hours=10)
    return plan


def ranked(plan):
    return [str(item.project or item.activity) for item in plan.items.order_by("rank")]


def test_it_start_rank_submit_approve_freezes_snapshot(draft, programme_member, steering_member, projects):
    first, second = projects
    item = draft.items.get(project=second)
    plan_services.plan_item_move(actor=programme_member, item=item, direction="up")
    assert [i.project_id for i in draft.items.order_by("rank")][:2] == [second.pk, first.pk]

    plan_services.annual_plan_submit(actor=programme_member, plan=draft)
    plan = plan_services.annual_plan_approve(actor=steering_member, plan=draft)
    assert plan.status == AnnualPlan.Status.APPROVED
    assert plan.approved_at is not None
    decision = plan.approval_decision
    assert decision.kind == Decision.Kind.PRIORITISATION
    assert decision.body == body("styregruppe")
    snapshot = plan.approved_snapshot["items"]
    assert [row["project_number"] for row in snapshot] == ["P-200", "P-100", ""]
    assert snapshot[1]["light"] == "yellow" and snapshot[1]["phase"] == Phase.EXECUTION
    assert snapshot[2]["activity"] == "Kompetenceudvikling"

    # Later changes to the projects do not change the approved plan.
    first.name = "Omdøbt"
    first.phase = Phase.REALISATION
    first.save()
    StatusReportFactory(project=first, overall="red")
    plan.refresh_from_db()
    items = plan_selectors.plan_items_for_display(plan)
    assert items[1]["project_name"] == "Digital post"
    assert items[1]["light"] == "yellow"
    assert items[1]["phase"] == Phase.EXECUTION


def test_it_send_back_needs_a_comment_and_allows_editing_again(draft, programme_member, steering_member):
    plan_services.annual_plan_submit(actor=programme_member, plan=draft)
    with pytest.raises(ValidationError):
        plan_services.annual_plan_send_back(actor=steering_member, plan=draft, comment="  ")
    plan = plan_services.annual_plan_send_back(
        actor=steering_member, plan=draft, comment="Prioritér digital post lavere"
    )
    assert plan.status == AnnualPlan.Status.SENT_BACK
    assert plan.review_comment == "Prioritér digital post lavere"
    plan_services.plan_item_add(actor=programme_member, plan=plan, activity="Ny aktivitet")
    plan_services.annual_plan_submit(actor=programme_member, plan=plan)


def test_it_submitted_plan_cannot_be_edited(draft, programme_member):
    plan_services.annual_plan_submit(actor=programme_member, plan=draft)
    with pytest.raises(ValidationError):
        plan_services.plan_item_add(actor=programme_member, plan=draft, activity="For sent")


def test_it_revision_is_version_two_and_both_stay_readable(draft, programme_member, steering_member, client):
    plan_services.annual_plan_submit(actor=programme_member, plan=draft)
    plan_services.annual_plan_approve(actor=steering_member, plan=draft)
    revision = plan_services.annual_plan_revise(actor=programme_member, plan=draft)
    assert (revision.version, revision.supersedes_id, revision.status) == (
        2,
        draft.pk,
        AnnualPlan.Status.DRAFT,
    )
    assert revision.items.count() == 3
    with pytest.raises(ValidationError):
        plan_services.annual_plan_revise(actor=programme_member, plan=draft)
    client.force_login(programme_member)
    assert client.get(reverse("governance:plan-version", args=[2027, 1])).status_code == 200
    response = client.get(reverse("governance:plan-detail", args=[2027]))
    assert response.context["plan"].version == 2


def test_it_one_plan_per_year_and_copying_the_current_plan(draft, programme_member, steering_member):
    with pytest.raises(ValidationError):
        plan_services.annual_plan_start(actor=programme_member, year=2027)
    plan_services.annual_plan_submit(actor=programme_member, plan=draft)
    plan_services.annual_plan_approve(actor=steering_member, plan=draft)
    plan = plan_services.annual_plan_start(actor=programme_member, year=2028, copy_from=draft)
    assert ranked(plan) == ranked(draft)


def test_it_wrong_persona_gets_403_and_nothing_changes(
    draft, programme_member, steering_member, reader, client
):
    year, version = draft.year, draft.version
    client.force_login(reader)
    assert client.get(reverse("governance:plan-detail", args=[year])).status_code == 200
    for name in ("plan-submit", "plan-approve", "plan-send-back", "plan-revise", "plan-item-add"):
        assert client.post(reverse(f"governance:{name}", args=[year, version])).status_code == 403
    item = draft.items.order_by("rank").last()
    assert (
        client.post(reverse("governance:plan-item-move", args=[item.pk]), {"direction": "up"}).status_code
        == 403
    )
    assert client.get(reverse("governance:plan-version-pdf", args=[year, version])).status_code == 403
    # The steering group does not draft; the programme group does not approve.
    client.force_login(steering_member)
    assert client.post(reverse("governance:plan-submit", args=[year, version])).status_code == 403
    client.force_login(programme_member)
    client.post(reverse("governance:plan-submit", args=[year, version]))
    assert client.post(reverse("governance:plan-approve", args=[year, version])).status_code == 403
    draft.refresh_from_db()
    assert draft.status == AnnualPlan.Status.SUBMITTED
    assert draft.approval_decision is None
    with pytest.raises(PermissionDenied):
        plan_services.annual_plan_approve(actor=programme_member, plan=draft)


def test_it_pages_walk_the_workflow(programme_member, steering_member, projects, client):
    first, _ = projects
    client.force_login(programme_member)
    assert client.get(reverse("governance:plan-list")).status_code == 200
    response = client.post(reverse("governance:plan-start"), {"year": "2027"})
    assert response.status_code == 302
    url = reverse("governance:plan-item-add", args=[2027, 1])
    area = current_focus_area(3)
    response = client.post(
        url,
        {
            "project": first.pk,
            "rationale": "Vigtig",
            "hours": "10",
            "amount": "1500",
            "focus_areas": [area.pk],
        },
    )
    assert response.status_code == 302
    client.post(url, {"activity": "Workshop", "hours": "5", "amount": "0"})
    plan = AnnualPlan.objects.get(year=2027)
    assert ranked(plan) == [str(first), "Workshop"]
    assert plan.items.get(project=first).amount == Decimal("1500")
    workshop = plan.items.get(activity="Workshop")
    # Without JavaScript: a redirect back to the plan; with htmx: the ranked list.
    response = client.post(reverse("governance:plan-item-move", args=[workshop.pk]), {"direction": "up"})
    assert response.status_code == 302
    assert ranked(plan) == ["Workshop", str(first)]
    response = client.post(
        reverse("governance:plan-item-move", args=[workshop.pk]),
        {"direction": "down"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert b'id="plan-items"' in response.content and b"<html" not in response.content
    assert ranked(plan) == [str(first), "Workshop"]
    assert client.post(reverse("governance:plan-submit", args=[2027, 1])).status_code == 302

    client.force_login(steering_member)
    page = client.get(reverse("governance:plan-detail", args=[2027]))
    assert "Godkend planen" in page.content.decode()
    response = client.post(reverse("governance:plan-approve", args=[2027, 1]), {"text": ""})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == AnnualPlan.Status.APPROVED
    page = client.get(reverse("governance:plan-detail", args=[2027])).content.decode()
    assert "Godkendt" in page and "Digital post" in page


def test_it_send_back_page_requires_a_comment(draft, programme_member, steering_member, client):
    plan_services.annual_plan_submit(actor=programme_member, plan=draft)
    client.force_login(steering_member)
    response = client.post(reverse("governance:plan-send-back", args=[2027, 1]), {"comment": ""})
    assert response.status_code == 400
    assert "Skriv, hvorfor planen sendes tilbage." in response.content.decode()
    response = client.post(
        reverse("governance:plan-send-back", args=[2027, 1]), {"comment": "Mere om KOMBIT"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == AnnualPlan.Status.SENT_BACK


def test_it_coverage_and_budget_warnings(draft, programme_member):
    plan_services.annual_plan_update(
        actor=programme_member, plan=draft, budget_frame="60000", hours_frame=500
    )
    draft.refresh_from_db()
    overview = plan_selectors.plan_overview(draft, plan_selectors.plan_items_for_display(draft))
    assert overview["total_amount"] == Decimal("70000")
    assert overview["total_hours"] == 160
    assert any(w.startswith("Budgetrammen er overskredet med 10.000 kr.") for w in overview["warnings"])
    assert not any(w.startswith("Timerammen") for w in overview["warnings"])
    empty = [w for w in overview["warnings"] if w.startswith("Fokusområde")]
    assert len(empty) == 4  # six focus areas, two covered
    counts = {row["area"].number: row["count"] for row in overview["coverage"]}
    assert counts[1] == 1 and counts[2] == 1 and counts[3] == 0


def test_it_bad_input_gets_danish_messages_never_500(draft, programme_member, projects, client):
    client.force_login(programme_member)
    add = reverse("governance:plan-item-add", args=[2027, 1])
    cases = [
        {"hours": "mange", "activity": "x"},
        {"amount": "-5", "activity": "x"},
        {"amount": "1e400", "activity": "x"},
        {"project": "999999"},
        {"focus_areas": ["abc"], "activity": "x"},
        {},
        {"project": projects[0].pk},  # already in the plan
        {"activity": "x" * 300},
    ]
    for data in cases:
        response = client.post(add, data)
        assert response.status_code == 400, data
    assert draft.items.count() == 3
    assert client.post(reverse("governance:plan-start"), {"year": "abc"}).status_code == 400
    assert client.post(reverse("governance:plan-start"), {"year": "2027"}).status_code == 400
    assert (
        "Der findes allerede"
        in client.post(reverse("governance:plan-start"), {"year": "2027"}).content.decode()
    )
    item = draft.items.first()
    response = client.post(reverse("governance:plan-item-move", args=[item.pk]), {"direction": "sideways"})
    assert response.status_code == 302
    settings_url = reverse("governance:plan-settings", args=[2027, 1])
    assert client.post(settings_url, {"budget_frame": "tusind"}).status_code == 400
    assert client.get(reverse("governance:plan-detail", args=[1999])).status_code == 404
    # An empty plan cannot be submitted.
    empty = plan_services.annual_plan_start(actor=programme_member, year=2030)
    response = client.post(reverse("governance:plan-submit", args=[empty.year, 1]))
    assert response.status_code == 400
    assert "ingen punkter" in response.content.decode()


def test_it_item_edit_and_remove(draft, programme_member, client):
    client.force_login(programme_member)
    item = draft.items.get(activity="Kompetenceudvikling")
    url = reverse("governance:plan-item-edit", args=[item.pk])
    assert client.get(url).status_code == 200
    version = scope_token(plan_services.plan_item_scope(item))
    response = client.post(
        url, {"activity": "Kompetenceløft", "hours": "20", "amount": "0", "version": version}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.activity, item.hours) == ("Kompetenceløft", 20)
    top = draft.items.order_by("rank").first()
    assert client.post(reverse("governance:plan-item-remove", args=[top.pk])).status_code == 302
    assert list(draft.items.order_by("rank").values_list("rank", flat=True)) == [1, 2]


def test_it_history_records_who_changed_what(draft, programme_member, steering_member, client):
    plan_services.annual_plan_submit(actor=programme_member, plan=draft)
    plan_services.annual_plan_approve(actor=steering_member, plan=draft)
    users = set(draft.history.values_list("history_user__username", flat=True))
    assert {"programgruppe-medlem", "styregruppe-medlem"} <= users
    assert AnnualPlanItem.history.filter(plan_id=draft.pk, history_user=programme_member).count() >= 3
    client.force_login(UserFactory())
    page = client.get(reverse("governance:plan-detail", args=[2027])).content.decode()
    assert "Ændringshistorik" in page
    assert "Ændringer af punkterne" in page
    assert str(steering_member) in page and str(programme_member) in page

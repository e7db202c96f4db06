"""Writes of the annual indsatsplan (issue 7).

One plan per year, in versions: version 1 is started as a draft (optionally with the current plan's
items), the programme group ranks its projects and activities and submits it; the steering group
approves it (a prioritisation decision of the steering group, kept as approval_decision) or sends it
back with a comment. Approval freezes a snapshot of every item (rank, project, phase and latest light at
that moment, rationale, resources, focus areas). A revision during the year is version N+1, which
supersedes the approved one; both stay readable. Every write records its actor in the history.
The PDF and its Celery job: governance/plans/pdf.py and governance/plans/pdf_job.py."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from governance.bodies.selectors import steering_group
from governance.decisions.services import DECISION_TEXT_MAX_CHARS, decision_note
from governance.models import AnnualPlan, AnnualPlanItem, Decision
from governance.permissions import can_approve_plan, can_edit_plan, is_own_plan
from governance.plans.selectors import plan_snapshot
from portfolio import stale
from portfolio.history import delete_with_history, save_with_history

OWN_PLAN_MESSAGE = (
    "Du har selv udarbejdet eller indsendt indsatsplanen og kan derfor ikke godkende eller sende den "
    "tilbage. Det gør styregruppens formand eller et andet medlem."
)

PLAN_YEAR_MIN = 2000
PLAN_YEAR_MAX = 2100
PLAN_AMOUNT_MAX = Decimal("999999999999")
PLAN_HOURS_MAX = 10_000_000
PLAN_EDITABLE = (AnnualPlan.Status.DRAFT, AnnualPlan.Status.SENT_BACK)


def _plan_require_editor(actor) -> None:
    if actor is None or not can_edit_plan(actor):
        raise PermissionDenied


def _plan_locked(plan: AnnualPlan) -> AnnualPlan:
    plan = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
    return plan


def _plan_require_editable(plan: AnnualPlan) -> None:
    if plan.status not in PLAN_EDITABLE:
        raise ValidationError(
            f"Indsatsplanen er {plan.get_status_display().lower()} og kan ikke ændres. "
            "Kun en kladde eller en plan, der er sendt tilbage, kan ændres."
        )


def _plan_copy_items(*, actor, source: AnnualPlan, target: AnnualPlan) -> None:
    for item in source.items.prefetch_related("focus_areas").order_by("rank", "pk"):
        if item.project_id is not None and item.project.archived:
            continue
        areas = list(item.focus_areas.all())
        copy = AnnualPlanItem(
            plan=target,
            rank=target.items.count() + 1,
            project_id=item.project_id,
            activity=item.activity,
            rationale=item.rationale,
            hours=item.hours,
            amount=item.amount,
        )
        save_with_history(copy, actor=actor, clean=True)
        copy.focus_areas.set(areas)


@transaction.atomic
def annual_plan_start(*, actor, year, copy_from: AnnualPlan | None = None) -> AnnualPlan:
    """Start the draft of `year` (version 1). With `copy_from`, its items, frames and introduction
    are copied in their order. One plan per year: a year that has a plan gets no second version 1."""
    _plan_require_editor(actor)
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError({"year": "Angiv året som et tal, fx 2027."}) from None
    if not PLAN_YEAR_MIN <= year <= PLAN_YEAR_MAX:
        raise ValidationError({"year": f"Året skal ligge mellem {PLAN_YEAR_MIN} og {PLAN_YEAR_MAX}."})
    exists = ValidationError({"year": f"Der findes allerede en indsatsplan for {year}."})
    if AnnualPlan.objects.filter(year=year).exists():
        raise exists
    plan = AnnualPlan(year=year, version=1, title=f"Indsatsplan {year}", created_by=actor)
    if copy_from is not None:
        plan.introduction = copy_from.introduction
        plan.budget_frame = copy_from.budget_frame
        plan.hours_frame = copy_from.hours_frame
    # There is no row to lock before the year's first plan exists: the unique (year, version) decides.
    # A concurrent start of the same year waits on that index and loses here, in its own savepoint.
    plan.full_clean(exclude=["year"])  # the year is checked above; its uniqueness is the index's, below
    try:
        with transaction.atomic():
            save_with_history(plan, actor=actor)
    except IntegrityError:
        raise exists from None
    if copy_from is not None:
        _plan_copy_items(actor=actor, source=copy_from, target=plan)
    return plan


@transaction.atomic
def annual_plan_revise(*, actor, plan: AnnualPlan) -> AnnualPlan:
    """A revision during the year: version N+1 of an approved plan, a draft with its items, which
    supersedes it. The approved version stays as it was."""
    _plan_require_editor(actor)
    plan = _plan_locked(plan)
    if plan.status != AnnualPlan.Status.APPROVED:
        raise ValidationError("Kun en godkendt indsatsplan kan revideres.")
    if AnnualPlan.objects.filter(year=plan.year, version__gt=plan.version).exists():
        raise ValidationError("Der findes allerede en nyere version af indsatsplanen.")
    revision = AnnualPlan(
        year=plan.year,
        version=plan.version + 1,
        title=plan.title,
        introduction=plan.introduction,
        budget_frame=plan.budget_frame,
        hours_frame=plan.hours_frame,
        supersedes=plan,
        created_by=actor,
    )
    save_with_history(revision, actor=actor, clean=True)
    _plan_copy_items(actor=actor, source=plan, target=revision)
    return revision


def _plan_amount(value, field="amount", *, allow_none=False):
    if value in (None, "") and allow_none:
        return None
    try:
        amount = Decimal(str(value if value not in (None, "") else 0))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({field: "Angiv beløbet i kroner."}) from None
    if not amount.is_finite() or amount < 0:
        raise ValidationError({field: "Beløbet kan ikke være negativt."})
    if amount > PLAN_AMOUNT_MAX:
        raise ValidationError({field: "Beløbet er for stort."})
    return amount.quantize(Decimal("0.01"))


def _plan_hours(value, field="hours", *, allow_none=False):
    if value in (None, "") and allow_none:
        return None
    try:
        hours = int(value if value not in (None, "") else 0)
    except (TypeError, ValueError):
        raise ValidationError({field: "Angiv timerne som et helt tal."}) from None
    if hours < 0:
        raise ValidationError({field: "Timerne kan ikke være negative."})
    if hours > PLAN_HOURS_MAX:
        raise ValidationError({field: "Timetallet er for stort."})
    return hours


def annual_plan_scope(plan: AnnualPlan) -> stale.Scope:
    return stale.of(plan, ("title", "introduction", "budget_frame", "hours_frame"))


@transaction.atomic
def annual_plan_update(
    *,
    actor,
    plan: AnnualPlan,
    title: str = "",
    introduction: str = "",
    budget_frame=None,
    hours_frame=None,
    version=None,
) -> AnnualPlan:
    _plan_require_editor(actor)
    stale.check(annual_plan_scope(plan), version)
    plan = _plan_locked(plan)
    _plan_require_editable(plan)
    plan.title = (title or "").strip() or f"Indsatsplan {plan.year}"
    plan.introduction = (introduction or "").strip()
    plan.budget_frame = _plan_amount(budget_frame, "budget_frame", allow_none=True)
    plan.hours_frame = _plan_hours(hours_frame, "hours_frame", allow_none=True)
    return save_with_history(plan, actor=actor, clean=True)


def _plan_item_fields(*, item: AnnualPlanItem, project, activity, rationale, hours, amount) -> None:
    activity = (activity or "").strip()
    if project is None and not activity:
        raise ValidationError({"project": "Vælg et projekt eller skriv en aktivitet."})
    if project is not None and activity:
        raise ValidationError({"activity": "Vælg enten et projekt eller en aktivitet, ikke begge."})
    if project is not None:
        if project.archived:
            raise ValidationError({"project": "Projektet er arkiveret."})
        duplicate = AnnualPlanItem.objects.filter(plan_id=item.plan_id, project=project).exclude(pk=item.pk)
        if duplicate.exists():
            raise ValidationError({"project": f"{project} står allerede i planen."})
    item.project = project
    item.activity = activity
    item.rationale = (rationale or "").strip()
    item.hours = _plan_hours(hours)
    item.amount = _plan_amount(amount)


@transaction.atomic
def plan_item_add(
    *, actor, plan: AnnualPlan, project=None, activity="", rationale="", hours=0, amount=0, focus_areas=()
) -> AnnualPlanItem:
    """Add a project or an activity at the bottom of the ranking."""
    _plan_require_editor(actor)
    plan = _plan_locked(plan)
    _plan_require_editable(plan)
    top = plan.items.aggregate(top=Max("rank"))["top"] or 0
    item = AnnualPlanItem(plan=plan, rank=top + 1)
    _plan_item_fields(
        item=item, project=project, activity=activity, rationale=rationale, hours=hours, amount=amount
    )
    save_with_history(item, actor=actor, clean=True)
    item.focus_areas.set(list(focus_areas))
    return item


def plan_item_scope(item: AnnualPlanItem) -> stale.Scope:
    return stale.of(item, ("project", "activity", "rationale", "hours", "amount", "focus_areas"))


@transaction.atomic
def plan_item_update(
    *,
    actor,
    item: AnnualPlanItem,
    project=None,
    activity="",
    rationale="",
    hours=0,
    amount=0,
    focus_areas=(),
    version=None,
) -> AnnualPlanItem:
    _plan_require_editor(actor)
    stale.check(plan_item_scope(item), version)
    plan = _plan_locked(item.plan)
    _plan_require_editable(plan)
    item = AnnualPlanItem.objects.get(pk=item.pk)
    _plan_item_fields(
        item=item, project=project, activity=activity, rationale=rationale, hours=hours, amount=amount
    )
    save_with_history(item, actor=actor, clean=True)
    item.focus_areas.set(list(focus_areas))
    return item


@transaction.atomic
def plan_item_remove(*, actor, item: AnnualPlanItem) -> AnnualPlan:
    """Take an item out of a draft; the items below it move up one place."""
    _plan_require_editor(actor)
    plan = _plan_locked(item.plan)
    _plan_require_editable(plan)
    item = AnnualPlanItem.objects.get(pk=item.pk)
    delete_with_history(item, actor=actor)
    for rank, below in enumerate(plan.items.order_by("rank", "pk"), start=1):
        if below.rank != rank:
            below.rank = rank
            save_with_history(below, actor=actor, update_fields=["rank"])
    return plan


@transaction.atomic
def plan_item_move(*, actor, item: AnnualPlanItem, direction: str) -> AnnualPlanItem:
    """Swap the item with its neighbour above ("up") or below ("down"); at either end nothing moves."""
    _plan_require_editor(actor)
    if direction not in ("up", "down"):
        raise ValidationError("Ukendt retning: vælg op eller ned.")
    plan = _plan_locked(item.plan)
    _plan_require_editable(plan)
    item = AnnualPlanItem.objects.get(pk=item.pk)
    siblings = plan.items.all()
    if direction == "up":
        neighbour = siblings.filter(rank__lt=item.rank).order_by("-rank", "-pk").first()
    else:
        neighbour = siblings.filter(rank__gt=item.rank).order_by("rank", "pk").first()
    if neighbour is None:
        return item
    item.rank, neighbour.rank = neighbour.rank, item.rank
    for row in (item, neighbour):
        save_with_history(row, actor=actor, update_fields=["rank"])
    return item


@transaction.atomic
def annual_plan_submit(*, actor, plan: AnnualPlan) -> AnnualPlan:
    _plan_require_editor(actor)
    plan = _plan_locked(plan)
    _plan_require_editable(plan)
    if not plan.items.exists():
        raise ValidationError("Indsatsplanen har ingen punkter. Tilføj projekter eller aktiviteter først.")
    plan.status = AnnualPlan.Status.SUBMITTED
    return save_with_history(plan, actor=actor, clean=True)


@transaction.atomic
def annual_plan_send_back(*, actor, plan: AnnualPlan, comment: str) -> AnnualPlan:
    if actor is None or not can_approve_plan(actor):
        raise PermissionDenied
    if is_own_plan(actor, plan):
        raise PermissionDenied(OWN_PLAN_MESSAGE)
    plan = _plan_locked(plan)
    if plan.status != AnnualPlan.Status.SUBMITTED:
        raise ValidationError("Kun en indsatsplan, der er sendt til godkendelse, kan sendes tilbage.")
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": "Skriv, hvorfor planen sendes tilbage."})
    if len(comment) > DECISION_TEXT_MAX_CHARS:
        raise ValidationError({"comment": "Bemærkningen er for lang."})
    plan.status = AnnualPlan.Status.SENT_BACK
    plan.review_comment = comment
    return save_with_history(plan, actor=actor, clean=True)


@transaction.atomic
def annual_plan_approve(*, actor, plan: AnnualPlan, text: str = "") -> AnnualPlan:
    """The steering group approves a submitted plan: a prioritisation decision of the steering group,
    the approval time and a frozen snapshot of the items."""
    if actor is None or not can_approve_plan(actor):
        raise PermissionDenied
    if is_own_plan(actor, plan):
        raise PermissionDenied(OWN_PLAN_MESSAGE)
    plan = _plan_locked(plan)
    if plan.status != AnnualPlan.Status.SUBMITTED:
        raise ValidationError("Kun en indsatsplan, der er sendt til godkendelse, kan godkendes.")
    body = steering_group()
    if body is None:
        raise ValidationError("Der er ingen styregruppe, der kan godkende.")
    text = (text or "").strip() or (
        f"Styregruppen godkender indsatsplanen for {plan.year} (version {plan.version}) "
        f"med {plan.items.count()} prioriterede punkter."
    )
    decision = decision_note(
        actor=actor, body=body, kind=Decision.Kind.PRIORITISATION, text=text, decided_on=timezone.localdate()
    )
    plan.status = AnnualPlan.Status.APPROVED
    plan.approval_decision = decision
    plan.approved_at = timezone.now()
    plan.approved_snapshot = plan_snapshot(plan)
    plan.review_comment = ""
    return save_with_history(plan, actor=actor, clean=True)

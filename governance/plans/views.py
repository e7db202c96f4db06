"""The annual indsatsplan: one plan per year in versions, drafted and ranked by the programme group,
approved or sent back by the steering group, read by everyone. The PDF export's views are in
pdf_views.py."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import replace_url

from governance.capacity.selectors import plan_capacity_warnings
from governance.models import AnnualPlan, AnnualPlanItem
from governance.permissions import can_approve_plan, can_edit_plan, can_export_plan, is_own_plan
from governance.plans import pdf_job, selectors, services
from governance.plans.forms import (
    PlanApproveForm,
    PlanItemForm,
    PlanSendBackForm,
    PlanSettingsForm,
    PlanStartForm,
)
from governance.plans.pdf import fits_in_request
from portfolio.forms import REFUSED, form_add_service_errors, form_service
from portfolio.history import history_entries


def _plan(year, version=None) -> AnnualPlan:
    queryset = AnnualPlan.objects.select_related(
        "approval_decision__body", "supersedes", "created_by"
    ).filter(year=year)
    if version is None:
        plan = queryset.order_by("-version").first()
        if plan is None:
            raise AnnualPlan.DoesNotExist
        return plan
    return get_object_or_404(queryset, version=version)


def _plan_or_404(year, version=None) -> AnnualPlan:
    try:
        return _plan(year, version)
    except AnnualPlan.DoesNotExist:
        raise Http404("Der er ingen indsatsplan for det år.") from None


def _plan_url(plan: AnnualPlan, anchor: str = "", page: int = 1) -> str:
    url = reverse("governance:plan-version", args=[plan.year, plan.version])
    url += f"?page={page}" if page > 1 else ""
    return f"{url}#{anchor}" if anchor else url


def _current_plan() -> AnnualPlan | None:
    """The newest approved plan: what a new year's draft copies."""
    return AnnualPlan.objects.filter(status=AnnualPlan.Status.APPROVED).order_by("-year", "-version").first()


def _plans_by_year() -> list[tuple[int, list[AnnualPlan]]]:
    years = {}
    for plan in AnnualPlan.objects.select_related("approval_decision").order_by("-year", "-version"):
        years.setdefault(plan.year, []).append(plan)
    return sorted(years.items(), reverse=True)


@require_safe
def plan_list(request):
    years = _plans_by_year()
    may_edit = can_edit_plan(request.user)
    context = {"years": years, "may_edit": may_edit, "current": _current_plan()}
    if may_edit:
        next_year = (years[0][0] + 1) if years else timezone.localdate().year + 1
        context["start_form"] = PlanStartForm(initial={"year": next_year, "copy_current": True})
    return render(request, "governance/plan_list.html", context)


@require_POST
def plan_start(request):
    if not can_edit_plan(request.user):
        raise PermissionDenied
    form = PlanStartForm(request.POST)
    plan = form_service(
        form,
        lambda data: services.annual_plan_start(
            actor=request.user, year=data["year"], copy_from=_current_plan() if data["copy_current"] else None
        ),
    )
    if plan is not REFUSED:
        messages.success(request, f"Kladden til indsatsplanen for {plan.year} er oprettet.")
        return redirect(_plan_url(plan))
    context = {"years": _plans_by_year(), "may_edit": True, "current": _current_plan(), "start_form": form}
    return render(request, "governance/plan_list.html", context, status=400)


def _detail(request, plan: AnnualPlan, *, status=200, page_number=None, **forms):
    """The plan's page; `page_number` is the page of the ranking shown (default: the request's ?page=)."""
    user = request.user
    editable = plan.status in services.PLAN_EDITABLE
    may_edit = can_edit_plan(user) and editable
    newer = AnnualPlan.objects.filter(year=plan.year, version__gt=plan.version).exists()
    items = selectors.plan_items_for_display(plan)
    overview = selectors.plan_overview(plan, items)
    page = selectors.plan_items_page(items, page_number or request.GET.get("page"))
    context = {
        "plan": plan,
        "items": page.object_list,
        "page": page,
        "overview": overview,
        "capacity_warnings": plan_capacity_warnings(plan),
        "versions": selectors.plan_versions(plan.year),
        "newer": newer,
        "may_edit": may_edit,
        "may_submit": may_edit,
        "may_review": can_approve_plan(user, plan) and plan.status == AnnualPlan.Status.SUBMITTED,
        "own_plan": (
            plan.status == AnnualPlan.Status.SUBMITTED and can_approve_plan(user) and is_own_plan(user, plan)
        ),
        "may_revise": can_edit_plan(user) and plan.status == AnnualPlan.Status.APPROVED and not newer,
        "may_export": can_export_plan(user),
        **_pdf_status_context(
            request, plan, selectors.PlanPdfData(plan=plan, items=items, overview=overview)
        ),
        "history": history_entries(plan.history.all()),
        "item_history": selectors.plan_item_history(plan),
    }
    if may_edit:
        context["settings_form"] = forms.get("settings_form") or PlanSettingsForm(
            stale_scope=services.annual_plan_scope(plan),
            initial={
                "title": plan.title,
                "introduction": plan.introduction,
                "budget_frame": plan.budget_frame,
                "hours_frame": plan.hours_frame,
            },
        )
        context["item_form"] = forms.get("item_form") or PlanItemForm()
    if context["may_review"]:
        context["approve_form"] = forms.get("approve_form") or PlanApproveForm()
        context["send_back_form"] = forms.get("send_back_form") or PlanSendBackForm()
    # A form the page no longer shows (someone submitted, approved or sent back the plan meanwhile)
    # still says why it was refused: its messages go to the top of the page.
    shown = {"settings_form", "item_form"} if may_edit else set()
    shown |= {"approve_form", "send_back_form"} if context["may_review"] else set()
    for name, form in forms.items():
        if name not in shown and hasattr(form, "errors"):
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
    template = (
        "governance/plan_items.html"
        if request.htmx and forms.get("partial")
        else "governance/plan_detail.html"
    )
    return render(request, template, context, status=status)


@require_safe
def plan_detail(request, year):
    return _detail(request, _plan_or_404(year))


@require_safe
def plan_version(request, year, version):
    return _detail(request, _plan_or_404(year, version))


def _editor_plan(request, year, version) -> AnnualPlan:
    if not can_edit_plan(request.user):
        raise PermissionDenied
    return _plan_or_404(year, version)


def _service(request, plan, call, success, *, form_name=None, form=None, anchor="", page_of=None):
    """Run a service (with a form, once the form is valid); a form that is not valid, or a Danish
    ValidationError, shows the plan again with the messages (400). Done, it redirects to the plan, on
    the page of its ranking that `page_of(the service's result)` names (default: the first)."""
    if form is not None and not form.is_valid():
        return _detail(request, plan, status=400, **{form_name: form})
    try:
        result = call()
    except ValidationError as error:
        if form is not None:
            form_add_service_errors(form, error)
            return _detail(request, _plan_or_404(plan.year, plan.version), status=400, **{form_name: form})
        for text in error.messages:
            messages.error(request, text)
        return _detail(request, _plan_or_404(plan.year, plan.version), status=400)
    messages.success(request, success)
    return redirect(_plan_url(plan, anchor, page_of(result) if page_of else 1))


@require_POST
def plan_settings(request, year, version):
    plan = _editor_plan(request, year, version)
    form = PlanSettingsForm(request.POST, stale_scope=services.annual_plan_scope(plan))
    return _service(
        request,
        plan,
        lambda: services.annual_plan_update(actor=request.user, plan=plan, **form.cleaned_data),
        "Planens oplysninger er gemt.",
        form_name="settings_form",
        form=form,
        anchor="oplysninger",
    )


@require_POST
def plan_item_add(request, year, version):
    plan = _editor_plan(request, year, version)
    form = PlanItemForm(request.POST)
    return _service(
        request,
        plan,
        lambda: services.plan_item_add(actor=request.user, plan=plan, **form.edited_data()),
        "Punktet er tilføjet nederst i prioriteringen.",
        form_name="item_form",
        form=form,
        anchor="punkter",
        page_of=selectors.plan_item_page_number,
    )


def _editor_item(request, pk) -> AnnualPlanItem:
    if not can_edit_plan(request.user):
        raise PermissionDenied
    return get_object_or_404(AnnualPlanItem.objects.select_related("plan", "project"), pk=pk)


@require_http_methods(["GET", "HEAD", "POST"])
def plan_item_edit(request, pk):
    item = _editor_item(request, pk)
    plan = item.plan
    if plan.status not in services.PLAN_EDITABLE:
        messages.error(request, "Indsatsplanen kan ikke ændres i sin nuværende status.")
        return redirect(_plan_url(plan))
    if request.method == "POST":
        form = PlanItemForm(request.POST, stale_scope=services.plan_item_scope(item))
        saved = form_service(
            form, lambda data: services.plan_item_update(actor=request.user, item=item, **data)
        )
        if saved is not REFUSED:
            messages.success(request, "Punktet er gemt.")
            return redirect(_plan_url(plan, "punkter", selectors.plan_item_page_number(saved)))
        status = 400
    else:
        form = PlanItemForm(
            stale_scope=services.plan_item_scope(item),
            initial={
                "project": item.project_id,
                "activity": item.activity,
                "rationale": item.rationale,
                "hours": item.hours,
                "amount": item.amount,
                "focus_areas": list(item.focus_areas.values_list("pk", flat=True)),
            },
        )
        status = 200
    return render(
        request, "governance/plan_item_form.html", {"form": form, "item": item, "plan": plan}, status=status
    )


@require_POST
def plan_item_move(request, pk):
    item = _editor_item(request, pk)
    plan = item.plan
    direction = request.POST.get("direction", "")
    try:
        item = services.plan_item_move(actor=request.user, item=item, direction=direction)
    except ValidationError as error:
        if request.htmx:
            return HttpResponse(" ".join(error.messages), status=400)
        for text in error.messages:
            messages.error(request, text)
        return redirect(_plan_url(plan, "punkter", selectors.plan_item_page_number(item)))
    # The page of the ranking the item stands on now (a move can cross to the next or previous page).
    page = selectors.plan_item_page_number(item)
    if request.htmx:
        response = _detail(request, _plan_or_404(plan.year, plan.version), partial=True, page_number=page)
        # The address names the page shown, so a reload shows the item where it went.
        return replace_url(response, _plan_url(plan, page=page))
    return redirect(_plan_url(plan, f"punkt-{item.pk}", page))


@require_POST
def plan_item_remove(request, pk):
    item = _editor_item(request, pk)
    plan = item.plan
    # The page it was on: the items below it move up into its place.
    page = selectors.plan_item_page_number(item)
    return _service(
        request,
        plan,
        lambda: services.plan_item_remove(actor=request.user, item=item),
        "Punktet er fjernet fra planen.",
        anchor="punkter",
        page_of=lambda _plan: page,
    )


@require_POST
def plan_submit(request, year, version):
    plan = _editor_plan(request, year, version)
    return _service(
        request,
        plan,
        lambda: services.annual_plan_submit(actor=request.user, plan=plan),
        "Indsatsplanen er sendt til godkendelse i styregruppen.",
    )


def _reviewer_plan(request, year, version) -> AnnualPlan:
    # Plans are public inside the organisation: a missing one is a 404 for anyone.
    plan = _plan_or_404(year, version)
    if not can_approve_plan(request.user):
        raise PermissionDenied
    if is_own_plan(request.user, plan):
        raise PermissionDenied(services.OWN_PLAN_MESSAGE)
    return plan


@require_POST
def plan_approve(request, year, version):
    plan = _reviewer_plan(request, year, version)
    form = PlanApproveForm(request.POST)
    return _service(
        request,
        plan,
        lambda: services.annual_plan_approve(actor=request.user, plan=plan, text=form.cleaned_data["text"]),
        "Indsatsplanen er godkendt, og beslutningen er ført i beslutningsloggen.",
        form_name="approve_form",
        form=form,
    )


@require_POST
def plan_send_back(request, year, version):
    plan = _reviewer_plan(request, year, version)
    form = PlanSendBackForm(request.POST)
    return _service(
        request,
        plan,
        lambda: services.annual_plan_send_back(
            actor=request.user, plan=plan, comment=form.cleaned_data["comment"]
        ),
        "Indsatsplanen er sendt tilbage til programgruppen.",
        form_name="send_back_form",
        form=form,
    )


@require_POST
def plan_revise(request, year, version):
    plan = _editor_plan(request, year, version)
    try:
        revision = services.annual_plan_revise(actor=request.user, plan=plan)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return _detail(request, plan, status=400)
    messages.success(
        request, f"Version {revision.version} er oprettet som kladde. Den godkendte version gælder fortsat."
    )
    return redirect(_plan_url(revision))


def _pdf_status_context(request, plan: AnnualPlan, data: selectors.PlanPdfData | None = None) -> dict:
    """The PDF's state and its one action: the download when it gives the plan as it is now (a stored file
    that shows it, or a plan small enough to print inside the request), otherwise "Dan PDF" (Celery), and
    neither while a PDF is being made. `data` is the plan's printed data when the caller has it."""
    if not can_export_plan(request.user):
        return {"pdf_job": None, "pdf_in_progress": False, "pdf_is_current": False}
    job = pdf_job.plan_pdf_state(plan)
    in_progress = pdf_job.plan_pdf_in_progress(job)
    current = pdf_job.plan_pdf_is_fresh(plan)
    downloads_now = current or fits_in_request(data if data is not None else selectors.plan_pdf_data(plan))
    return {
        "pdf_job": job,
        "pdf_in_progress": in_progress,
        "pdf_is_current": current,
        "pdf_downloads_now": downloads_now and not in_progress,
        "pdf_offers_generate": not downloads_now and not in_progress,
    }

"""The decision log, a decision's page with its escalation trail, recording decisions at a meeting,
escalating, and the Beslutninger page (escalations and open actions awaiting a body)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.core.validators import slug_re
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from governance.bodies import selectors as body_selectors
from governance.decisions import selectors, services
from governance.decisions.forms import DecisionFilterForm, DecisionForm, EscalateForm, EscalationAnswerForm
from governance.decisions.services import OWN_ESCALATION_MESSAGE
from governance.models import ActionItem, Body, Decision, Meeting
from governance.permissions import can_decide_for, can_open_decision_form, is_own_escalation
from portfolio.forms import REFUSED, form_service
from portfolio.history import history_entries
from portfolio.models import Phase
from portfolio.views.lists import query_string

DECISIONS_PER_PAGE = 50


@require_safe
def decision_list(request):
    form = DecisionFilterForm(request.GET or None)
    decisions = selectors.decision_log()
    if form.is_bound and not form.is_valid():
        decisions = decisions.none()
    elif form.is_bound:
        decisions = selectors.decisions_filtered(decisions, **form.cleaned_data)
    page = Paginator(decisions.order_by("-decided_on", "-pk"), DECISIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    # The filters without the page, for the pager's links (which add "?" and "page=" themselves).
    filters = query_string(request, page=None).removeprefix("?")
    return render(
        request,
        "governance/decision_list.html",
        {"form": form, "page": page, "decisions": page.object_list, "query_string": filters},
    )


def _awaiting_body(request) -> Body:
    slug = request.GET.get("body", "")
    if slug:
        # Only a slug names a body; anything else names none (and a NUL byte would make PostgreSQL
        # refuse the query outright: a 500 instead of a 404).
        if not slug_re.match(slug):
            raise Http404("Der er intet organ med det kortnavn.")
        return get_object_or_404(Body, slug=slug[:60], archived=False)
    body = body_selectors.steering_group()
    if body is None:
        raise PermissionDenied
    return body


@require_safe
def decisions_awaiting(request):
    """ "Beslutninger": escalations awaiting a body (the steering group unless ?body=<slug>), and every
    open action across bodies, overdue first."""
    body = _awaiting_body(request)
    today = timezone.localdate()
    escalations = list(
        selectors.escalations_awaiting(body)
        .select_related("body", "meeting", "project", "requested_in__period", "escalated_from__body")
        .order_by("decided_on", "pk")
    )
    actions = list(
        ActionItem.objects.filter(done_on__isnull=True)
        .select_related("meeting__body", "owner", "agenda_item__project")
        .order_by("due_date", "pk")
    )
    for action in actions:
        action.overdue = action.due_date < today
    # Where each escalation is on the agenda: the body's next planned meeting, if any.
    next_meeting = (
        Meeting.objects.filter(body=body, cancelled=False, date__gte=today).order_by("date", "pk").first()
    )
    return render(
        request,
        "governance/decision_awaiting.html",
        {
            "body": body,
            "bodies": Body.objects.filter(archived=False, escalations_from__isnull=False).distinct(),
            "escalations": escalations,
            "actions": actions,
            "overdue_count": sum(1 for action in actions if action.overdue),
            "next_meeting": next_meeting,
            "today": today,
            "can_decide": can_decide_for(request.user, body),
        },
    )


def _decision(pk) -> Decision:
    queryset = Decision.objects.select_related(
        "body__escalates_to",
        "meeting",
        "agenda_item",
        "project",
        "requested_in__period",
        "requested_in__project",
        "recorded_by",
    )
    return get_object_or_404(queryset, pk=pk)


def _detail_context(request, decision, *, answer_form=None, escalate_form=None) -> dict:
    target = decision.body.escalates_to if decision.kind == Decision.Kind.ESCALATION else None
    answers = list(decision.escalations.select_related("body"))
    awaiting = target is not None and not answers
    own = awaiting and is_own_escalation(request.user, decision)
    may_answer = awaiting and not own and can_decide_for(request.user, target, project=decision.project)
    context = {
        "decision": decision,
        "trail": selectors.decision_trail(decision),
        "answers": answers,
        "target": target,
        "awaiting": awaiting,
        "may_answer": may_answer,
        "own_escalation": own,
        "may_escalate": may_answer and target.escalates_to_id is not None,
        "history": history_entries(decision.history.all()),
    }
    if may_answer:
        context["answer_form"] = answer_form or EscalationAnswerForm(body=target)
        context["escalate_form"] = escalate_form or EscalateForm()
    else:
        # Answered (or passed on) by someone else meanwhile: the forms are gone, their refusal is not.
        forms = [form for form in (answer_form, escalate_form) if form is not None]
        context["refusals"] = [error for form in forms for error in form.non_field_errors()]
    return context


@require_safe
def decision_detail(request, pk):
    decision = _decision(pk)
    return render(request, "governance/decision_detail.html", _detail_context(request, decision))


def gate_mandates() -> list[dict]:
    """services.PHASE_GATE_MANDATES, readable: who passes which gate."""
    return [
        {"from": Phase(start).label, "to": Phase(end).label, "body": Body.Kind(kind).label}
        for (start, end), kind in services.PHASE_GATE_MANDATES.items()
    ]


def _meeting_url(meeting) -> str:
    try:
        return reverse("governance:meeting-detail", args=[meeting.pk])
    except NoReverseMatch:
        return reverse("governance:decision-record", args=[meeting.pk])


@require_http_methods(["GET", "HEAD", "POST"])
def decision_record(request, meeting_pk):
    """GET: a form to record a decision of the meeting's body; POST (also from the meeting's page):
    record it. `next` (a local URL) is where to go afterwards; by default the decision's page."""
    meeting = get_object_or_404(Meeting.objects.select_related("body__escalates_to"), pk=meeting_pk)
    if not can_open_decision_form(request.user, meeting.body):
        raise PermissionDenied
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    if request.method == "POST":
        form = DecisionForm(request.POST, meeting=meeting)
        decision = form_service(
            form,
            lambda data: services.decision_record(
                actor=request.user,
                meeting=meeting,
                agenda_item=data["agenda_item"],
                text=data["text"],
                kind=data["kind"],
                project=data["project"],
                from_phase=data["from_phase"],
                to_phase=data["to_phase"],
                escalated_from=data["escalated_from"],
                submit_token=data["submit_token"],
            ),
        )
        if decision is not REFUSED:
            messages.success(request, _recorded_message(decision))
            return redirect(next_url or reverse("governance:decision-detail", args=[decision.pk]))
    else:
        initial = {}
        if (item := request.GET.get("agenda_item", "")).isdigit():
            initial["agenda_item"] = item
        form = DecisionForm(initial=initial, meeting=meeting)
    return render(
        request,
        "governance/decision_record.html",
        {
            "meeting": meeting,
            "form": form,
            "next": next_url,
            "meeting_url": _meeting_url(meeting),
            "gate_mandates": gate_mandates(),
            # Offered only where it can be recorded: a held meeting (the service refuses the rest).
            "not_yet": not meeting.cancelled and meeting.date > timezone.localdate(),
        },
        status=400 if request.method == "POST" else 200,
    )


def _recorded_message(decision) -> str:
    if decision.kind == Decision.Kind.ESCALATION:
        return f"Beslutningen er registreret og eskaleret til {decision.body.escalates_to}."
    if decision.kind == Decision.Kind.PHASE_GATE:
        return (
            f"Fasegodkendelsen er registreret: {decision.project} er nu i fasen "
            f"{decision.get_to_phase_display().lower()}."
        )
    return "Beslutningen er registreret."


@require_POST
def decision_answer(request, pk):
    """The body an escalation waits for records its decision on it, at one of its meetings."""
    decision = _decision(pk)
    target = decision.body.escalates_to
    if decision.kind != Decision.Kind.ESCALATION or target is None:
        raise PermissionDenied
    if is_own_escalation(request.user, decision):
        raise PermissionDenied(OWN_ESCALATION_MESSAGE)
    if not can_decide_for(request.user, target, project=decision.project):
        raise PermissionDenied
    form = EscalationAnswerForm(request.POST, body=target)
    answer = form_service(
        form,
        lambda data: services.decision_record(
            actor=request.user,
            meeting=data["meeting"],
            text=data["text"],
            kind=data["kind"],
            project=decision.project,
            from_phase=data["from_phase"],
            to_phase=data["to_phase"],
            escalated_from=decision,
            submit_token=data["submit_token"],
        ),
    )
    if answer is not REFUSED:
        messages.success(request, _recorded_message(answer))
        return redirect("governance:decision-detail", pk=answer.pk)
    context = _detail_context(request, decision, answer_form=form)
    return render(request, "governance/decision_detail.html", context, status=400)


@require_POST
def decision_escalate(request, pk):
    """The body an escalation waits for passes it one step further up."""
    decision = _decision(pk)
    form = EscalateForm(request.POST)
    escalation = form_service(
        form,
        lambda data: services.decision_escalate(
            actor=request.user, decision=decision, text=data["text"], submit_token=data["submit_token"]
        ),
    )
    if escalation is not REFUSED:
        messages.success(request, f"Eskaleringen er sendt videre til {escalation.body.escalates_to}.")
        return redirect("governance:decision-detail", pk=escalation.pk)
    context = _detail_context(request, decision, escalate_form=form)
    return render(request, "governance/decision_detail.html", context, status=400)

"""A body's meetings: agenda, attendance, minutes written in the browser, actions, the decisions taken
(recorded through the decision log's form) and the minutes as PDF. Anyone logged in reads; those who may
keep the body's meetings (permissions.can_keep_meetings: its chair and secretary) write."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from governance.bodies import services
from governance.bodies.forms import (
    ActionDoneForm,
    ActionForm,
    AgendaItemForm,
    AttendanceForm,
    MeetingEditForm,
    MeetingForm,
    MinutesForm,
    MovesForm,
)
from governance.bodies.pdf import render_minutes_pdf
from governance.bodies.selectors import minutes_people
from governance.bodies.views import Change
from governance.models import ActionItem, AgendaItem, Body, Decision, Meeting
from governance.permissions import (
    can_decide_for,
    can_keep_meetings,
    can_open_decision_form,
    can_read_minutes,
)
from portfolio import stale
from portfolio.dates import danish_date
from portfolio.forms import REFUSED, form_service, new_submit_token
from portfolio.history import history_entries
from portfolio.models import Phase

HISTORY_LIMIT = 30


# --- reads ----------------------------------------------------------------------------------------------


def meeting_for_page(pk) -> Meeting:
    """The meeting with everything its page and its minutes show, in a fixed number of queries."""
    decisions = Decision.objects.select_related("project", "recorded_by", "agenda_item").order_by("pk")
    actions = ActionItem.objects.select_related("owner", "agenda_item").order_by("done_on", "due_date", "pk")
    queryset = Meeting.objects.select_related("body", "reporting_period").prefetch_related(
        Prefetch("attendees"),
        Prefetch(
            "agenda_items",
            queryset=AgendaItem.objects.select_related(
                "project", "requested_in", "requested_in__period", "project_request"
            ).order_by("order"),
        ),
        Prefetch("decisions", queryset=decisions),
        Prefetch("actions", queryset=actions),
    )
    meeting = get_object_or_404(queryset, pk=pk)
    # Per agenda item, its decisions and actions, from the prefetched lists (no further queries).
    for item in meeting.agenda_items.all():
        item.item_decisions = [d for d in meeting.decisions.all() if d.agenda_item_id == item.pk]
        item.item_actions = [a for a in meeting.actions.all() if a.agenda_item_id == item.pk]
    meeting.general_decisions = [d for d in meeting.decisions.all() if d.agenda_item_id is None]
    meeting.general_actions = [a for a in meeting.actions.all() if a.agenda_item_id is None]
    return meeting


def _related_changes(model, meeting, label) -> list[Change]:
    records = (
        model.history.filter(meeting_id=meeting.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:HISTORY_LIMIT]
    )
    verbs = {"+": "tilføjet", "~": "ændret", "-": "slettet"}
    return [
        Change(
            record.history_date,
            record.history_user,
            f"{label} {verbs.get(record.history_type, '')}",
            label_of(record),
        )
        for record in records
    ]


def label_of(record) -> str:
    if hasattr(record, "title"):
        return f"{record.order}. {record.title}"
    text = record.description if len(record.description) <= 80 else record.description[:79] + "…"
    return f"{text}{' (udført)' if record.done_on else ''}"


def meeting_changes(meeting) -> list[Change]:
    own = [
        Change(entry.when, entry.who, f"Møde {entry.action.lower()}", ", ".join(entry.changed))
        for entry in history_entries(meeting.history.all(), limit=HISTORY_LIMIT)
    ]
    changes = (
        own
        + _related_changes(AgendaItem, meeting, "Dagsordenspunkt")
        + _related_changes(ActionItem, meeting, "Handling")
    )
    return sorted(changes, key=lambda change: change.when, reverse=True)[:HISTORY_LIMIT]


def _meeting_url(meeting, anchor=""):
    return reverse("governance:meeting-detail", args=[meeting.pk]) + (f"#{anchor}" if anchor else "")


def _require_manager(user, body) -> None:
    if not can_keep_meetings(user, body):
        raise PermissionDenied


def _managed_meeting(request, pk) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    _require_manager(request.user, meeting.body)
    return meeting


def _render_detail(request, pk, *, status=200, **bound_forms):
    """The meeting page; after a refused write, with that form bound (its errors and the typed input)."""
    meeting = meeting_for_page(pk)
    can_manage = can_keep_meetings(request.user, meeting.body)
    today = timezone.localdate()
    held = not meeting.cancelled and meeting.date <= today
    has_requests = any(hasattr(item, "project_request") for item in meeting.agenda_items.all())
    context = {
        "meeting": meeting,
        "body": meeting.body,
        "today": today,
        "held": held,
        # Who may answer the projects' requests on the agenda (each request's own page checks the rest).
        "may_answer_requests": held and has_requests and can_decide_for(request.user, meeting.body),
        # The decision form only where a decision can be recorded: a held meeting, by its deciders or
        # secretary (not admins, who keep meetings but decide nothing).
        "can_record": held and can_manage and can_open_decision_form(request.user, meeting.body),
        "can_manage": can_manage,
        "may_read_minutes": can_read_minutes(request.user),
        "changes": meeting_changes(meeting),
        "is_programme_group": meeting.body.kind == Body.Kind.PROGRAMME_GROUP,
    }
    if can_manage:
        context.update(
            {
                "agenda_form": bound_forms.get("agenda_form") or AgendaItemForm(),
                "attendance_form": bound_forms.get("attendance_form")
                or AttendanceForm(meeting=meeting, initial={"attendees": list(meeting.attendees.all())}),
                "minutes_form": bound_forms.get("minutes_form")
                or MinutesForm(
                    initial={"minutes": meeting.minutes}, stale_scope=services.meeting_minutes_scope(meeting)
                ),
                "action_form": bound_forms.get("action_form")
                or ActionForm(meeting=meeting, initial={"due_date": timezone.localdate()}),
                "decision_kinds": Decision.Kind.choices,
                "decision_submit_token": new_submit_token(),
                "phases": Phase.choices,
                "waiting_requests": list(services.requests_waiting(meeting.body, since=meeting.date))
                if not meeting.cancelled
                else [],
                "agenda_projects": sorted(
                    {item.project for item in meeting.agenda_items.all() if item.project_id},
                    key=lambda p: p.number,
                ),
            }
        )
    return render(request, "governance/meeting_detail.html", context, status=status)


def _form_failed(request, pk, what, section, **bound_forms):
    messages.error(request, f"{what} er ikke gemt. Ret fejlene i formularen under »{section}« nedenfor.")
    return _render_detail(request, pk, status=400, **bound_forms)


# --- pages ----------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def meeting_create(request, slug):
    body = get_object_or_404(Body, slug=slug)
    _require_manager(request.user, body)
    form = MeetingForm(request.POST if request.method == "POST" else None)
    meeting = form_service(
        form,
        lambda data: services.meeting_create(
            actor=request.user, body=body, date=data["date"], location=data["location"]
        ),
    )
    if meeting is not REFUSED:
        collected = meeting.agenda_items.filter(requested_in__isnull=False).count()
        if collected == 1:
            note = " 1 ønsket beslutning fra statusrapporterne er sat på dagsordenen."
        elif collected:
            note = f" {collected} ønskede beslutninger fra statusrapporterne er sat på dagsordenen."
        else:
            note = ""
        messages.success(request, f"Mødet den {danish_date(meeting.date)} er oprettet.{note}")
        return redirect(_meeting_url(meeting))
    return render(
        request,
        "governance/meeting_form.html",
        {"body": body, "form": form, "meeting": None},
        status=400 if form.is_bound else 200,
    )


@require_safe
def meeting_detail(request, pk):
    return _render_detail(request, pk)


@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    meeting = _managed_meeting(request, pk)
    initial = {"date": meeting.date, "location": meeting.location, "cancelled": meeting.cancelled}
    form = MeetingEditForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        stale_scope=services.meeting_scope(meeting),
    )
    saved = form_service(
        form, lambda data: services.meeting_update(actor=request.user, meeting=meeting, **data)
    )
    if saved is not REFUSED:
        messages.success(request, "Mødet er gemt.")
        return redirect(_meeting_url(meeting))
    return render(
        request,
        "governance/meeting_form.html",
        {"body": meeting.body, "form": form, "meeting": meeting},
        status=400 if form.is_bound else 200,
    )


@require_POST
def agenda_item_add(request, pk):
    meeting = _managed_meeting(request, pk)
    form = AgendaItemForm(request.POST)
    if not form.is_valid():
        return _form_failed(request, pk, "Dagsordenspunktet", "Dagsorden", agenda_form=form)
    item = services.agenda_item_add(actor=request.user, meeting=meeting, **form.edited_data())
    messages.success(request, f"Punkt {item.order} er føjet til dagsordenen.")
    return redirect(_meeting_url(meeting, "dagsorden"))


@require_http_methods(["GET", "POST"])
def agenda_item_edit(request, pk):
    item = get_object_or_404(AgendaItem.objects.select_related("meeting", "meeting__body", "project"), pk=pk)
    meeting = item.meeting
    _require_manager(request.user, meeting.body)
    initial = {"title": item.title, "description": item.description, "project": item.project}
    form = AgendaItemForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        stale_scope=services.agenda_item_scope(item),
    )
    saved = form_service(
        form, lambda data: services.agenda_item_update(actor=request.user, item=item, **data)
    )
    if saved is not REFUSED:
        messages.success(request, f"Punkt {item.order} er gemt.")
        return redirect(_meeting_url(meeting, f"punkt-{item.pk}"))
    return render(
        request,
        "governance/meeting_agenda_form.html",
        {"meeting": meeting, "body": meeting.body, "item": item, "form": form},
        status=400 if form.is_bound else 200,
    )


@require_POST
def agenda_item_move(request, pk):
    item = get_object_or_404(AgendaItem.objects.select_related("meeting", "meeting__body"), pk=pk)
    _require_manager(request.user, item.meeting.body)
    form = MovesForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Punktet er ikke flyttet: vælg op eller ned.")
        return redirect(_meeting_url(item.meeting, "dagsorden"))
    services.agenda_item_move(actor=request.user, item=item, direction=form.cleaned_data["direction"])
    return redirect(_meeting_url(item.meeting, f"punkt-{item.pk}"))


@require_POST
def meeting_attendance(request, pk):
    meeting = _managed_meeting(request, pk)
    form = AttendanceForm(request.POST, meeting=meeting)
    if not form.is_valid():
        return _form_failed(request, pk, "Fremmødet", "Deltagere", attendance_form=form)
    services.meeting_attendance_set(
        actor=request.user, meeting=meeting, attendees=form.cleaned_data["attendees"]
    )
    messages.success(request, f"Fremmødet er gemt: {len(form.cleaned_data['attendees'])} deltagere.")
    return redirect(_meeting_url(meeting, "deltagere"))


@require_POST
def meeting_minutes(request, pk):
    """Save the minutes. From htmx (saving as the secretary writes) the answer is a one-line status."""
    meeting = _managed_meeting(request, pk)
    form = MinutesForm(request.POST, stale_scope=services.meeting_minutes_scope(meeting))
    form_service(
        form, lambda data: services.meeting_minutes_save(actor=request.user, meeting=meeting, **data)
    )
    if form.errors:
        if request.htmx:
            # A refused autosave says why where the secretary looks; the fresh token goes only on the
            # "save my text anyway" button, so typing on never overwrites the other person's minutes.
            errors = " ".join(
                form.errors.get("minutes", []) + form.non_field_errors() or ["Referatet er ikke gemt."]
            )
            conflict = form.stale_conflict
            context = {"error": errors, "fresh": conflict.fresh if conflict else "", "meeting_pk": meeting.pk}
            status = 409 if conflict else 400
            return render(request, "governance/meeting_minutes_status.html", context, status=status)
        return _form_failed(request, pk, "Referatet", "Referat", minutes_form=form)
    if request.htmx:
        context = {
            "saved_at": timezone.localtime(),
            "version": stale.token(services.meeting_minutes_scope(meeting)),
        }
        return render(request, "governance/meeting_minutes_status.html", context)
    messages.success(request, "Referatet er gemt.")
    return redirect(_meeting_url(meeting, "referat"))


@require_POST
def meeting_action_add(request, pk):
    meeting = _managed_meeting(request, pk)
    form = ActionForm(request.POST, meeting=meeting)
    action = form_service(form, lambda data: services.action_add(actor=request.user, meeting=meeting, **data))
    if action is REFUSED:
        return _form_failed(request, pk, "Handlingen", "Handlinger", action_form=form)
    messages.success(request, f"Handlingen er tilføjet med {action.owner} som ansvarlig.")
    return redirect(_meeting_url(meeting, "handlinger"))


@require_POST
def action_done(request, pk):
    action = get_object_or_404(ActionItem.objects.select_related("meeting", "meeting__body"), pk=pk)
    _require_manager(request.user, action.meeting.body)
    form = ActionDoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Handlingen er ikke ændret: ukendt valg.")
        return redirect(_meeting_url(action.meeting, "handlinger"))
    done = form.cleaned_data["done"]
    services.action_set_done(actor=request.user, action=action, done=done)
    messages.success(request, "Handlingen er markeret som udført." if done else "Handlingen er åbnet igen.")
    return redirect(_meeting_url(action.meeting, "handlinger"))


@require_POST
def meeting_collect(request, pk):
    """Put what waits for the body on the meeting's agenda: projects' gate and change requests made when
    no meeting was planned, and (the programme group) the decisions asked for in status reports."""
    meeting = _managed_meeting(request, pk)
    requests = services.meeting_collect_waiting_requests(actor=request.user, meeting=meeting)
    if meeting.body.kind != Body.Kind.PROGRAMME_GROUP and not requests:
        messages.error(
            request, "Ønskede beslutninger fra statusrapporterne hentes kun til programgruppens møder."
        )
        return redirect(_meeting_url(meeting, "dagsorden"))
    added = services.meeting_collect_requested_decisions(actor=request.user, meeting=meeting)
    if requests:
        messages.success(
            request,
            f"{len(requests)} anmodning fra et projekt er sat på dagsordenen."
            if len(requests) == 1
            else f"{len(requests)} anmodninger fra projekterne er sat på dagsordenen.",
        )
    if added:
        messages.success(
            request,
            f"{len(added)} ønsket beslutning er sat på dagsordenen."
            if len(added) == 1
            else f"{len(added)} ønskede beslutninger er sat på dagsordenen.",
        )
    elif not requests:
        messages.info(request, "Der er ingen nye ønskede beslutninger fra statusrapporterne.")
    return redirect(_meeting_url(meeting, "dagsorden"))


@require_safe
def meeting_minutes_pdf(request, pk):
    if not can_read_minutes(request.user):
        raise PermissionDenied
    meeting = meeting_for_page(pk)
    pdf = render_minutes_pdf(meeting, people=minutes_people(meeting))
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"referat-{meeting.body.slug}-{meeting.date:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response

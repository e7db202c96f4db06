"""The Project Board: its meetings (/board/) and the programme group's calendar (set the series, move,
cancel or resume a single meeting). Each meeting's own page is in board/meeting_views.py."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from governance.board import calendar as series
from governance.board import calendar_change, services
from governance.board.forms import BoardCalendarForm, BoardPeriodMoveForm
from governance.dashboard.selectors import cached_value
from governance.models import Meeting
from portfolio.dates import danish_date
from portfolio.forms import REFUSED, form_service
from portfolio.models import ACTIVE_PHASES, Project, ReportingPeriod, StatusReport
from portfolio.permissions import get_object_for_user_or_404

ADD_PERIOD = "portfolio.add_reportingperiod"
CHANGE_PERIOD = "portfolio.change_reportingperiod"
RECENT_MEETINGS = 6


def _can_plan(user) -> bool:
    """The programme group plans the board's calendar (global rights from the group)."""
    return user.has_perm(ADD_PERIOD) and user.has_perm(CHANGE_PERIOD)


# --- reads this page needs (small, and only used here) -----------------------------------------------


def _board_detail_url(pk):
    try:
        return reverse("governance:board-detail", args=[pk])
    except NoReverseMatch:
        return f"/board/{pk}/"


def _count_submitted(periods) -> int:
    """Set on each period the number of active projects that submitted a report for it (versions and
    corrections counted once per project), and return the number of active projects. Two queries, cached
    under the dashboard's token: they read only status reports, projects and periods, which the dashboard
    shows, so any write to those recounts (a hit costs one query, the token)."""
    pks = sorted(period.pk for period in periods)

    def count():
        submitted = StatusReport.objects.filter(
            period__in=pks,
            state=StatusReport.State.SUBMITTED,
            project__archived=False,
            project__phase__in=ACTIVE_PHASES,
        )
        by_period = submitted.values("period").annotate(projects=Count("project", distinct=True))
        counts = dict(by_period.values_list("period", "projects")) if pks else {}
        return counts, Project.objects.active().count()

    counts, active_count = cached_value(name="board-submitted", key_parts=pks, compute=count)
    for period in periods:
        period.submitted_count = counts.get(period.pk, 0)
    return active_count


def _moved_by_hand(periods) -> dict[int, object]:
    """Per period whose meeting a person moved on its own (board_period_move, or before that reason was
    recorded any change of its date), the date it had before that move; a move by a changed series does
    not count. One query over the meetings' history."""
    records = (
        Meeting.history.filter(reporting_period_id__in=[period.pk for period in periods])
        .order_by("id", "history_date", "history_id")
        .values_list("reporting_period_id", "date", "history_change_reason")
    )
    moved_from, previous = {}, {}
    for period_pk, day, reason in records:
        before = previous.get(period_pk)
        if before is not None and before != day:
            if reason != services.MOVED_BY_SERIES:
                moved_from[period_pk] = before
            else:
                moved_from.pop(period_pk, None)
        previous[period_pk] = day
    return moved_from


def _mark(periods, *, calendar, today, next_period_pk, moved_from):
    """Per row: the link, whether the meeting is off the series because a person moved it (from which
    date) or a holiday moved it (from the slot, and which holiday), and whether it is the next meeting.
    A meeting that kept its date when the series changed is not called moved: nobody moved it.
    `moved_from`: _moved_by_hand of every period on the page."""
    for period in periods:
        period.detail_url = _board_detail_url(period.pk)
        period.is_next = period.pk == next_period_pk
        period.is_past = period.meeting_date < today
        period.planned_date = None
        period.planned_reason = None
        if (before := moved_from.get(period.pk)) is not None and before != period.meeting_date:
            period.planned_date = before
            period.planned_reason = series.holiday_name(before)
        elif calendar is not None:
            slot = series.slot_of(period.meeting_date, calendar.first_meeting_date, calendar.interval_days)
            closed = series.non_working_reason(slot)
            shifted = series.meeting_day_for_slot(slot, calendar.interval_days) == period.meeting_date
            if slot >= calendar.first_meeting_date and slot != period.meeting_date and closed and shifted:
                period.planned_date = slot
                period.planned_reason = closed
    return periods


def _board_list_context(request):
    today = timezone.localdate()
    calendar = services.board_calendar_current()
    periods = ReportingPeriod.objects.select_related("board_report")
    upcoming = list(periods.filter(meeting_date__gte=today).order_by("meeting_date"))
    recent = list(periods.filter(meeting_date__lt=today).order_by("-meeting_date")[:RECENT_MEETINGS])
    active_count = _count_submitted([*upcoming, *recent])
    next_period = next((p for p in upcoming if not p.cancelled), None)
    moved_from = _moved_by_hand([*upcoming, *recent])
    for rows in (upcoming, recent):
        _mark(
            rows,
            calendar=calendar,
            today=today,
            next_period_pk=next_period.pk if next_period else None,
            moved_from=moved_from,
        )
    can_plan = _can_plan(request.user)
    return {
        "today": today,
        "calendar": calendar,
        "upcoming": upcoming,
        "recent": recent,
        "sections": [
            {
                "id": "kommende",
                "title": "Kommende møder",
                "periods": upcoming,
                "actions": can_plan,
                "empty": "Der er ingen kommende møder i kalenderen."
                + (" Indstil kalenderen for at oprette dem." if can_plan else ""),
            },
            {
                "id": "seneste",
                "title": "Seneste møder",
                "periods": recent,
                "actions": False,
                "empty": "Der har ikke været nogen møder endnu.",
            },
        ],
        "next_period": next_period,
        "active_count": active_count,
        "can_plan": can_plan,
    }


def _render_list(request, *, status=200, move_failed=None):
    """The list; after a refused move, with that meeting's form open, its errors and the typed date."""
    context = _board_list_context(request)
    period_pk, errors, value = move_failed or (None, [], "")
    context.update({"move_failed_pk": period_pk, "move_errors": errors, "move_value": value})
    return render(request, "governance/board_list.html", context, status=status)


# --- pages ---------------------------------------------------------------------------------------------


@require_GET
def board_list(request):
    return _render_list(request)


def _calendar_saved_message(change) -> str:
    parts = ["Kalenderen er gemt."]
    if moved := len(change.date_moves):
        parts.append(f"{moved} {'møde er flyttet' if moved == 1 else 'møder er flyttet'} til den nye serie.")
    if cancelled := len(change.cancelled):
        parts.append(f"{cancelled} {'møde er aflyst' if cancelled == 1 else 'møder er aflyst'}.")
    if drafts := sum(len(move.report_keys) for move in change.drafts):
        parts.append(
            f"{drafts} {'kladde er flyttet' if drafts == 1 else 'kladder er flyttet'} fra de aflyste møder."
        )
    if created := change.created:
        count = len(created)
        parts.append(
            f"{count} {'nyt møde er oprettet' if count == 1 else 'nye møder er oprettet'} frem til "
            f"{danish_date(created[-1].meeting_date)}."
        )
    elif len(parts) == 1:
        parts.append("Alle møder i perioden fandtes allerede.")
    return " ".join(parts)


def _calendar_form_for(calendar):
    if calendar is None:
        initial = {"first_meeting_date": _suggested_first_meeting()}
    else:
        initial = {name: getattr(calendar, name) for name in services.BOARD_CALENDAR_FIELDS}
    return BoardCalendarForm(stale_scope=services.board_calendar_scope(), initial=initial)


@require_http_methods(["GET", "POST"])
def board_calendar(request):
    """Set the series. A change that moves, cancels or leaves off the series a meeting already in the
    portal is first shown (the preview) and saved only when the same values are posted again with
    `confirm`."""
    if not _can_plan(request.user):
        raise PermissionDenied
    calendar = services.board_calendar_current()
    form = _calendar_form_for(calendar)
    preview = None
    if request.method == "POST":
        form = BoardCalendarForm(request.POST, stale_scope=services.board_calendar_scope())
        preview = form_service(form, lambda data: calendar_change.board_calendar_preview(**_series(data)))
        if preview is not REFUSED and (form.cleaned_data["confirm"] or not preview.touches_existing):
            change = form_service(
                form,
                lambda data: calendar_change.board_calendar_change(actor=request.user, **_series(data)),
            )
            if change is not REFUSED:
                messages.success(request, _calendar_saved_message(change))
                return redirect("governance:board-list")
        if preview is REFUSED:
            preview = None
    return render(
        request,
        "governance/calendar_form.html",
        {"form": form, "calendar": calendar, "preview": preview, "history": _calendar_history(calendar)},
    )


def _series(data) -> dict:
    """The series' values and the token from the form's cleaned data (not `confirm`)."""
    return {name: data[name] for name in (*services.BOARD_CALENDAR_FIELDS, "version")}


def _suggested_first_meeting():
    """The next meeting already in the portal, so setting the calendar continues the existing series."""
    period = (
        ReportingPeriod.objects.filter(meeting_date__gte=timezone.localdate(), cancelled=False)
        .order_by("meeting_date")
        .first()
    )
    return period.meeting_date if period else None


def _calendar_history(calendar):
    if calendar is None:
        return []
    return list(calendar.history.select_related("history_user").order_by("-history_date")[:5])


def _period_for_planner(request, pk):
    return get_object_for_user_or_404(request.user, CHANGE_PERIOD, ReportingPeriod.objects.all(), pk=pk)


def _back_to_list(period):
    return redirect(f"{reverse('governance:board-list')}#period-{period.pk}")


@require_POST
def board_period_move(request, pk):
    period = _period_for_planner(request, pk)
    form = BoardPeriodMoveForm(request.POST, stale_scope=services.board_period_scope(period))
    old_date = period.meeting_date
    errors = []
    if form.is_valid():
        try:
            period = services.board_period_move(actor=request.user, period=period, **form.cleaned_data)
        except ValidationError as error:
            errors = error.messages
    else:
        errors = [message for messages_ in form.errors.values() for message in messages_]
    if errors:
        for message in errors:
            messages.error(request, f"Mødet den {danish_date(old_date)} er ikke flyttet: {message}")
        value = request.POST.get("new_meeting_date", "")[:10]
        return _render_list(request, status=400, move_failed=(period.pk, errors, value))
    messages.success(
        request,
        f"Mødet er flyttet fra {danish_date(old_date)} til {danish_date(period.meeting_date)}. "
        f"Ny frist for statusrapport: {danish_date(period.reporting_deadline)}.",
    )
    return _back_to_list(period)


@require_POST
def board_period_cancel(request, pk):
    period = services.board_period_cancel(actor=request.user, period=_period_for_planner(request, pk))
    messages.success(
        request,
        f"Mødet den {danish_date(period.meeting_date)} er aflyst. Statusrapporter går til det næste møde.",
    )
    return _back_to_list(period)


@require_POST
def board_period_uncancel(request, pk):
    period = services.board_period_uncancel(actor=request.user, period=_period_for_planner(request, pk))
    messages.success(request, f"Mødet den {danish_date(period.meeting_date)} holdes alligevel.")
    return _back_to_list(period)

"""Reminders about missing status reports for a Project Board meeting: the automatic one to each project's
leader when the reporting deadline nears (the Celery beat's governance.tasks.board_reminders_send), and
those the board's secretary or the programme group send from the meeting's page to the leader and the
deputies. All are StatusReminder rows, the log the page shows; at most one a day per project. The e-mail
is templates/emails/status_reminder.txt, sent after the transaction commits."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from governance.board import calendar as board_calendar
from governance.board.selectors import REMINDER_INTERVAL, submitted_report_for
from governance.common.records import portal_url
from governance.models import StatusReminder
from governance.permissions import can_generate_board_report
from portfolio.dates import danish_date
from portfolio.mail import send_portal_mail
from portfolio.models import Project, ReportingPeriod
from portfolio.services import submit_once

# Leaders are reminded when the deadline is at most this many working days ahead (the deadline day
# itself included), once per period and project.
REMINDER_WORKING_DAYS = 3


def _status_new_path(project_pk: int) -> str:
    try:
        return reverse("portfolio:status-new", args=[project_pk])
    except NoReverseMatch:
        return f"/projects/{project_pk}/status/new/"


def board_period_to_remind(today: datetime.date) -> ReportingPeriod | None:
    """The next meeting's period if its reporting deadline is at most REMINDER_WORKING_DAYS working
    days ahead (today and the deadline day included), else None."""
    period = (
        ReportingPeriod.objects.filter(cancelled=False, reporting_deadline__gte=today)
        .order_by("reporting_deadline", "meeting_date")
        .first()
    )
    if period is None:
        return None
    if period.reporting_deadline > board_calendar.add_working_days(today, REMINDER_WORKING_DAYS):
        return None
    return period


def _full_name(user) -> str:
    return user.get_full_name() or user.username


def status_reminder_message(
    *, project: Project, period: ReportingPeriod, sent_by=None, deputies=()
) -> tuple[str, str]:
    """The reminder's subject and plain-text body, in Danish: the automatic one to the leader, or one sent
    by `sent_by` from the meeting's page to the leader and `deputies`."""
    names = [_full_name(project.leader), *(_full_name(d) for d in deputies)]
    with translation.override("da"):
        subject = f"Påmindelse: statusrapport til Project Board {danish_date(period.meeting_date)}"
        body = render_to_string(
            "emails/status_reminder.txt",
            {
                "project": project,
                "greeting": " og ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else names[0],
                "sent_by": _full_name(sent_by) if sent_by else "",
                "period": period,
                "deadline": danish_date(period.reporting_deadline, "weekday"),
                "meeting": danish_date(period.meeting_date, "weekday"),
                "url": portal_url(_status_new_path(project.pk)),
            },
        )
    return subject, body


def _send_reminder(subject: str, body: str, recipients: list[str]) -> None:
    send_portal_mail(subject, body, recipients)  # safe subject; a failure is logged, the run goes on


def _reachable(user) -> bool:
    return user is not None and user.is_active and bool(user.email)


def _reminded_since(moment):
    return StatusReminder.objects.filter(project=OuterRef("pk"), sent_at__gt=moment)


@transaction.atomic
def board_reminders_send(*, today: datetime.date | None = None) -> int:
    """E-mail the leader of every active project with no submitted report for the next meeting, when
    its deadline is near: once per period and project (a StatusReminder row, unique, records it), not
    within a day of a reminder sent from the meeting's page, and only after the transaction commits.
    Returns the number of reminders sent."""
    today = today or timezone.localdate()
    period = board_period_to_remind(today)
    if period is None:
        return 0
    reminded = StatusReminder.objects.filter(project=OuterRef("pk"), period=period, sent_by__isnull=True)
    projects = (
        Project.objects.active()
        .filter(leader__isnull=False, leader__is_active=True)
        .exclude(leader__email="")
        .exclude(submitted_report_for(period))
        .exclude(Exists(reminded))
        .exclude(Exists(_reminded_since(timezone.now() - REMINDER_INTERVAL)))
        .select_related("leader")
        .order_by("number")
    )
    sent = 0
    for project in projects:
        # Unique per period and project: a second, concurrent run gets the existing row and sends nothing.
        _, created = StatusReminder.objects.get_or_create(
            period=period, project=project, sent_by=None, defaults={"recipient": project.leader}
        )
        if not created:
            continue
        subject, body = status_reminder_message(project=project, period=period)
        transaction.on_commit(
            lambda s=subject, b=body, r=project.leader.email: _send_reminder(s, b, [r]), robust=True
        )
        sent += 1
    return sent


# --- reminders sent from the meeting's page ------------------------------------------------------------


def status_reminder_refusal(*, period: ReportingPeriod, project: Project, now=None) -> str | None:
    """Why no reminder about `project` may be sent for `period` now, in Danish; None if one may."""
    now = now or timezone.now()
    if period.cancelled:
        return "Mødet er aflyst, så der sendes ingen påmindelser til det."
    if period.meeting_date < timezone.localdate(now):
        return "Mødet er holdt, så der sendes ikke længere påmindelser til det."
    if not Project.objects.active().filter(pk=project.pk).exists():
        return f"{project.number} er ikke et aktivt projekt og skal ikke rapportere."
    if Project.objects.filter(pk=project.pk).filter(submitted_report_for(period)).exists():
        return f"{project.number} har allerede indsendt statusrapport til mødet."
    if not _reachable(project.leader):
        return (
            f"{project.number} har ingen projektleder med en e-mailadresse, som påmindelsen kan sendes til."
        )
    last = StatusReminder.objects.filter(project=project).order_by("-sent_at").first()
    if last is not None and last.sent_at > now - REMINDER_INTERVAL:
        sent = timezone.localtime(last.sent_at)
        again = timezone.localtime(last.sent_at + REMINDER_INTERVAL)
        return (
            f"Der blev sendt en påmindelse om {project.number} {danish_date(sent.date())} kl. {sent:%H.%M}. "
            f"Der sendes højst én påmindelse i døgnet pr. projekt: den næste kan sendes "
            f"{danish_date(again.date())} kl. {again:%H.%M}."
        )
    return None


def _status_reminder_create(*, actor, period: ReportingPeriod, project: Project) -> StatusReminder:
    """Check and send one reminder; the project's row is locked, so of two senders the second waits,
    then finds the first's reminder and is refused."""
    project = Project.objects.select_for_update(of=("self",)).select_related("leader").get(pk=project.pk)
    refusal = status_reminder_refusal(period=period, project=project)
    if refusal:
        raise ValidationError(refusal)
    deputies = [
        d
        for d in project.deputies.order_by("first_name", "last_name", "username")
        if d.pk != project.leader_id and _reachable(d)
    ]
    reminder = StatusReminder.objects.create(
        period=period, project=project, recipient=project.leader, sent_by=actor
    )
    reminder.also_to.set(deputies)
    subject, body = status_reminder_message(project=project, period=period, sent_by=actor, deputies=deputies)
    addresses = [project.leader.email, *(d.email for d in deputies)]
    transaction.on_commit(lambda: _send_reminder(subject, body, addresses), robust=True)
    return reminder


def _require_reminder_sender(actor) -> None:
    # The same people who prepare the meeting's report: the programme group and the boards' secretaries.
    if not can_generate_board_report(actor):
        raise PermissionDenied


@transaction.atomic
def status_reminder_send(
    *, actor, period: ReportingPeriod, project: Project, submit_token: str = ""
) -> StatusReminder:
    """E-mail `project`'s leader and deputies that its status report for `period` is missing, and log it.
    Refused in Danish (nothing sent) for a cancelled or held meeting, a project that has reported or is
    not active, no leader to write to, or a reminder about the project less than a day ago. The same form
    posted twice sends once (`submit_token`)."""
    _require_reminder_sender(actor)
    return submit_once(
        actor=actor,
        submit_token=submit_token,
        model=StatusReminder,
        create=lambda: _status_reminder_create(actor=actor, period=period, project=project),
    )


@transaction.atomic
def status_reminders_send_all(
    *, actor, period: ReportingPeriod, submit_token: str = ""
) -> tuple[list[StatusReminder], list[str]]:
    """A reminder about every project missing its report for `period` that may have one now. Returns the
    reminders sent and the Danish reasons the others were skipped; refused when none could be sent. The
    same form posted twice sends once (`submit_token`: the replay returns no new reminders)."""
    _require_reminder_sender(actor)
    sent, skipped = [], []

    def create():
        projects = Project.objects.active().exclude(submitted_report_for(period)).order_by("number")
        for project in projects:
            try:
                with transaction.atomic():
                    sent.append(_status_reminder_create(actor=actor, period=period, project=project))
            except ValidationError as error:
                skipped.extend(error.messages)
        if not sent:
            raise ValidationError(skipped or ["Alle aktive projekter har indsendt statusrapport til mødet."])
        return sent[0]

    first = submit_once(actor=actor, submit_token=submit_token, model=StatusReminder, create=create)
    if getattr(first, "submit_replayed", False):
        return [], []
    return sent, skipped

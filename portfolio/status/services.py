"""The project leader's biweekly status report for the Project Board: draft, submit, correct.

A submitted report never changes; a correction is a new version that supersedes it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from portfolio.history import save_with_history
from portfolio.models import Light, StatusReport
from portfolio.permissions import user_can
from portfolio.services import project_require_open

# The report's content: what a draft holds, what a correction copies and what the form edits.
STATUS_REPORT_CONTENT_FIELDS = (
    "overall",
    "overall_comment",
    "schedule",
    "schedule_comment",
    "economy",
    "economy_comment",
    "resources",
    "resources_comment",
    "deliverables",
    "deliverables_comment",
    "benefits",
    "benefits_comment",
    "percent_complete",
    "summary",
    "done_since_last",
    "next_steps",
    "risks_issues",
    "decisions_needed",
    "budget_spent",
    "budget_forecast",
)

STATUS_REPORT_NEW_DRAFT_TOKEN = "new"  # noqa: S105 - a version marker, not a secret
STATUS_REPORT_IMMUTABLE_MESSAGE = (
    "En indsendt statusrapport kan ikke ændres. Ret den i stedet med en ny version."
)
STATUS_REPORT_RED_NEEDS_COMMENT_MESSAGE = "Et rødt lys kræver en kommentar."


class StatusReportConflict(Exception):
    """The draft was saved by someone else after the actor loaded it: nothing was written.

    `current` is the draft as it is stored now (None if it has disappeared, e.g. been submitted)."""

    def __init__(self, current=None):
        super().__init__("Kladden er ændret af en anden, siden du åbnede den.")
        self.current = current


def status_report_version_token(report) -> str:
    """What a form carries to prove which version of the draft it was based on."""
    if report is None:
        return STATUS_REPORT_NEW_DRAFT_TOKEN
    return report.updated_at.isoformat()


def _status_report_require_permission(actor, project) -> None:
    """The leader, deputies and programme group report on an open project; a closed or stopped one gets
    no new report, draft, submission or correction (portfolio.services.project_require_open)."""
    if actor is None or not user_can(actor, "portfolio.report_status", project):
        raise PermissionDenied
    project_require_open(project)


def _status_report_check_rules(report) -> None:

    errors = {}
    for dimension in StatusReport.DIMENSIONS:
        if getattr(report, dimension) == Light.RED and not getattr(report, f"{dimension}_comment").strip():
            errors[f"{dimension}_comment"] = STATUS_REPORT_RED_NEEDS_COMMENT_MESSAGE
    if errors:
        raise ValidationError(errors)
    # Choices, the percent range, amounts and the constraints; never the unique check on our own row.
    report.full_clean(exclude=["project", "period", "author", "supersedes"], validate_unique=False)


@transaction.atomic
def status_report_save_draft(*, actor, project, period, data, expected_version=None):
    """Create or update the project's draft for `period` from `data` (the content fields).

    `expected_version` is the token (`status_report_version_token`) the actor's form was based on;
    if the draft has been saved since, StatusReportConflict is raised and nothing is written.
    None skips the check. A period whose report is submitted gets no new draft: corrections go
    through `status_report_correct`."""
    _status_report_require_permission(actor, project)
    # Only the draft's own row: first() orders by Meta.ordering, which joins the period, and a plain
    # FOR UPDATE would lock the period's row too. Every draft of the period would then queue on that one
    # row, and deadlock with the reports whose commit checks their period foreign key (issue 10's load test).
    draft = (
        StatusReport.objects.select_for_update(of=("self",))
        .filter(project=project, period=period, state=StatusReport.State.DRAFT)
        .first()
    )
    if draft is None and StatusReport.objects.filter(project=project, period=period).exists():
        raise ValidationError(STATUS_REPORT_IMMUTABLE_MESSAGE)
    if expected_version is not None and expected_version != status_report_version_token(draft):
        raise StatusReportConflict(current=draft)
    if draft is None:
        draft = StatusReport(project=project, period=period, author=actor, version=1)
    for name in STATUS_REPORT_CONTENT_FIELDS:
        if name in data:
            setattr(draft, name, data[name])
    _status_report_check_rules(draft)
    try:
        with transaction.atomic():
            save_with_history(draft, actor=actor)
    except IntegrityError as error:
        # Someone created the period's draft between our read and our write.
        raise StatusReportConflict(
            current=StatusReport.objects.filter(
                project=project, period=period, state=StatusReport.State.DRAFT
            ).first()
        ) from error
    return draft


@transaction.atomic
def status_report_submit(*, actor, report):
    """Submit a draft: from now on it never changes."""

    report = StatusReport.objects.select_for_update(of=("self",)).select_related("project").get(pk=report.pk)
    _status_report_require_permission(actor, report.project)
    if report.state != StatusReport.State.DRAFT:
        raise ValidationError(STATUS_REPORT_IMMUTABLE_MESSAGE)
    if report.overall == Light.NOT_REPORTED:
        raise ValidationError({"overall": "Angiv den samlede status, før rapporten indsendes."})
    _status_report_check_rules(report)
    report.state = StatusReport.State.SUBMITTED
    report.submitted_at = timezone.now()
    report.author = actor
    save_with_history(report, actor=actor)
    return report


@transaction.atomic
def status_report_save_and_submit(*, actor, project, period, data, expected_version=None):
    """Save the draft and submit it in one go (the form's "Indsend"): all or nothing."""
    draft = status_report_save_draft(
        actor=actor, project=project, period=period, data=data, expected_version=expected_version
    )
    return status_report_submit(actor=actor, report=draft)


@transaction.atomic
def status_report_correct(*, actor, report):
    """Start a correction of a submitted report: a new draft, version N+1 of the same period, that
    supersedes it and starts as a copy of it. The submitted report itself is never touched."""
    report = (
        StatusReport.objects.select_for_update(of=("self",))
        .select_related("project", "period")
        .get(pk=report.pk)
    )
    _status_report_require_permission(actor, report.project)
    if report.state != StatusReport.State.SUBMITTED:
        raise ValidationError("Kun en indsendt statusrapport kan rettes. En kladde retter du bare videre i.")
    if StatusReport.objects.filter(supersedes=report).exists():
        raise ValidationError("Rapporten er allerede erstattet af en nyere version. Ret den nyeste version.")
    if StatusReport.objects.filter(
        project=report.project, period=report.period, state=StatusReport.State.DRAFT
    ).exists():
        raise ValidationError("Der findes allerede en kladde for denne periode. Fortsæt den i stedet.")
    latest_version = StatusReport.objects.filter(project=report.project, period=report.period).aggregate(
        latest=Max("version")
    )["latest"]
    correction = StatusReport(
        project=report.project,
        period=report.period,
        version=(latest_version or report.version) + 1,
        supersedes=report,
        author=actor,
        **{name: getattr(report, name) for name in STATUS_REPORT_CONTENT_FIELDS},
    )
    save_with_history(correction, actor=actor)
    return correction

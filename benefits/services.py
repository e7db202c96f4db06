"""Writes to business cases, benefits and measurements. Object permissions are granted here, never by hand."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from benefits import permissions
from benefits.business_case import COST_ROWS
from benefits.models import (
    BUSINESS_CASE_YEARS,
    Benefit,
    BenefitMeasurement,
    BenefitReminder,
    BenefitUserObjectPermission,
    BusinessCase,
    BusinessCaseLine,
)
from benefits.selectors import benefits_with_latest
from portfolio import stale
from portfolio.dates import danish_date
from portfolio.history import save_with_history
from portfolio.mail import send_portal_mail
from portfolio.models import User
from portfolio.services import submit_once

OWNER_PERMISSIONS = ("record_measurement",)


@transaction.atomic
def benefit_permissions_sync(*, benefit: Benefit) -> None:
    """Make the object permissions on `benefit` match its owner: grant the owner, revoke former owners."""
    granted = set(
        BenefitUserObjectPermission.objects.filter(
            content_object=benefit, permission__codename__in=OWNER_PERMISSIONS
        ).values_list("user_id", flat=True)
    )
    for user in User.objects.filter(pk__in=granted | {benefit.owner_id}):
        for codename in OWNER_PERMISSIONS:
            if user.pk == benefit.owner_id and not benefit.archived:
                assign_perm(f"benefits.{codename}", user, benefit)
            else:
                remove_perm(f"benefits.{codename}", user, benefit)


@transaction.atomic
def benefit_save(*, actor, benefit: Benefit, version=None) -> Benefit:
    """Create or update a benefit after checking the actor may, and the rules (owner is a manager).
    An edit carries the token its form was based on (portfolio.stale)."""
    creating = benefit.pk is None
    allowed = (
        permissions.can_add_benefit(actor, benefit.project)
        if creating
        else permissions.can_edit_benefit(actor, benefit)
    )
    if actor is not None and not allowed:
        raise PermissionDenied
    if not creating:
        stale.check(stale.of(benefit), version)
    benefit.full_clean()
    save_with_history(benefit, actor=actor)
    benefit_permissions_sync(benefit=benefit)
    return benefit


@transaction.atomic
def benefit_archive(*, actor, benefit: Benefit) -> Benefit:
    """Benefits are never deleted: an archived one leaves the lists, keeps its history and measurements,
    and its owner no longer records measurements for it."""
    if actor is not None and not permissions.can_edit_benefit(actor, benefit):
        raise PermissionDenied
    benefit.archived = True
    save_with_history(benefit, actor=actor, update_fields=["archived"])
    benefit_permissions_sync(benefit=benefit)
    return benefit


# A measurement identical to one the same person recorded this recently (same benefit, date and value) is
# the same submit again, whatever the form carried: it is not stored twice. A correction has another value.
MEASUREMENT_REPEAT_WINDOW = datetime.timedelta(minutes=10)


@transaction.atomic
def measurement_record(
    *,
    actor,
    benefit: Benefit,
    measured_on: datetime.date,
    value: Decimal,
    comment: str = "",
    submit_token: str = "",
) -> BenefitMeasurement:
    """Record a measured value: only the benefit's owner (object permission) or the programme group.

    Idempotent: the form's one-time `submit_token` (portfolio.services.submit_once) or, without one, the
    same benefit, date, value and recorder within MEASUREMENT_REPEAT_WINDOW returns the measurement already
    stored instead of a second one. A benefit has no "one measurement per date" rule (a typing error is
    corrected by a new measurement of the same date, the newest counts), so the date alone is no key."""
    if not permissions.can_record_measurement(actor, benefit):
        raise PermissionDenied
    return submit_once(
        actor=actor,
        submit_token=submit_token,
        model=BenefitMeasurement,
        create=lambda: _measurement_create(
            actor=actor, benefit=benefit, measured_on=measured_on, value=value, comment=comment
        ),
    )


def _measurement_create(*, actor, benefit, measured_on, value, comment) -> BenefitMeasurement:
    # One measurement write per benefit at a time: the repeat check below stays true until we commit.
    locked = Benefit.objects.select_for_update().only("pk", "archived").get(pk=benefit.pk)
    if locked.archived:
        raise ValidationError("Gevinsten er arkiveret; der kan ikke registreres nye målinger.")
    measurement = BenefitMeasurement(
        benefit=benefit, measured_on=measured_on, value=value, comment=comment, recorded_by=actor
    )
    measurement.full_clean()
    repeat = (
        BenefitMeasurement.objects.filter(
            benefit=benefit,
            measured_on=measurement.measured_on,
            value=measurement.value,
            recorded_by=actor,
            created_at__gte=timezone.now() - MEASUREMENT_REPEAT_WINDOW,
        )
        .order_by("-pk")
        .first()
    )
    if repeat is not None:
        repeat.submit_replayed = True
        return repeat
    save_with_history(measurement, actor=actor)
    return measurement


def _line_label(line) -> str:
    return (
        f"{BusinessCaseLine.Category(line.category).label}, "
        f"{BusinessCaseLine.Row(line.row).label.lower()}, år {line.year}"
    )


def business_case_scope(project) -> stale.Scope:
    """What the business case grid edits: the case's notes and every amount of its lines."""
    return stale.Scope(
        (
            stale.rows(BusinessCase.objects.filter(project=project), ["notes"]),
            stale.rows(
                BusinessCaseLine.objects.filter(business_case__project=project), ["amount"], _line_label
            ),
        )
    )


@transaction.atomic
def business_case_save(*, actor, project, amounts: dict, notes: str = "", version=None) -> BusinessCase:
    """Write the grid of amounts {(category, row, year): Decimal} as the project's business case.

    Only cells whose amount changed are written (each change gets its own history record); a cell set to
    0 keeps its line at 0, so its history stays."""
    if actor is not None and not permissions.can_edit_business_case(actor, project):
        raise PermissionDenied
    stale.check(business_case_scope(project), version)
    case = BusinessCase.objects.select_for_update().filter(project=project).first()
    if case is None:
        case = BusinessCase(project=project, notes=notes)
        save_with_history(case, actor=actor)
    elif case.notes != notes:
        case.notes = notes
        save_with_history(case, actor=actor, update_fields=["notes", "updated_at"])
    existing = {(line.category, line.row, line.year): line for line in case.lines.all()}
    changed = False
    for (category, row, year), amount in amounts.items():
        amount = Decimal(amount or 0)
        line = existing.get((category, row, year))
        if line is None:
            if not amount:
                continue
            line = BusinessCaseLine(business_case=case, category=category, row=row, year=year)
        elif line.amount == amount:
            continue
        line.amount = amount
        line.full_clean(validate_unique=False)
        save_with_history(line, actor=actor)
        changed = True
    if changed:
        save_with_history(case, actor=actor, update_fields=["updated_at"])  # "ændret" follows the lines
    return case


# The business case row an approved change of budget lands on.
CHANGE_INVESTMENT_ROW = BusinessCaseLine.Row.OTHER_BUSINESS_COSTS


def business_case_year(project, today: datetime.date) -> int:
    """The business case's year (0-5) `today` falls in: years counted from the project's start."""
    start = project.start_date.year if project.start_date else today.year
    return min(max(today.year - start, 0), max(BUSINESS_CASE_YEARS))


@transaction.atomic
def business_case_investment_add(*, actor, project, amount: Decimal, today: datetime.date) -> BusinessCase:
    """Add `amount` (kr., may be negative) to the business case's one-time investment of the current
    year, as an approved change of course does (governance.lifecycle checked who decided it). An increase
    goes on »Andre forretningsomkostninger«; a decrease comes off that year's investment rows in turn,
    none below 0. Each changed line keeps its history."""
    case = BusinessCase.objects.select_for_update().filter(project=project).first()
    if case is None:
        case = save_with_history(BusinessCase(project=project), actor=actor)
    year = business_case_year(project, today)
    category = BusinessCaseLine.Category.INVESTMENT
    lines = {line.row: line for line in case.lines.filter(category=category, year=year)}
    amount = Decimal(amount or 0)
    if amount > 0:
        line = lines.get(CHANGE_INVESTMENT_ROW) or BusinessCaseLine(
            business_case=case, category=category, row=CHANGE_INVESTMENT_ROW, year=year
        )
        line.amount = (line.amount or Decimal(0)) + amount
        save_with_history(line, actor=actor)
    remaining = -amount
    for row in (CHANGE_INVESTMENT_ROW, *[r for r in COST_ROWS if r != CHANGE_INVESTMENT_ROW]):
        line = lines.get(row)
        if remaining <= 0 or line is None or not line.amount:
            continue
        taken = min(line.amount, remaining)
        line.amount -= taken
        remaining -= taken
        save_with_history(line, actor=actor)
    if amount:
        save_with_history(case, actor=actor, update_fields=["updated_at"])
    return case


# ------------------------------------------------------------------------------------------------ reminders


def _reminder_text(benefit: Benefit, due_on: datetime.date) -> tuple[str, str]:
    url = f"{settings.PORTAL_BASE_URL}{benefit.get_absolute_url()}"
    subject = f"Påmindelse: gevinsten »{benefit.title}« skal måles"
    body = (
        f"Kære {benefit.owner.get_full_name() or benefit.owner.username}\n\n"
        f"Du er gevinstejer for »{benefit.title}« i projektet {benefit.project}.\n"
        f"Ifølge måleplanen skulle gevinsten have været målt senest {danish_date(due_on)}.\n\n"
        f"Registrér målingen her: {url}\n\n"
        f"Sådan måles gevinsten: {benefit.measurement_plan or 'se gevinsten i portalen.'}\n\n"
        "Venlig hilsen\nDigitaliseringsportalen"
    )
    return subject, body


def benefit_reminders_send(*, today: datetime.date) -> int:
    """E-mail each owner whose measurement is overdue: once per benefit and due date (BenefitReminder).

    A new measurement moves the due date, so the next overdue occurrence gets its own reminder. The
    mail goes out only when the log row is committed. Returns the number of reminders sent."""
    sent = 0
    candidates = (
        benefits_with_latest()
        .filter(archived=False, project__archived=False, owner__is_active=True)
        .exclude(owner__email="")
        .select_related("owner", "project")
        .order_by("pk")
    )
    for benefit in candidates.iterator(chunk_size=500):
        if not benefit.is_overdue(benefit.last_measured_on, today):
            continue
        due_on = benefit.next_measurement_due(benefit.last_measured_on)
        with transaction.atomic():
            _, created = BenefitReminder.objects.get_or_create(
                benefit=benefit, due_on=due_on, defaults={"recipient": benefit.owner}
            )
            if not created:
                continue
            subject, body = _reminder_text(benefit, due_on)
            recipient = benefit.owner.email
            # send_portal_mail makes the subject safe (a title may hold a line break) and logs a
            # failure instead of raising, so one refused recipient does not stop the others' reminders.
            transaction.on_commit(
                lambda s=subject, b=body, r=recipient: send_portal_mail(s, b, [r]), robust=True
            )
            sent += 1
    return sent

"""The IT-security group's two yearly tasks: the review of the information-security policy and of the
need for a new risk assessment; each done task carries the group's decision."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from governance.bodies.selectors import it_security_group
from governance.common.records import portal_url
from governance.decisions.services import DECISION_TEXT_MAX_CHARS, decision_note
from governance.models import Decision, Membership, SecurityReview
from governance.permissions import can_record_security_review
from portfolio.dates import danish_date
from portfolio.history import save_with_history
from portfolio.mail import send_portal_mail

SECURITY_REVIEW_DUE = (12, 1)  # each year's tasks are due 1 December
SECURITY_REMINDER_DAYS = 30  # remind when a task is due within this many days, or overdue
SECURITY_OUTCOME_MAX_CHARS = 10_000


@transaction.atomic
def security_reviews_ensure(*, year: int) -> list[SecurityReview]:
    """The year's two tasks, created where missing (due 1 December). Idempotent; dates already set stay."""
    reviews = []
    for kind in SecurityReview.Kind.values:
        review, created = SecurityReview.objects.get_or_create(
            year=year, kind=kind, defaults={"due_date": datetime.date(year, *SECURITY_REVIEW_DUE)}
        )
        reviews.append(review)
    return reviews


@transaction.atomic
def security_review_record(
    *, actor, review: SecurityReview, completed_on: datetime.date, outcome: str, decision_text: str
) -> SecurityReview:
    """Record a task as done: the day, the outcome, and the group's decision (a Decision of the
    IT-security group, kept on the task; recording again corrects the same decision, history kept)."""
    if actor is None or not can_record_security_review(actor):
        raise PermissionDenied
    review = (
        SecurityReview.objects.select_for_update(of=("self",)).select_related("decision").get(pk=review.pk)
    )
    errors = {}
    outcome = (outcome or "").strip()
    decision_text = (decision_text or "").strip()
    if completed_on is None:
        errors["completed_on"] = "Angiv, hvornår opgaven blev udført."
    elif completed_on > timezone.localdate():
        errors["completed_on"] = "Datoen kan ikke ligge i fremtiden."
    elif completed_on.year < review.year - 1:
        errors["completed_on"] = f"Datoen ligger for langt før opgavens år ({review.year})."
    if not outcome:
        errors["outcome"] = "Beskriv resultatet."
    elif len(outcome) > SECURITY_OUTCOME_MAX_CHARS:
        errors["outcome"] = "Teksten må højst være 10.000 tegn."
    if not decision_text:
        errors["decision_text"] = "Skriv gruppens beslutning."
    elif len(decision_text) > DECISION_TEXT_MAX_CHARS:
        errors["decision_text"] = "Teksten må højst være 10.000 tegn."
    body = it_security_group()
    if body is None:
        raise ValidationError("Der er ingen IT-sikkerhedsgruppe.")
    if errors:
        raise ValidationError(errors)
    decision = decision_note(
        actor=actor,
        body=body,
        kind=Decision.Kind.ORDINARY,
        text=decision_text,
        decided_on=completed_on,
        decision=review.decision,
        field="decision_text",
    )
    review.completed_on = completed_on
    review.outcome = outcome
    review.decision = decision
    save_with_history(review, actor=actor, clean=True)
    return review


def security_reminder_message(review: SecurityReview, today: datetime.date | None = None) -> tuple[str, str]:
    with translation.override("da"):
        due = danish_date(review.due_date, "weekday")
        overdue = review.due_date < (today or timezone.localdate())
        subject = f"{'Overskredet' if overdue else 'Påmindelse'}: {review.get_kind_display()} {review.year}"
        try:
            path = reverse("governance:security-list")
        except NoReverseMatch:
            path = "/governance/security/"
        body = (
            "Kære medlem af IT-sikkerhedsgruppen\n\n"
            f"Opgaven »{review.get_kind_display()}« for {review.year} har frist {due}"
            f"{' og er overskredet' if overdue else ''}.\n\n"
            f"Registrér resultatet og gruppens beslutning i Digitaliseringsportalen:\n{portal_url(path)}\n\n"
            "Med venlig hilsen\nDigitaliseringsportalen\n"
        )
    return subject, body


def _send_security_reminder(subject: str, body: str, recipients: list[str]) -> None:
    send_portal_mail(subject, body, recipients)


@transaction.atomic
def security_reviews_remind(*, today: datetime.date | None = None) -> int:
    """E-mail the IT-security group's active members once per task that is not done and is due within
    SECURITY_REMINDER_DAYS days or overdue; sent after commit. Makes sure this year's tasks exist first.
    A task is marked reminded only when there is someone to remind. Returns the number of tasks reminded."""
    today = today or timezone.localdate()
    security_reviews_ensure(year=today.year)
    body = it_security_group()
    if body is None:
        return 0
    recipients = sorted(
        set(
            Membership.objects.active_on(today)
            .filter(body=body, user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )
    if not recipients:
        return 0
    due = SecurityReview.objects.select_for_update(skip_locked=True).filter(
        completed_on__isnull=True,
        reminder_sent_at__isnull=True,
        due_date__lte=today + datetime.timedelta(days=SECURITY_REMINDER_DAYS),
    )
    sent = 0
    for review in due.order_by("due_date", "pk"):
        review.reminder_sent_at = timezone.now()
        save_with_history(review, actor=None, update_fields=["reminder_sent_at"])
        subject, message = security_reminder_message(review, today)
        transaction.on_commit(
            lambda s=subject, m=message, r=recipients: _send_security_reminder(s, m, r), robust=True
        )
        sent += 1
    return sent

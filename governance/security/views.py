"""The IT-security group's two yearly tasks: due dates, outcome, the decision; overdue ones stand out."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from governance.bodies import selectors as body_selectors
from governance.models import SecurityReview
from governance.permissions import can_record_security_review
from governance.security import services
from governance.security.forms import SecurityReviewForm
from portfolio.forms import REFUSED, form_service


def _state(review, today) -> tuple[str, str]:
    """(label, badge class) of a task."""
    if review.completed_on:
        return "Udført", "badge-success"
    if review.due_date < today:
        return "Overskredet", "badge-error"
    if review.due_date <= today + datetime.timedelta(days=services.SECURITY_REMINDER_DAYS):
        return "Frist snart", "badge-warning"
    return "Planlagt", "badge-info"


@require_safe
def security_list(request):
    today = timezone.localdate()
    if SecurityReview.objects.filter(year=today.year).count() < len(SecurityReview.Kind.values):
        services.security_reviews_ensure(year=today.year)
    reviews = list(SecurityReview.objects.select_related("decision").order_by("-year", "due_date", "kind"))
    years = {}
    for review in reviews:
        review.state, review.state_class = _state(review, today)
        review.overdue = review.state == "Overskredet"
        years.setdefault(review.year, []).append(review)
    return render(
        request,
        "governance/security_list.html",
        {
            "years": sorted(years.items(), reverse=True),
            "overdue": [review for review in reviews if review.overdue],
            "group": body_selectors.it_security_group(),
            "can_record": can_record_security_review(request.user),
            "today": today,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def security_record(request, pk):
    review = get_object_or_404(SecurityReview.objects.select_related("decision"), pk=pk)
    if not can_record_security_review(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = SecurityReviewForm(request.POST)
        recorded = form_service(
            form, lambda data: services.security_review_record(actor=request.user, review=review, **data)
        )
        if recorded is not REFUSED:
            messages.success(request, f"{review.get_kind_display()} {review.year} er registreret.")
            return redirect("governance:security-list")
    else:
        initial = {}
        if review.completed_on:
            initial = {
                "completed_on": review.completed_on,
                "outcome": review.outcome,
                "decision_text": review.decision.text if review.decision else "",
            }
        form = SecurityReviewForm(initial=initial)
    return render(
        request,
        "governance/security_form.html",
        {"review": review, "form": form},
        status=400 if request.method == "POST" else 200,
    )

"""IOD's idea pipeline: propose, score, fund (the steering group) and turn into an IOD project."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from governance.ideas import services
from governance.ideas.forms import IdeaForm, IdeaFundForm, IdeaScoreForm
from governance.ideas.services import OWN_IDEA_MESSAGE
from governance.models import Idea
from governance.permissions import (
    can_fund_idea,
    can_make_idea_project,
    can_manage_ideas,
    can_score_idea,
    is_own_idea,
)
from portfolio.forms import REFUSED, form_service
from portfolio.history import history_entries

BAND_CLASSES = {
    services.IDEA_BAND_HIGH: "badge-success",
    services.IDEA_BAND_MEDIUM: "badge-warning",
    services.IDEA_BAND_LOW: "badge-info",
}


def _decorate(idea) -> Idea:
    idea.total = services.idea_total(idea)
    idea.band = services.idea_priority_band(idea.total)
    idea.band_class = BAND_CLASSES.get(idea.band, "")
    return idea


@require_safe
def idea_list(request):
    total = sum((F(name) for name in Idea.SCORE_FIELDS[1:]), F(Idea.SCORE_FIELDS[0]))
    ideas = [
        _decorate(idea)
        for idea in Idea.objects.select_related("proposer", "project")
        .prefetch_related("focus_areas")
        .annotate(score_total=total)
        .order_by(F("score_total").desc(nulls_last=True), "-created_at")
    ]
    open_statuses = (Idea.Status.PROPOSED, Idea.Status.SCORED, Idea.Status.FUNDED)
    return render(
        request,
        "governance/idea_list.html",
        {
            "open_ideas": [idea for idea in ideas if idea.status in open_statuses],
            "closed_ideas": [idea for idea in ideas if idea.status not in open_statuses],
            "can_score": can_score_idea(request.user),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def idea_create(request):
    """Anyone logged in may propose an idea: innovation comes from the whole organisation."""
    form = IdeaForm(request.POST if request.method == "POST" else None)
    idea = form_service(
        form,
        lambda data: services.idea_propose(
            actor=request.user,
            title=data["title"],
            description=data["description"],
            focus_areas=data["focus_areas"],
            submit_token=data["submit_token"],
        ),
    )
    if idea is not REFUSED:
        messages.success(request, "Tak for idéen. IOD vurderer den.")
        return redirect("governance:idea-detail", pk=idea.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "governance/idea_form.html", {"form": form}, status=status)


def _idea(pk) -> Idea:
    queryset = Idea.objects.select_related("proposer", "project", "funding_decision__body").prefetch_related(
        "focus_areas"
    )
    return _decorate(get_object_or_404(queryset, pk=pk))


def _detail(request, idea, *, status=200, **forms):
    user = request.user
    may_score = can_score_idea(user, idea) and idea.status in (Idea.Status.PROPOSED, Idea.Status.SCORED)
    may_fund = can_fund_idea(user, idea) and idea.status == Idea.Status.SCORED
    context = {
        "idea": idea,
        "scores": [
            (Idea._meta.get_field(name).verbose_name.capitalize(), getattr(idea, name))
            for name in Idea.SCORE_FIELDS
        ],
        "may_score": may_score,
        "may_fund": may_fund,
        "may_reject": can_manage_ideas(user) and idea.status in (Idea.Status.PROPOSED, Idea.Status.SCORED),
        "may_make_project": can_make_idea_project(user) and idea.status == Idea.Status.FUNDED,
        "own_idea": is_own_idea(user, idea),
        "history": history_entries(idea.history.all()),
    }
    if may_score:
        initial = {name: getattr(idea, name) for name in Idea.SCORE_FIELDS}
        context["score_form"] = forms.get("score_form") or IdeaScoreForm(initial=initial)
    if may_fund:
        context["fund_form"] = forms.get("fund_form") or IdeaFundForm()
    return render(request, "governance/idea_detail.html", context, status=status)


@require_safe
def idea_detail(request, pk):
    return _detail(request, _idea(pk))


@require_POST
def idea_score(request, pk):
    idea = _idea(pk)
    if is_own_idea(request.user, idea):
        raise PermissionDenied(OWN_IDEA_MESSAGE)
    if not can_score_idea(request.user):
        raise PermissionDenied
    form = IdeaScoreForm(request.POST)
    scored = form_service(form, lambda data: services.idea_score(actor=request.user, idea=idea, scores=data))
    if scored is not REFUSED:
        messages.success(request, "Vurderingen er gemt.")
        return redirect("governance:idea-detail", pk=idea.pk)
    return _detail(request, idea, status=400, score_form=form)


@require_POST
def idea_fund(request, pk):
    idea = _idea(pk)
    if is_own_idea(request.user, idea):
        raise PermissionDenied(OWN_IDEA_MESSAGE)
    if not can_fund_idea(request.user):
        raise PermissionDenied
    form = IdeaFundForm(request.POST)
    funded = form_service(
        form,
        lambda data: services.idea_fund(
            actor=request.user,
            idea=idea,
            amount=data["amount"],
            decided_on=data["decided_on"],
            text=data["text"],
        ),
    )
    if funded is not REFUSED:
        messages.success(request, "Idéen er finansieret, og bevillingen står i beslutningsloggen.")
        return redirect("governance:idea-detail", pk=idea.pk)
    return _detail(request, idea, status=400, fund_form=form)


@require_POST
def idea_make_project(request, pk):
    idea = _idea(pk)
    try:
        project = services.idea_make_project(actor=request.user, idea=idea)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("governance:idea-detail", pk=idea.pk)
    messages.success(request, f"Idéen er nu IOD-projektet {project}.")
    return redirect(project.get_absolute_url())


@require_POST
def idea_reject(request, pk):
    idea = _idea(pk)
    try:
        services.idea_reject(actor=request.user, idea=idea)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, "Idéen er afvist.")
    return redirect("governance:idea-detail", pk=idea.pk)

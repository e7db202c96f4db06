"""Edit a project's milestones and risks on their own pages: a milestone's forecast date (its baseline
date stays), a risk re-scored. Both forms are stale-safe and show the item's change history."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from portfolio import services
from portfolio.forms import REFUSED, form_service
from portfolio.history import history_entries
from portfolio.models import Milestone, Project, Risk
from portfolio.permissions import get_object_for_user_or_404
from portfolio.project_forms import MilestoneEditForm, RiskForm


def _editable_project(request, pk):
    return get_object_for_user_or_404(
        request.user, "portfolio.change_project", Project.objects.filter(archived=False), pk=pk
    )


def _refuse_finished(request, project):
    """A closed or stopped project is read-only: say so on the project page instead of a form."""
    try:
        services.project_require_open(project)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(project)
    return None


def _edit(request, project, item, form_class, *, prefix, template, noun):
    form = form_class(request.POST if request.method == "POST" else None, instance=item, prefix=prefix)
    saved = form_service(
        form,
        lambda data: services.project_item_save(
            actor=request.user, item=form.save(commit=False), version=data["version"]
        ),
    )
    if saved is not REFUSED:
        messages.success(request, f"{noun} er gemt.")
        return redirect(f"{project.get_absolute_url()}#{prefix}-section")
    return render(
        request,
        template,
        {
            "project": project,
            "item": item,
            "form": form,
            "history": history_entries(type(item).history.filter(id=item.pk)),
        },
    )


@require_http_methods(["GET", "POST"])
def milestone_edit(request, pk, milestone_pk):
    project = _editable_project(request, pk)
    milestone = get_object_or_404(
        Milestone.objects.select_related("owner"), pk=milestone_pk, project=project, archived=False
    )
    refused = _refuse_finished(request, project)
    if refused:
        return refused
    return _edit(
        request,
        project,
        milestone,
        MilestoneEditForm,
        prefix="milepaele",
        template="portfolio/milestone_form.html",
        noun="Milepælen",
    )


@require_http_methods(["GET", "POST"])
def risk_edit(request, pk, risk_pk):
    project = _editable_project(request, pk)
    risk = get_object_or_404(Risk.objects.select_related("owner"), pk=risk_pk, project=project)
    refused = _refuse_finished(request, project)
    if refused:
        return refused
    return _edit(
        request,
        project,
        risk,
        RiskForm,
        prefix="risici",
        template="portfolio/risk_form.html",
        noun="Risikoen",
    )

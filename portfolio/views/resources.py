"""A project's resource plan: the hours each unit gives it per quarter, kept by its leader, deputies and
the programme group."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from portfolio.capacity import selectors as capacity_selectors
from portfolio.capacity import services as capacity_services
from portfolio.capacity.forms import HoursGridForm
from portfolio.forms import REFUSED, form_service
from portfolio.models import Project
from portfolio.permissions import get_object_for_user_or_404
from portfolio.services import project_require_open


@require_http_methods(["GET", "POST"])
def project_resources(request, pk):
    project = get_object_for_user_or_404(
        request.user,
        "portfolio.change_project",
        Project.objects.filter(archived=False).select_related("anchoring"),
        pk=pk,
    )
    try:
        project_require_open(project)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(project)
    grid = capacity_selectors.resource_grid(project, timezone.localdate())
    form = HoursGridForm(
        request.POST if request.method == "POST" else None,
        units=grid.units,
        quarters=grid.quarters,
        initial_cells=grid.initial(),
        addable=grid.addable,
        stale_scope=capacity_services.resource_plan_scope(project),
    )
    saved = form_service(
        form,
        lambda data: capacity_services.resource_plan_save(
            actor=request.user, project=project, cells=form.cells(), version=data["version"]
        ),
    )
    if saved is not REFUSED:
        messages.success(request, "Ressourceplanen er gemt.")
        return redirect(f"{project.get_absolute_url()}#ressourcer")
    context = {
        "project": project,
        "grid": grid,
        "form": form,
        "history": capacity_selectors.resource_plan_history(project),
    }
    return render(request, "portfolio/project_resources.html", context)

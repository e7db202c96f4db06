"""The phase plan page: the leader keeps each phase's forecast start and end."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from portfolio.forms import REFUSED, form_service
from portfolio.lifecycle import selectors as lifecycle_selectors
from portfolio.lifecycle import services as lifecycle_services
from portfolio.lifecycle.forms import PhasePlanForm
from portfolio.models import Project
from portfolio.permissions import get_object_for_user_or_404
from portfolio.services import project_require_open


@require_http_methods(["GET", "POST"])
def project_plan(request, pk):
    project = get_object_for_user_or_404(
        request.user, "portfolio.change_project", Project.objects.filter(archived=False), pk=pk
    )
    try:
        project_require_open(project)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(project)
    form = PhasePlanForm(request.POST if request.method == "POST" else None, project=project)
    saved = form_service(
        form,
        lambda data: lifecycle_services.phase_plan_save(
            actor=request.user, project=project, dates=form.dates(), version=data["version"]
        ),
    )
    if saved is not REFUSED:
        messages.success(request, "Faseplanen er gemt.")
        return redirect(f"{project.get_absolute_url()}#faser")
    context = {
        "project": project,
        "form": form,
        "history": lifecycle_selectors.phase_plan_history(project),
    }
    return render(request, "portfolio/project_plan.html", context)

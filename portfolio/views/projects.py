from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portfolio import project_page, services
from portfolio.capacity import selectors as capacity_selectors
from portfolio.forms import REFUSED, form_service
from portfolio.lifecycle import closing
from portfolio.lifecycle import services as lifecycle_services
from portfolio.models import Milestone, Project, Risk
from portfolio.permissions import get_object_for_user_or_404, user_perms_on
from portfolio.project_forms import MilestoneForm, ProjectForm, RiskForm
from portfolio.roadmap import selectors as roadmap_selectors
from portfolio.roadmap.chart import timeline_chart


@require_GET
def project_detail(request, pk):
    project = project_page.project_for_page(request.user, pk)
    context = project_page.project_page(project)
    perms = user_perms_on(request.user, project)
    # A closed or stopped project is read-only: no edit is offered (its benefits live on in their section).
    context["can_edit"] = "portfolio.change_project" in perms and not project.is_finished
    context["can_report"] = "portfolio.report_status" in perms and not project.is_finished
    context["closing_report"] = report = getattr(project, "closing_report", None)
    context["closing_offered"] = closing.closing_offered(project, report, can_edit=context["can_edit"])
    context["finished_on"] = closing.finished_on(project)
    context["roadmap_row"] = _roadmap_row(project, context["milestones"])
    context["resources"] = capacity_selectors.project_resource_summary(project)
    if context["can_edit"]:
        context["milestone_form"] = MilestoneForm(prefix="milestone")
        context["risk_form"] = RiskForm(prefix="risk")
    return render(request, "portfolio/project_detail.html", context)


def _roadmap_row(project, milestones):
    """The project's own row of the roadmap over a window that covers it (None without a dated phase)."""
    today = timezone.localdate()
    found = roadmap_selectors.project_roadmap(project, milestones=milestones, today=today)
    if found is None:
        return None
    row, start, months = found
    return timeline_chart(
        [row], start=start, months=months, today=today, title=f"Køreplan for {project.number}"
    )


@require_http_methods(["GET", "POST"])
def project_create(request):
    if not request.user.has_perm("portfolio.add_project"):
        raise PermissionDenied
    form = ProjectForm(request.POST if request.method == "POST" else None)
    project = form_service(
        form,
        lambda data: lifecycle_services.project_create(
            actor=request.user,
            project=form.save(commit=False),
            focus_areas=data["focus_areas"],
            deputies=data["deputies"],
            submit_token=data["submit_token"],
        ),
    )
    if project is not REFUSED:
        messages.success(
            request,
            f"Projektet »{project.name}« er oprettet som {project.number}. "
            "Planlæg nu faserne: hvornår projektet forventes at starte og slutte i hver fase.",
        )
        return redirect(project)
    return render(request, "portfolio/project_form.html", {"form": form, "project": None})


@require_http_methods(["GET", "POST"])
def project_edit(request, pk):
    project = get_object_for_user_or_404(
        request.user, "portfolio.change_project", Project.objects.filter(archived=False), pk=pk
    )
    if project.is_finished:
        messages.error(
            request, services.FINISHED_PROJECT_MESSAGE.format(phase=project.get_phase_display().lower())
        )
        return redirect(project)
    form = ProjectForm(
        request.POST if request.method == "POST" else None,
        instance=project,
        may_change_model=services.may_change_project_model(request.user),
    )
    saved = form_service(
        form,
        lambda data: services.project_save(
            actor=request.user,
            project=form.save(commit=False),
            focus_areas=data["focus_areas"],
            deputies=data["deputies"],
            version=data["version"],
        ),
    )
    if saved is not REFUSED:
        messages.success(request, "Ændringerne er gemt.")
        return redirect(project)
    return render(request, "portfolio/project_form.html", {"form": form, "project": project})


MILESTONES = "portfolio/_milestones.html"
RISKS = "portfolio/_risks.html"


def _editable_project(request, pk):
    return get_object_for_user_or_404(
        request.user, "portfolio.change_project", Project.objects.filter(archived=False), pk=pk
    )


def _section_response(request, project, template, **extra):
    """htmx swaps in the section; without JavaScript the browser goes back to the project page."""
    if request.htmx:
        context = project_page.project_page(project)
        context.update(can_edit=True, milestone_form=MilestoneForm(prefix="milestone"), **extra)
        context.setdefault("risk_form", RiskForm(prefix="risk"))
        return render(request, template, context)
    return redirect(project)


def _save_item(request, project, form, *, noun, saved, template):
    """Save a milestone or risk form, with a Danish message either way, and answer with the section."""
    # A stale save or a finished project's refusal lands on the form like any invalid input.
    item = form_service(
        form,
        lambda data: services.project_item_save(
            actor=request.user, item=form.save(commit=False), version=data["version"]
        ),
    )
    if item is not REFUSED:
        messages.success(request, f"{noun} er {saved}.")
    else:
        messages.error(request, f"{noun} blev ikke gemt: {_errors_text(form)}")
    return _section_response(request, project, template)


@require_POST
def milestone_add(request, pk):
    project = _editable_project(request, pk)
    form = MilestoneForm(request.POST, prefix="milestone", instance=Milestone(project=project))
    return _save_item(request, project, form, noun="Milepælen", saved="tilføjet", template=MILESTONES)


@require_POST
def milestone_update(request, pk, milestone_pk):
    project = _editable_project(request, pk)
    milestone = get_object_or_404(Milestone, pk=milestone_pk, project=project, archived=False)
    if request.POST.get("action") == "archive":
        try:
            services.milestone_archive(actor=request.user, milestone=milestone)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Milepælen er fjernet fra listen (den bevares i historikken).")
        return _section_response(request, project, MILESTONES)
    form = MilestoneForm(request.POST, prefix=f"m{milestone.pk}", instance=milestone)
    return _save_item(request, project, form, noun="Milepælen", saved="opdateret", template=MILESTONES)


@require_POST
def risk_add(request, pk):
    project = _editable_project(request, pk)
    form = RiskForm(request.POST, prefix="risk", instance=Risk(project=project))
    return _save_item(request, project, form, noun="Risikoen", saved="tilføjet", template=RISKS)


@require_POST
def risk_update(request, pk, risk_pk):
    project = _editable_project(request, pk)
    risk = get_object_or_404(Risk, pk=risk_pk, project=project)
    form = RiskForm(request.POST, prefix=f"r{risk.pk}", instance=risk)
    return _save_item(request, project, form, noun="Risikoen", saved="opdateret", template=RISKS)


def _errors_text(form):
    return " ".join(
        f"{form.fields[name].label if name in form.fields else ''}: {' '.join(errors)}".strip(": ")
        for name, errors in form.errors.items()
    )

"""The register of national initiatives the programme group keeps: list, page, create and edit.

Who may keep it: whoever holds the global `portfolio.change_project` permission, i.e. the programme
group (governance/roles.py), which keeps the portfolio. A project leader's object permission on their
own project does not count: `user.has_perm(perm)` without an object asks only for global rights.
No new permission is needed, so no migration.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from portfolio.history import history_entries
from portfolio.initiatives import services
from portfolio.initiatives.forms import ExternalInitiativeForm
from portfolio.models import ACTIVE_PHASES, ExternalInitiative, Project
from portfolio.stale import StaleEditError

KEEP = "portfolio.change_project"


def can_keep(user) -> bool:
    """May `user` create and edit national initiatives? (Global permission only.)"""
    return user.has_perm(KEEP)


def _require_keeper(user):
    if not can_keep(user):
        raise PermissionDenied


def _with_counts(queryset):
    not_archived = Q(projects__archived=False)
    return queryset.annotate(
        project_count=Count("projects", filter=not_archived),
        active_count=Count("projects", filter=not_archived & Q(projects__phase__in=ACTIVE_PHASES)),
    )


@require_GET
def initiative_list(request):
    initiatives = _with_counts(ExternalInitiative.objects.all()).order_by("name")
    return render(
        request,
        "portfolio/initiative_list.html",
        {"initiatives": initiatives, "can_keep": can_keep(request.user)},
    )


@require_GET
def initiative_detail(request, pk):
    initiative = get_object_or_404(
        _with_counts(ExternalInitiative.objects.all()).prefetch_related(
            Prefetch(
                "projects",
                queryset=Project.objects.not_archived().order_by("number"),
                to_attr="listed_projects",
            )
        ),
        pk=pk,
    )
    return render(
        request,
        "portfolio/initiative_detail.html",
        {
            "initiative": initiative,
            "can_keep": can_keep(request.user),
            "history": history_entries(initiative.history.all()),
        },
    )


def _save(request, form):
    return services.initiative_save(
        actor=request.user, initiative=form.save(commit=False), version=form.cleaned_data["version"]
    )


@require_http_methods(["GET", "POST"])
def initiative_create(request):
    _require_keeper(request.user)
    form = ExternalInitiativeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        initiative = _save(request, form)
        messages.success(request, f"Initiativet »{initiative.name}« er oprettet.")
        return redirect(reverse("initiatives:detail", args=[initiative.pk]))
    return render(request, "portfolio/initiative_form.html", {"form": form, "initiative": None})


@require_http_methods(["GET", "POST"])
def initiative_edit(request, pk):
    _require_keeper(request.user)
    initiative = get_object_or_404(ExternalInitiative, pk=pk)
    form = ExternalInitiativeForm(request.POST if request.method == "POST" else None, instance=initiative)
    if request.method == "POST" and form.is_valid():
        try:
            _save(request, form)
        except StaleEditError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Ændringerne er gemt.")
            return redirect(reverse("initiatives:detail", args=[initiative.pk]))
    return render(request, "portfolio/initiative_form.html", {"form": form, "initiative": initiative})

"""The system portfolio: list (filters, sorting, htmx, CSV/Excel), page, create, edit and KITOS import."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from portfolio import selectors
from portfolio.forms import form_add_service_errors
from portfolio.models import ITSystem
from portfolio.permissions import get_object_for_user_or_404, user_can
from portfolio.systems import exports as system_exports
from portfolio.systems import kitos
from portfolio.systems import services as system_services
from portfolio.systems.filters import MAX_WATCH_MONTHS, SYSTEM_SORT_LABELS, SystemFilter
from portfolio.systems.forms import RELATION_FIELDS, ITSystemForm, KitosImportForm
from portfolio.systems.selectors import contract_watch_first
from portfolio.views.lists import htmx_list_response, query_string, sort_columns

SYSTEMS_PER_PAGE = 50
WATCH_ROWS = 10  # the watch box's first rows; the rest through the watch filter (as on the dashboard)
ADD = "portfolio.add_itsystem"
CHANGE = "portfolio.change_itsystem"
# Columns of the list, in order: (label, sort key or None).
COLUMNS = [
    ("System", "name"),
    ("Leverandør", "vendor"),
    ("Ejende enhed", "owner_unit"),
    ("Livscyklus", "lifecycle"),
    ("Kritikalitet", "criticality"),
    ("Fælleskommunal infrastruktur", None),
    ("Kontraktudløb", "contract_end"),
    ("Frist for opsigelse", "notice_deadline"),
    ("Projekter", None),
]


def _filtered_systems(request, today):
    filterset = SystemFilter(
        request.GET, queryset=selectors.system_list(request.user), request=request, today=today
    )
    systems = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    return filterset, systems


@require_GET
def system_list(request):
    today = timezone.localdate()
    filterset, systems = _filtered_systems(request, today)
    page = Paginator(systems, SYSTEMS_PER_PAGE).get_page(request.GET.get("page"))
    export_query = query_string(request, page=None)
    months = filterset.watch_months
    watch_systems, watch_total = contract_watch_first(
        selectors.systems_visible_to(request.user), today=today, months=months, rows=WATCH_ROWS
    )
    context = {
        "filter": filterset,
        "form": filterset.form,
        "select_fields": [
            filterset.form[name] for name in ("lifecycle", "criticality", "common", "owner_unit")
        ],
        "ordering_value": ",".join(filterset.form.cleaned_data.get("ordering") or []),
        "page": page,
        "systems": page.object_list,
        "columns": sort_columns(
            request, filterset, columns=COLUMNS, sort_labels=SYSTEM_SORT_LABELS, default_key="name"
        ),
        "is_filtered": any(value for key, value in request.GET.items() if key not in {"page", "ordering"}),
        "export_csv_url": reverse("systems:export-csv") + export_query,
        "export_xlsx_url": reverse("systems:export-xlsx") + export_query,
        "watch_systems": watch_systems,
        "watch_total": watch_total,
        # The whole watch is the list below with the watch filter (paged like every list).
        "watch_all_url": reverse("systems:list")
        + "?watch=on"
        + ("" if months == selectors.DEFAULT_WATCH_MONTHS else f"&months={months}"),
        "months": months,
        "max_months": MAX_WATCH_MONTHS,
        "today": today,
        "can_add": request.user.has_perm(ADD),
        "can_import": request.user.has_perm(ADD) and request.user.has_perm(CHANGE),
    }
    return htmx_list_response(
        request,
        context,
        page_template="portfolio/system_list.html",
        results_template="portfolio/_system_table.html",
    )


@require_GET
def system_export_csv(request):
    today = timezone.localdate()
    _, systems = _filtered_systems(request, today)
    return system_exports.systems_csv(systems, today=today)


@require_GET
def system_export_xlsx(request):
    today = timezone.localdate()
    _, systems = _filtered_systems(request, today)
    return system_exports.systems_xlsx(systems, today=today)


class WatchWindowForm(forms.Form):
    months = forms.IntegerField(
        label="Vindue (måneder)", min_value=1, max_value=MAX_WATCH_MONTHS, required=False
    )


@require_GET
def system_detail(request, pk):
    system = get_object_for_user_or_404(
        request.user, None, selectors.system_detail_queryset(request.user), pk=pk
    )
    window = WatchWindowForm(request.GET)
    months = (
        window.cleaned_data.get("months") if window.is_valid() else None
    ) or selectors.DEFAULT_WATCH_MONTHS
    context = selectors.system_page(system, months=months)
    context["window_form"] = window
    context["max_months"] = MAX_WATCH_MONTHS
    context["can_edit"] = user_can(request.user, CHANGE, system)
    return render(request, "portfolio/system_detail.html", context)


def _form_context(form, system):
    return {
        "form": form,
        "system": system,
        "relation_fields": [form[name] for name in RELATION_FIELDS.values()],
    }


@require_http_methods(["GET", "POST"])
def system_create(request):
    if not request.user.has_perm(ADD):
        raise PermissionDenied
    form = ITSystemForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            system = system_services.system_save(
                actor=request.user, system=form.save(commit=False), links=form.project_links()
            )
        except ValidationError as error:  # a link to a closed or stopped project
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"Systemet »{system.name}« er oprettet.")
            return redirect(system)
    return render(request, "portfolio/system_form.html", _form_context(form, None))


@require_http_methods(["GET", "POST"])
def system_edit(request, pk):
    system = get_object_for_user_or_404(request.user, CHANGE, ITSystem.objects.filter(archived=False), pk=pk)
    form = ITSystemForm(request.POST if request.method == "POST" else None, instance=system)
    if request.method == "POST" and form.is_valid():
        try:
            system_services.system_save(
                actor=request.user,
                system=form.save(commit=False),
                links=form.project_links(),
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:  # a stale save, or a closed project's link
            form_add_service_errors(form, error)
        else:
            messages.success(request, "Ændringerne er gemt.")
            return redirect(system)
    return render(request, "portfolio/system_form.html", _form_context(form, system))


@require_http_methods(["GET", "POST"])
def system_import(request):
    """Upload an OS2 KITOS export: the import creates and changes systems, so it takes both rights."""
    if not (request.user.has_perm(ADD) and request.user.has_perm(CHANGE)):
        raise PermissionDenied
    form = KitosImportForm(request.POST, request.FILES) if request.method == "POST" else KitosImportForm()
    result = error = None
    if request.method == "POST" and form.is_valid():
        try:
            result = kitos.import_upload(
                form.cleaned_data["file"], dry_run=form.cleaned_data["dry_run"], actor=request.user
            )
        except kitos.KitosError as refused:
            error = str(refused)
    context = {"form": form, "result": result, "error": error}
    return render(request, "portfolio/system_import.html", context, status=400 if error else 200)

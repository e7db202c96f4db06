from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portfolio import selectors
from portfolio.permissions import get_object_for_user_or_404


@require_GET
def overview(request):
    return render(request, "portfolio/overview.html", selectors.portfolio_overview(request.user))


PROJECTS_PER_PAGE = 50


@require_GET
def project_list(request):
    # get_page turns a missing, malformed or too large page number into a valid page: never a 500.
    page = Paginator(selectors.project_list(request.user), PROJECTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "portfolio/project_list.html", {"page": page, "projects": page.object_list})


@require_GET
def project_detail(request, pk):
    project = get_object_for_user_or_404(
        request.user, None, selectors.project_detail_queryset(request.user), pk=pk
    )
    return render(request, "portfolio/project_detail.html", selectors.project_page(project))


@login_not_required
@never_cache
@require_GET
def health(request):
    """Liveness and readiness for the load balancer: the database answers a query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "not ready"
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})

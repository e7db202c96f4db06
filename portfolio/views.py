from django.contrib.auth.decorators import login_not_required
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


@require_GET
def project_list(request):
    projects = selectors.project_list(request.user)
    return render(request, "portfolio/project_list.html", {"projects": projects})


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

from django.shortcuts import render
from django.views.decorators.http import require_GET

from portfolio import selectors
from portfolio.permissions import get_object_for_user_or_404


@require_GET
def project_detail(request, pk):
    project = get_object_for_user_or_404(
        request.user, None, selectors.project_detail_queryset(request.user), pk=pk
    )
    return render(request, "portfolio/project_detail.html", selectors.project_page(project))

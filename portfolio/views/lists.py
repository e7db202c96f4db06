from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from portfolio import selectors

PROJECTS_PER_PAGE = 50


@require_GET
def project_list(request):
    # get_page turns a missing, malformed or too large page number into a valid page: never a 500.
    page = Paginator(selectors.project_list(request.user), PROJECTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "portfolio/project_list.html", {"page": page, "projects": page.object_list})

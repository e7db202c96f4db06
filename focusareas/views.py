from django.shortcuts import render
from django.views.decorators.http import require_GET

from focusareas import selectors


@require_GET
def focus_area_list(request):
    return render(
        request, "focusareas/focus_area_list.html", {"periods": selectors.periods_with_focus_areas()}
    )

"""Datakvalitet (/data-quality/): the programme group's list of what is missing in the portfolio's data,
rule by rule, each row linked to the page where it is fixed. The overview counts every rule and shows its
first rows; ?regel=<the rule's key> pages through one rule's rows."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from governance.dataquality import selectors
from governance.dataquality.rows import ROWS_PER_PAGE
from governance.permissions import can_see_data_quality

DENIED_MESSAGE = (
    "Datakvalitet er for programgruppen og for sekretærerne, der forbereder Project Board. "
    "Du kan se hele porteføljen under Projekter."
)


@require_safe
def data_quality(request):
    if not can_see_data_quality(request.user):
        raise PermissionDenied(DENIED_MESSAGE)
    today = timezone.localdate()
    key = request.GET.get("regel")
    if key in selectors.RULE_KEYS:
        rules = selectors.data_quality_rules(
            today, key=key, page_number=request.GET.get("page"), per_page=ROWS_PER_PAGE
        )
        context = {"rules": rules, "paged": True, "today": today}
    else:
        rules = selectors.data_quality_rules(today)
        context = {"rules": rules, "total": sum(rule.count for rule in rules), "today": today}
    return render(request, "governance/data_quality.html", context)

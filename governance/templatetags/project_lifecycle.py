"""What governance offers on a project's pages about its life (requests to its bodies, closing, stopping).
Portfolio's templates include governance's or ask these tags, so the project register never imports
governance; the rights themselves are governance's (governance.permissions). No tag queries what the page
prefetched (portfolio.selectors.project_page)."""

from django import template

from governance.lifecycle.closing import may_decide_closing
from governance.lifecycle.selectors import project_request_panel as panel_for
from governance.permissions import can_stop_project

register = template.Library()


@register.simple_tag(takes_context=True)
def project_request_panel(context, project, requests, can_edit):
    """The requests section's offers: `can_edit` is the user's right on the project, already looked up."""
    return panel_for(context["request"].user, project, requests, may_edit=bool(can_edit))


@register.simple_tag(takes_context=True)
def may_stop_project(context, project) -> bool:
    """{% may_stop_project project as can_stop %}: the programme or steering group's chair or a member."""
    return can_stop_project(context["request"].user, project)


@register.simple_tag(takes_context=True)
def may_decide_closing_report(context, report) -> bool:
    """{% may_decide_closing_report report as can_decide %}: the programme group's chair or a member who
    neither wrote nor sent the report, while it waits for the programme group."""
    return may_decide_closing(context["request"].user, report)

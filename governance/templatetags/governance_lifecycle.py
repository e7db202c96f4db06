"""What governance offers on portfolio's pages about a project's end: portfolio's templates ask these,
so the project register never imports governance (the rights are governance's, in governance.permissions)."""

from django import template

from governance.lifecycle.closing import may_decide_closing
from governance.permissions import can_stop_project

register = template.Library()


@register.simple_tag(takes_context=True)
def may_stop_project(context, project) -> bool:
    """{% may_stop_project project as can_stop %}: the programme or steering group's chair or a member."""
    return can_stop_project(context["request"].user, project)


@register.simple_tag(takes_context=True)
def may_decide_closing_report(context, report) -> bool:
    """{% may_decide_closing_report report as can_decide %}: the programme group's chair or a member who
    neither wrote nor sent the report, while it waits for the programme group."""
    return may_decide_closing(context["request"].user, report)

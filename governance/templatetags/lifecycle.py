"""The project page's requests section (templates/governance/_project_requests.html): portfolio's page
includes governance's template, which asks governance what to offer. No queries: the page prefetched the
requests (portfolio.selectors.project_page) and looked up the user's rights on the project (`can_edit`)."""

from django import template

from governance.lifecycle.selectors import project_request_panel as panel_for

register = template.Library()


@register.simple_tag(takes_context=True)
def project_request_panel(context, project, requests, can_edit):
    return panel_for(context["request"].user, project, requests, may_edit=bool(can_edit))

import functools

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.functional import SimpleLazyObject

from portfolio.roles import portal_roles

# The main navigation, in the order of the customer's design. An entry whose page does not exist
# yet (its URL name does not resolve) stays out of the navigation rather than showing a placeholder.
NAVIGATION = [
    ("Overblik", "overview"),
    ("Projekter", "portfolio:project-list"),
    ("Køreplan", "roadmap:index"),
    ("Kapacitet", "governance:capacity"),
    ("Mine projekter", "portfolio:my-projects"),
    ("Mine gevinster", "benefits:mine"),
    ("Erfaringer", "lessons:list"),
    ("Fokusområder", "focusareas:list"),
    ("Gevinster", "benefits:list"),
    ("Styring", "governance:index"),
    ("Project Board", "governance:board-list"),
    ("Indsatsplan", "governance:plan-list"),
    ("Systemer", "systems:list"),
]

# Entries shown only to whom they concern (portfolio.roles.PortalRoles: the attribute that says so).
PERSONAL_ENTRIES = {
    "portfolio:my-projects": "in_project",
    "benefits:mine": "owns_benefits",
}


def _resolved_navigation():
    return _navigation_for(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


# The same URLs on every page: reversed once per script prefix and URLconf (13 reverses a page before).
@functools.lru_cache(maxsize=8)
def _navigation_for(script_prefix, urlconf):
    items = []
    for label, url_name in NAVIGATION:
        try:
            items.append((label, url_name, reverse(url_name, urlconf=urlconf)))
        except NoReverseMatch:
            continue
    return tuple(items)


def _menu(request):
    items = _resolved_navigation()
    if any(url_name in PERSONAL_ENTRIES for _, url_name, _ in items):
        roles = portal_roles(request)  # one query, only when a personal entry exists
        items = [
            item
            for item in items
            if item[1] not in PERSONAL_ENTRIES or getattr(roles, PERSONAL_ENTRIES[item[1]])
        ]
    # The current entry is the one whose URL is the longest prefix of the path (/projects/mine/ is
    # "Mine projekter", not "Projekter"); "/" only matches itself.
    matches = [
        url for _, _, url in items if request.path == url or (url != "/" and request.path.startswith(url))
    ]
    current = max(matches, key=len, default=None)
    return [{"label": label, "url": url, "current": url == current} for label, _, url in items]


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    # Lazy: a partial that shows no menu (an htmx update) asks nothing.
    return {"main_navigation": SimpleLazyObject(lambda: _menu(request))}

from django.urls import NoReverseMatch, reverse

# The main navigation, in the order of the customer's design. An entry whose page does not exist
# yet (its URL name does not resolve) stays out of the navigation rather than showing a placeholder.
NAVIGATION = [
    ("Overblik", "overview"),
    ("Projekter", "portfolio:project-list"),
    ("Køreplan", "roadmap:index"),
    ("Kapacitet", "governance:capacity"),
    ("Mine projekter", "portfolio:my-projects"),
    ("Erfaringer", "lessons:list"),
    ("Fokusområder", "focusareas:list"),
    ("Gevinster", "benefits:list"),
    ("Styring", "governance:index"),
    ("Project Board", "governance:board-list"),
    ("Indsatsplan", "governance:plan-list"),
    ("Systemer", "systems:list"),
]


def _resolved_navigation():
    items = []
    for label, url_name in NAVIGATION:
        try:
            items.append((label, reverse(url_name)))
        except NoReverseMatch:
            continue
    return items


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    items = _resolved_navigation()
    # The current entry is the one whose URL is the longest prefix of the path (/projects/mine/ is
    # "Mine projekter", not "Projekter"); "/" only matches itself.
    matches = [
        url for _, url in items if request.path == url or (url != "/" and request.path.startswith(url))
    ]
    current = max(matches, key=len, default=None)
    return {
        "main_navigation": [{"label": label, "url": url, "current": url == current} for label, url in items]
    }

from django.urls import NoReverseMatch, reverse

# The main navigation, in the order of the customer's design. An entry whose page does not exist
# yet (its URL name does not resolve) stays out of the navigation rather than showing a placeholder.
NAVIGATION = [
    ("Overblik", "overview"),
    ("Projekter", "portfolio:project-list"),
    ("Fokusområder", "focusareas:list"),
    ("Gevinster", "benefits:list"),
    ("Styring", "governance:index"),
    ("Project Board", "governance:board-list"),
    ("Indsatsplan", "governance:plan-list"),
    ("Systemer", "portfolio:system-list"),
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
    path = request.path
    items = []
    for label, url in _resolved_navigation():
        current = path == url if url == "/" else path.startswith(url)
        items.append({"label": label, "url": url, "current": current})
    return {"main_navigation": items}

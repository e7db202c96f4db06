"""Calendar subscriptions: the page "Kalender" and the two feeds (open without login: the token in the
address is the key, and an unknown, revoked or switched-off address is 404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from governance.calendars import selectors, services
from governance.calendars.ical import calendar_bytes
from governance.models import Body

# What the switch's form may send: anything else is refused with a message and changes nothing.
SWITCH_VALUES = {"on": True, "off": False}


def _ics(events, *, name: str, filename: str) -> HttpResponse:
    today = timezone.localdate()
    body = calendar_bytes(events, name=name, window=selectors.window(today), now=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    # The address is a secret: no shared cache keeps a copy.
    response["Cache-Control"] = "private, max-age=0, no-cache"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_not_required
@require_safe
def feed(request, token):
    found = selectors.feed_for_token(token)
    if found is None:
        raise Http404("Ukendt eller tilbagekaldt kalenderadresse.")
    events = selectors.personal_events(found.user, timezone.localdate())
    name = f"Digitaliseringsportalen – {found.user.get_full_name() or found.user.username}"
    return _ics(events, name=name, filename="digitaliseringsportalen.ics")


@login_not_required
@require_safe
def body_feed(request, slug, token):
    body = selectors.public_body(slug, token)
    if body is None:
        raise Http404("Ukendt kalenderadresse, eller organets offentlige kalender er slået fra.")
    events = selectors.body_events(body, timezone.localdate())
    return _ics(events, name=f"Møder i {body.name}", filename=f"{body.slug}.ics")


@require_safe
def calendar_page(request):
    feed_row = selectors.active_feed(request.user)
    bodies = [
        {"body": body, "url": selectors.public_url(body) if body.public_calendar else ""}
        for body in selectors.bodies_kept_by(request.user)
    ]
    return render(
        request,
        "governance/calendar.html",
        {"feed_url": selectors.feed_url(feed_row) if feed_row else "", "bodies": bodies},
    )


@require_POST
def new_address(request):
    had_one = selectors.active_feed(request.user) is not None
    services.feed_new_address(user=request.user)
    messages.success(
        request,
        "Din nye kalenderadresse er klar. Den gamle virker ikke længere."
        if had_one
        else "Din kalenderadresse er klar.",
    )
    return redirect("governance:calendar")


@require_POST
def body_switch(request, slug):
    body = get_object_or_404(Body, slug=slug, archived=False)
    public = SWITCH_VALUES.get(request.POST.get("public", ""))
    if public is None:
        # Permission first: an outsider learns nothing from a malformed request either.
        if not selectors.may_switch(request.user, body):
            raise PermissionDenied
        messages.error(request, "Vælg om den offentlige kalender skal slås til eller fra.")
        return redirect("governance:calendar")
    services.body_public_calendar_set(actor=request.user, body=body, public=public)
    messages.success(
        request,
        f"Den offentlige mødekalender for {body.name} er slået til."
        if public
        else f"Den offentlige mødekalender for {body.name} er slået fra. Adressen virker ikke længere.",
    )
    return redirect("governance:calendar")

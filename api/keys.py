"""The page /profile/api-keys/ ("API-nøgler"): a user's own tokens: create (shown once), list, revoke."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from api import services
from api.forms import ApiTokenForm
from api.models import ApiToken
from portfolio.forms import REFUSED, form_service

# The new clear token waits in the session for the one page view after the redirect that shows it.
SESSION_KEY = "api_token_shown_once"


@require_http_methods(["GET", "POST"])
def api_keys(request):
    form = ApiTokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        created = form_service(
            form,
            lambda data: services.api_token_create(
                actor=request.user, user=request.user, name=data["name"], days=data["days"]
            ),
        )
        if created is not REFUSED:
            request.session[SESSION_KEY] = {"id": created[0].pk, "token": created[1]}
            return redirect("api-keys")
    shown = request.session.pop(SESSION_KEY, None) if request.method == "GET" else None
    tokens = ApiToken.objects.filter(user=request.user)
    return render(
        request,
        "api/api_keys.html",
        {"form": form, "tokens": tokens, "shown": shown},
        status=400 if form.errors else 200,
    )


@require_POST
def api_key_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, f"Nøglen '{token.name}' er tilbagekaldt og virker ikke længere.")
    return redirect("api-keys")

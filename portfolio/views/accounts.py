"""Password reset by e-mail for local accounts: Django's own views, with the portal's templates, the link
built from PORTAL_BASE_URL, and a light throttle per address.

Django already keeps the rules that matter: the answer page is the same whether or not the address has
an account, inactive users and users without a usable password get no e-mail, and a link stops working
once the password changes or PASSWORD_RESET_TIMEOUT has passed.
"""

import hashlib

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.http import HttpResponseRedirect

from portfolio.sso.config import sso_buttons
from portfolio.sso.local import LocalAuthenticationForm, LocalPasswordResetForm

# One e-mail per address per this many seconds: the form cannot be used to flood a colleague's inbox.
# The default cache is per web process, so with several processes the limit is per process: still light.
RESET_MAIL_INTERVAL = 5 * 60


def _reset_mail_key(email: str) -> str:
    # Hashed: the cache never holds the address itself.
    return "password-reset:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()


def reset_mail_allowed(email: str) -> bool:
    """True the first time in RESET_MAIL_INTERVAL for this address (any address, with an account or not,
    so the throttle reveals nothing either)."""
    return cache.add(_reset_mail_key(email), True, timeout=RESET_MAIL_INTERVAL)


class LoginView(auth_views.LoginView):
    """The password form, below a button per identity provider the municipality has configured."""

    template_name = "registration/login.html"
    authentication_form = LocalAuthenticationForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        # Read per request: the settings say which providers there are.
        return super().get_context_data(
            sso_buttons=sso_buttons(), local_login_admins_only=settings.LOCAL_LOGIN_ADMINS_ONLY, **kwargs
        )


class PasswordResetView(auth_views.PasswordResetView):
    form_class = LocalPasswordResetForm
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form):
        if not reset_mail_allowed(form.cleaned_data["email"]):
            # The same answer as when a mail was sent.
            return HttpResponseRedirect(self.get_success_url())
        # Read at request time, so the address follows the settings in force.
        self.extra_email_context = {"portal_base_url": settings.PORTAL_BASE_URL}
        return super().form_valid(form)

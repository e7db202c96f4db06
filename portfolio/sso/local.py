"""The portal's own passwords: with single sign-on in place they can be kept for administrators only, as a way
in when the identity provider is down (LOCAL_LOGIN_ADMINS_ONLY)."""

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError


def local_password_allowed(user) -> bool:
    return not settings.LOCAL_LOGIN_ADMINS_ONLY or user.is_staff or user.is_superuser


class LocalAuthenticationForm(AuthenticationForm):
    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not local_password_allowed(user):
            raise ValidationError(
                "Adgangskoder bruges kun af administratorer. Log ind med kommunens login ovenfor.",
                code="local_login_admins_only",
            )


class LocalPasswordResetForm(PasswordResetForm):
    def get_users(self, email):
        # Only those who may use a password get a link to set one; the page answers the same either way.
        return (user for user in super().get_users(email) if local_password_allowed(user))

"""The first sign-in creates the person; later sign-ins keep her name, e-mail and unit as the directory says.

Both protocols end here with an `Identity`, so the rules are one: who may sign in at all (an optional required
group), who the person is (the provider's stable key, or a configured and verified link to an existing local
user, never a guess), and what the portal keeps from the directory. Rights are not among them.
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from portfolio.models import ExternalIdentity, OrgUnit, User

# What Django's username validator accepts; anything else in a provider's value becomes "_".
_NOT_IN_USERNAME = re.compile(r"[^\w.@+-]")


@dataclass(frozen=True)
class Identity:
    """What an identity provider vouched for, in the portal's words."""

    protocol: str
    issuer: str
    subject: str
    username: str = ""
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    email_verified: bool = False
    org_unit: str = ""
    groups: frozenset[str] = field(default_factory=frozenset)


class SignInRefused(Exception):
    """The provider signed the person in, but the portal will not let her in: `message` says why (Danish)."""

    def __init__(self, message: str, *, reason: str):
        super().__init__(message)
        self.message = message
        self.reason = reason


CONTACT = "Kontakt portalens administrator, hvis du mener, det er en fejl."


def sso_person_sign_in(identity: Identity) -> User:
    """The portal's user for `identity`, created or updated from it; SignInRefused when she may not enter."""
    if not identity.issuer or not identity.subject:
        raise SignInRefused(
            "Login-tjenesten sendte ikke en entydig nøgle for dig, så portalen kan ikke vide, hvem du er. "
            + CONTACT,
            reason="no-subject",
        )
    required_group = settings.SSO_REQUIRED_GROUP
    if required_group and required_group not in identity.groups:
        raise SignInRefused(
            "Du er logget ind hos kommunen, men din bruger har ikke adgang til Digitaliseringsportalen "
            f"(den kræver gruppen »{required_group}«). " + CONTACT,
            reason="group",
        )
    try:
        return _sign_in(identity)
    except IntegrityError:
        # The same person's first sign-in in two tabs at once: the other one created her; read it back.
        return _sign_in(identity)


@transaction.atomic
def _sign_in(identity: Identity) -> User:
    now = timezone.now()
    known = (
        ExternalIdentity.objects.select_related("user")
        .filter(issuer=identity.issuer, subject=identity.subject)
        .first()
    )
    if known:
        user = known.user
        if not user.is_active:
            raise SignInRefused("Din bruger er deaktiveret i portalen. " + CONTACT, reason="inactive")
        known.last_signed_in = now
        known.save(update_fields=["last_signed_in"])
    else:
        user = _linked_user(identity) or _new_user(identity)
        ExternalIdentity.objects.create(
            user=user,
            protocol=identity.protocol,
            issuer=identity.issuer,
            subject=identity.subject,
            last_signed_in=now,
        )
    _update_from_directory(user, identity)
    return user


def _linked_user(identity: Identity) -> User | None:
    """An existing local user, linked only through the configured claim, and only when it is unambiguous."""
    link_by = settings.SSO_LINK_EXISTING_BY
    if link_by == "email":
        if not (identity.email and identity.email_verified):
            return None
        candidates = User.objects.filter(email__iexact=identity.email)
        shown = identity.email
    elif link_by == "username":
        if not identity.username:
            return None
        candidates = User.objects.filter(username__iexact=identity.username)
        shown = identity.username
    else:
        return None
    # Someone already linked to this provider is another person, whatever the claim says.
    candidates = list(candidates.exclude(external_identities__issuer=identity.issuer)[:2])
    if len(candidates) > 1:
        raise SignInRefused(
            f"Flere brugere i portalen passer på »{shown}«, så portalen kan ikke afgøre, hvem du er. "
            + CONTACT,
            reason="ambiguous",
        )
    if candidates and not candidates[0].is_active:
        raise SignInRefused("Din bruger er deaktiveret i portalen. " + CONTACT, reason="inactive")
    return candidates[0] if candidates else None


def _username_for(identity: Identity) -> str:
    wanted = identity.username or identity.email or identity.subject
    return _NOT_IN_USERNAME.sub("_", wanted.strip())[:150]


def _new_user(identity: Identity) -> User:
    username = _username_for(identity)
    if User.objects.filter(username__iexact=username).exists():
        raise SignInRefused(
            f"Brugernavnet »{username}« findes allerede i portalen, men er ikke knyttet til dit login hos "
            "kommunen. " + CONTACT,
            reason="username-taken",
        )
    user = User(username=username)
    # Signs in only through the provider: no password anyone could guess or reset.
    user.set_unusable_password()
    user.save()
    return user


def _update_from_directory(user: User, identity: Identity) -> None:
    changed = []
    for attribute in ("first_name", "last_name", "email"):
        value = getattr(identity, attribute).strip()
        if value and getattr(user, attribute) != value:
            setattr(user, attribute, value[: User._meta.get_field(attribute).max_length])
            changed.append(attribute)
    if identity.org_unit:
        unit = OrgUnit.objects.filter(name__iexact=identity.org_unit.strip(), archived=False).first()
        # A unit the portal does not know leaves the person where an administrator put her.
        if unit and user.org_unit_id != unit.pk:
            user.org_unit = unit
            changed.append("org_unit")
    if changed:
        user.save(update_fields=changed)

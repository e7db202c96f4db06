"""The municipality's units and people: org units, users, their identities at the identity provider."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import F, Q


class OrgUnit(models.Model):
    """A unit of the municipality: direktion → forvaltning/fagområde → afdeling."""

    class Kind(models.TextChoices):
        DIREKTION = "direktion", "Direktion"
        FORVALTNING = "forvaltning", "Forvaltning/fagområde"
        AFDELING = "afdeling", "Afdeling"

    name = models.CharField("navn", max_length=200)
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name="overordnet enhed",
    )
    is_central_it = models.BooleanField(
        "central IT og Digitalisering",
        default=False,
        help_text="Den centrale enhed, som projekter kan forankres i.",
    )
    archived = models.BooleanField("arkiveret", default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = "organisatorisk enhed"
        verbose_name_plural = "organisatoriske enheder"
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="orgunit_unique_name_under_parent"),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="orgunit_not_own_parent"),
        ]

    def __str__(self):
        return self.name


class User(AbstractUser):
    """A municipal employee. Roles come from body memberships and project roles, not from flags."""

    title = models.CharField("stilling", max_length=200, blank=True)
    org_unit = models.ForeignKey(
        OrgUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="employees",
        verbose_name="enhed",
    )
    is_manager = models.BooleanField(
        "leder", default=False, help_text="Ledere kan være gevinstejere (ansvar på ledelsesniveau)."
    )

    class Meta(AbstractUser.Meta):
        verbose_name = "medarbejder"
        verbose_name_plural = "medarbejdere"

    def __str__(self):
        return self.get_full_name() or self.username


# Signing in through the municipality's identity provider (portfolio/sso/).
class ExternalIdentity(models.Model):
    """A person's key at one identity provider. Never the e-mail alone: addresses change and get reused."""

    class Protocol(models.TextChoices):
        OIDC = "oidc", "OpenID Connect"
        SAML = "saml", "SAML 2.0"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="external_identities",
        verbose_name="medarbejder",
    )
    protocol = models.CharField("protokol", max_length=10, choices=Protocol.choices)
    issuer = models.CharField(
        "identitetsudbyder", max_length=500, help_text="OpenID Connect-udsteder eller SAML-entitets-id."
    )
    subject = models.CharField("nøgle hos udbyderen", max_length=500)
    first_signed_in = models.DateTimeField("første login", auto_now_add=True)
    last_signed_in = models.DateTimeField("seneste login")

    class Meta:
        ordering = ["issuer", "subject"]
        verbose_name = "eksternt login"
        verbose_name_plural = "eksterne logins"
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="externalidentity_unique_subject"),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_protocol_display()}: {self.subject})"

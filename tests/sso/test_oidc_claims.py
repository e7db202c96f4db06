"""How an ID token's claims become the portal's Identity, for claim shapes the loopback provider does not
send (Entra ID's defaults: `name` only, group object ids, no `email_verified`)."""

from portfolio.sso.oidc import identity_from_claims

ISSUER = "https://login.microsoftonline.com/tenant/v2.0"


def test_it_splits_a_name_when_the_provider_sends_no_given_and_family_name():
    identity = identity_from_claims(ISSUER, {"sub": "abc", "name": "Anne Marie Bøgh Sørensen"})
    assert (identity.first_name, identity.last_name) == ("Anne Marie Bøgh", "Sørensen")


def test_it_reads_an_e_mail_as_unverified_unless_the_provider_says_so():
    claims = {"sub": "abc", "email": "a@kommune.dk"}
    assert not identity_from_claims(ISSUER, claims).email_verified
    assert identity_from_claims(ISSUER, {**claims, "email_verified": "true"}).email_verified
    assert not identity_from_claims(ISSUER, {**claims, "email_verified": "false"}).email_verified


def test_it_reads_the_configured_claims_for_username_unit_and_groups(settings):
    settings.OIDC_USERNAME_CLAIM = "upn"
    settings.OIDC_ORG_UNIT_CLAIM = "afdeling"
    settings.OIDC_GROUPS_CLAIM = "roles"
    identity = identity_from_claims(
        ISSUER,
        {"sub": " abc ", "upn": "ab@kommune.dk", "afdeling": "Løn og Personale", "roles": "Portal.Bruger"},
    )
    assert (identity.protocol, identity.issuer, identity.subject) == ("oidc", ISSUER, "abc")
    assert (identity.username, identity.org_unit, identity.groups) == (
        "ab@kommune.dk",
        "Løn og Personale",
        frozenset({"Portal.Bruger"}),
    )


def test_it_ignores_claims_of_the_wrong_shape():
    identity = identity_from_claims(
        ISSUER, {"sub": "abc", "name": 42, "groups": {"a": 1}, "department": None}
    )
    assert (identity.first_name, identity.last_name, identity.org_unit, identity.groups) == (
        "",
        "",
        "",
        frozenset(),
    )

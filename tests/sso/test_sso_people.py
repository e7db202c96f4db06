"""The first sign-in through the municipality's login creates the person; later ones keep her up to date.

The rules both protocols share (portfolio/sso/people.py): the provider's stable key identifies the person,
never the e-mail alone; an existing local user is linked only through the configured, verified claim and
only when exactly one matches; a required group keeps everyone else out; rights stay the portal's own. The
protocols' own tests drive these rules through real identity providers; here they are checked one by one.
"""

import pytest

from portfolio.models import ExternalIdentity, User
from portfolio.sso.people import Identity, SignInRefused, sso_person_sign_in
from tests.factories import OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db

ISSUER = "https://login.kommune.example"


def identity(**changes) -> Identity:
    claims = {
        "protocol": "oidc",
        "issuer": ISSUER,
        "subject": "b7c1e2f0-0001",
        "username": "hanne@kommune.example",
        "first_name": "Hanne",
        "last_name": "Holm",
        "email": "hanne@kommune.example",
        "email_verified": True,
        "org_unit": "",
        "groups": frozenset({"Digitaliseringsportalen"}),
    }
    claims.update(changes)
    return Identity(**claims)


def test_it_creates_the_person_at_her_first_sign_in():
    unit = OrgUnitFactory(name="Jobcenter")

    person = sso_person_sign_in(identity(org_unit="jobcenter"))

    assert (person.username, person.get_full_name(), person.email) == (
        "hanne@kommune.example",
        "Hanne Holm",
        "hanne@kommune.example",
    )
    assert person.org_unit == unit
    assert not person.has_usable_password()
    key = ExternalIdentity.objects.get(user=person)
    assert (key.protocol, key.issuer, key.subject) == ("oidc", ISSUER, "b7c1e2f0-0001")


def test_it_updates_the_person_from_the_directory_at_later_sign_ins():
    first = sso_person_sign_in(identity())
    unit = OrgUnitFactory(name="Borgerservice")

    again = sso_person_sign_in(
        identity(last_name="Holm Jensen", email="hhj@kommune.example", org_unit=unit.name)
    )

    assert again.pk == first.pk
    again.refresh_from_db()
    assert (again.last_name, again.email, again.org_unit) == ("Holm Jensen", "hhj@kommune.example", unit)
    assert User.objects.count() == 1


def test_it_keeps_the_unit_an_administrator_chose_when_the_directory_names_an_unknown_one():
    unit = OrgUnitFactory(name="Skoler")
    person = sso_person_sign_in(identity())
    person.org_unit = unit
    person.save()

    sso_person_sign_in(identity(org_unit="Ukendt afdeling"))

    person.refresh_from_db()
    assert person.org_unit == unit


def test_it_tells_people_by_the_providers_key_not_by_their_e_mail():
    first = sso_person_sign_in(identity())

    with pytest.raises(SignInRefused) as refusal:
        # Someone else, later given the same address: not the first person, and her username is taken.
        sso_person_sign_in(identity(subject="another-key"))

    assert refusal.value.reason == "username-taken"
    assert "findes allerede" in refusal.value.message
    assert ExternalIdentity.objects.get().user == first


def test_it_refuses_someone_outside_the_required_group(settings):
    settings.SSO_REQUIRED_GROUP = "Digitaliseringsportalen"

    with pytest.raises(SignInRefused) as refusal:
        sso_person_sign_in(identity(groups=frozenset({"Alle medarbejdere"})))

    assert refusal.value.reason == "group"
    assert "har ikke adgang til Digitaliseringsportalen" in refusal.value.message
    assert not User.objects.exists()


def test_it_lets_in_a_member_of_the_required_group(settings):
    settings.SSO_REQUIRED_GROUP = "Digitaliseringsportalen"

    assert sso_person_sign_in(identity()).username == "hanne@kommune.example"


def test_it_links_an_existing_local_user_through_a_verified_e_mail_when_configured(settings):
    settings.SSO_LINK_EXISTING_BY = "email"
    local = UserFactory(username="hholm", email="Hanne@Kommune.example")

    person = sso_person_sign_in(identity())

    assert person.pk == local.pk
    assert person.username == "hholm"
    assert ExternalIdentity.objects.get().user == local


def test_it_never_links_through_an_unverified_e_mail(settings):
    settings.SSO_LINK_EXISTING_BY = "email"
    UserFactory(username="hholm", email="hanne@kommune.example")

    person = sso_person_sign_in(identity(email_verified=False))

    assert person.username == "hanne@kommune.example"
    assert User.objects.count() == 2


def test_it_never_links_when_linking_is_not_configured():
    local = UserFactory(username="hholm", email="hanne@kommune.example")

    person = sso_person_sign_in(identity())

    assert person.pk != local.pk


def test_it_refuses_an_ambiguous_link(settings):
    settings.SSO_LINK_EXISTING_BY = "email"
    UserFactory(username="hholm", email="hanne@kommune.example")
    UserFactory(username="hanne2", email="HANNE@kommune.example")

    with pytest.raises(SignInRefused) as refusal:
        sso_person_sign_in(identity())

    assert refusal.value.reason == "ambiguous"
    assert "Flere brugere i portalen passer på »hanne@kommune.example«" in refusal.value.message
    assert not ExternalIdentity.objects.exists()


def test_it_links_by_username_when_configured(settings):
    settings.SSO_LINK_EXISTING_BY = "username"
    local = UserFactory(username="Hanne@kommune.example")

    assert sso_person_sign_in(identity()).pk == local.pk


def test_it_refuses_a_person_deactivated_in_the_portal():
    person = sso_person_sign_in(identity())
    person.is_active = False
    person.save()

    with pytest.raises(SignInRefused) as refusal:
        sso_person_sign_in(identity())

    assert refusal.value.reason == "inactive"
    assert "deaktiveret" in refusal.value.message


def test_it_refuses_an_identity_without_a_key():
    with pytest.raises(SignInRefused) as refusal:
        sso_person_sign_in(identity(subject=""))

    assert refusal.value.reason == "no-subject"


def test_it_makes_a_valid_username_of_what_the_provider_sends():
    person = sso_person_sign_in(identity(username="", email="", subject="CN=Hanne Holm/OU=Jobcenter"))

    assert person.username == "CN_Hanne_Holm_OU_Jobcenter"

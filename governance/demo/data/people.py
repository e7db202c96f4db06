"""The demo organisation: org units, users and their memberships of the governance bodies."""

import datetime

from governance.models import Membership
from portfolio.models import OrgUnit

DEMO_PASSWORD = "demo"  # noqa: S105 - the demo's published password, refused with DEBUG off
EMAIL_DOMAIN = "norddjurs.example"
MEMBERS_SINCE = datetime.date(2021, 3, 1)  # when the 2021-2025 programme organisation started

# name, kind, parent name, is_central_it
ORG_UNITS = [
    ("Direktionen", OrgUnit.Kind.DIREKTION, None, False),
    ("Økonomi og Personale", OrgUnit.Kind.FORVALTNING, "Direktionen", False),
    ("Børn og Familie", OrgUnit.Kind.FORVALTNING, "Direktionen", False),
    ("Social og Sundhed", OrgUnit.Kind.FORVALTNING, "Direktionen", False),
    ("Kultur og Fritid", OrgUnit.Kind.FORVALTNING, "Direktionen", False),
    ("Teknik og Miljø", OrgUnit.Kind.FORVALTNING, "Direktionen", False),
    ("Arbejdsmarked", OrgUnit.Kind.FORVALTNING, "Direktionen", False),
    ("IT og Digitalisering", OrgUnit.Kind.AFDELING, "Økonomi og Personale", True),
    ("Økonomi", OrgUnit.Kind.AFDELING, "Økonomi og Personale", False),
    ("HR og Jura", OrgUnit.Kind.AFDELING, "Økonomi og Personale", False),
    ("Borgerservice", OrgUnit.Kind.AFDELING, "Økonomi og Personale", False),
    ("Skoler", OrgUnit.Kind.AFDELING, "Børn og Familie", False),
    ("Dagtilbud", OrgUnit.Kind.AFDELING, "Børn og Familie", False),
    ("Familie og Forebyggelse", OrgUnit.Kind.AFDELING, "Børn og Familie", False),
    ("Hjemmeplejen", OrgUnit.Kind.AFDELING, "Social og Sundhed", False),
    ("Plejecentre", OrgUnit.Kind.AFDELING, "Social og Sundhed", False),
    ("Sundhed og Træning", OrgUnit.Kind.AFDELING, "Social og Sundhed", False),
    ("Handicap og Psykiatri", OrgUnit.Kind.AFDELING, "Social og Sundhed", False),
    ("Norddjurs Bibliotek", OrgUnit.Kind.AFDELING, "Kultur og Fritid", False),
    ("Kultur og Turisme", OrgUnit.Kind.AFDELING, "Kultur og Fritid", False),
    ("Fritid", OrgUnit.Kind.AFDELING, "Kultur og Fritid", False),
    ("Ejendomme", OrgUnit.Kind.AFDELING, "Teknik og Miljø", False),
    ("Vej og Park", OrgUnit.Kind.AFDELING, "Teknik og Miljø", False),
    ("Natur og Miljø", OrgUnit.Kind.AFDELING, "Teknik og Miljø", False),
    ("Plan og Byg", OrgUnit.Kind.AFDELING, "Teknik og Miljø", False),
    ("Jobcentret", OrgUnit.Kind.AFDELING, "Arbejdsmarked", False),
    ("Ydelsescentret", OrgUnit.Kind.AFDELING, "Arbejdsmarked", False),
]

# The first ten log in with the demo password (README's role table); the rest are the people around them.
# username, first name, last name, title, org unit, is_manager
USERS = [
    ("admin", "Mette", "Kjærgaard", "Systemadministrator", "IT og Digitalisering", False),
    ("styregruppe", "Lars", "Bøgh Nielsen", "Chef for Social og Sundhed", "Social og Sundhed", True),
    ("programgruppe", "Anne Marie", "Dahl", "Digitaliseringskoordinator", "Børn og Familie", False),
    ("sekretaer", "Jesper", "Holm", "Digitaliseringskonsulent", "IT og Digitalisering", False),
    ("projektleder", "Camilla", "Søndergaard", "Digitaliseringsprojektleder", "IT og Digitalisering", False),
    ("projektleder2", "Mads", "Brødsgaard", "Digitaliseringsprojektleder", "IT og Digitalisering", False),
    ("gevinstejer", "Birgitte", "Rasmussen", "Leder af Hjemmeplejen", "Hjemmeplejen", True),
    ("sikkerhed", "Thomas", "Friis", "Informationssikkerhedskoordinator", "IT og Digitalisering", False),
    ("iod", "Sofie", "Kristensen", "Innovationskonsulent", "Kultur og Fritid", False),
    ("laeser", "Peter", "Jensen", "Sagsbehandler", "Jobcentret", False),
    # The people around them.
    ("direktoer", "Karen", "Bech Mikkelsen", "Direktør", "Direktionen", True),
    ("itchef", "Kim", "Vestergaard", "IT- og digitaliseringschef", "IT og Digitalisering", True),
    ("oekonomichef", "Hanne", "Lykke Poulsen", "Økonomi- og personalechef", "Økonomi og Personale", True),
    ("dpo", "Louise", "Thygesen", "Databeskyttelsesrådgiver", "HR og Jura", False),
    ("skolechef", "Morten", "Overgaard", "Skolechef", "Skoler", True),
    ("bibliotekschef", "Lene", "Mølgaard", "Bibliotekschef", "Norddjurs Bibliotek", True),
    ("arbejdsmarkedschef", "Ole", "Thomsen", "Arbejdsmarkedschef", "Arbejdsmarked", True),
    ("teknikchef", "Søren", "Kjeldsen", "Chef for Teknik og Miljø", "Teknik og Miljø", True),
    ("pl-skole", "Rikke", "Halkjær", "Pædagogisk IT-koordinator", "Skoler", False),
    ("pl-sundhed", "Jonas", "Frandsen", "Projektleder, velfærdsteknologi", "Sundhed og Træning", False),
    ("pl-teknik", "Maria", "Nørgaard", "Projektleder, bygningsdrift", "Ejendomme", False),
    ("pl-kultur", "Anders", "Skovgaard", "Systemansvarlig bibliotekar", "Norddjurs Bibliotek", False),
]

# body slug, username, role, project number (for project-tied memberships)
MEMBERSHIPS = [
    ("direktion", "direktoer", Membership.Role.CHAIR, None),
    ("styregruppe", "direktoer", Membership.Role.CHAIR, None),
    ("styregruppe", "itchef", Membership.Role.MEMBER, None),
    ("styregruppe", "styregruppe", Membership.Role.MEMBER, None),
    ("styregruppe", "oekonomichef", Membership.Role.MEMBER, None),
    ("styregruppe", "skolechef", Membership.Role.MEMBER, None),
    ("styregruppe", "sekretaer", Membership.Role.SECRETARY, None),
    ("programgruppe", "itchef", Membership.Role.CHAIR, None),
    ("programgruppe", "programgruppe", Membership.Role.MEMBER, None),
    ("programgruppe", "pl-sundhed", Membership.Role.MEMBER, None),
    ("programgruppe", "sekretaer", Membership.Role.SECRETARY, None),
    ("project-board", "itchef", Membership.Role.CHAIR, None),
    ("project-board", "projektleder", Membership.Role.MEMBER, None),
    ("project-board", "projektleder2", Membership.Role.MEMBER, None),
    ("project-board", "pl-skole", Membership.Role.MEMBER, None),
    ("project-board", "pl-sundhed", Membership.Role.MEMBER, None),
    ("project-board", "pl-teknik", Membership.Role.MEMBER, None),
    ("project-board", "pl-kultur", Membership.Role.MEMBER, None),
    ("project-board", "sekretaer", Membership.Role.SECRETARY, None),
    ("iod", "iod", Membership.Role.MEMBER, None),
    ("iod", "pl-teknik", Membership.Role.MEMBER, None),
    ("it-sikkerhedsgruppe", "itchef", Membership.Role.CHAIR, None),
    ("it-sikkerhedsgruppe", "sikkerhed", Membership.Role.MEMBER, None),
    ("it-sikkerhedsgruppe", "dpo", Membership.Role.MEMBER, None),
    ("projektgruppe-monopolbrud", "projektleder", Membership.Role.CHAIR, "ND-2021-002"),
    ("projektgruppe-monopolbrud", "arbejdsmarkedschef", Membership.Role.MEMBER, "ND-2021-002"),
    ("projektgruppe-mobil-bredbaand", "projektleder2", Membership.Role.CHAIR, None),
    ("projektgruppe-mobil-bredbaand", "teknikchef", Membership.Role.MEMBER, None),
    ("projektgruppe-bra-smart", "projektleder2", Membership.Role.CHAIR, None),
]

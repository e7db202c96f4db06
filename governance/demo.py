"""The Norddjurs demo portfolio: organisation, people, bodies, projects, two-weekly status history,
benefits, IT systems and governance meetings, built from the contexts named in the two strategy seeds.

Everything is keyed on natural keys (username, project number, org unit name under its parent,
meeting date, title within its parent), so building twice changes nothing. Dates are computed from
today, so the demo stays current; the Project Board calendar is a fixed series of Thursdays, so a
period built on one day is the same period on the next.

This module lives in governance because it touches every app (dependencies point one way).
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from benefits.models import Benefit, BenefitMeasurement, BusinessCase, BusinessCaseLine
from benefits.services import benefit_permissions_sync
from focusareas.models import FocusArea
from governance.models import (
    AgendaItem,
    AnnualPlan,
    BoardCalendar,
    Body,
    Decision,
    Idea,
    Meeting,
    Membership,
    SecurityReview,
)
from governance.services import (
    annual_plan_approve,
    annual_plan_start,
    annual_plan_submit,
    annual_plan_update,
    board_calendar_extend,
    board_calendar_save,
    membership_start,
    plan_item_add,
)
from portfolio.models import (
    PHASE_ORDER,
    ExternalInitiative,
    ITSystem,
    Light,
    Milestone,
    OrgUnit,
    Phase,
    Project,
    ProjectKind,
    ProjectPhasePlan,
    ReportingPeriod,
    Risk,
    StatusReport,
    User,
)
from portfolio.services import project_set_people

DEMO_PASSWORD = "demo"  # noqa: S105 - the demo's published password, refused with DEBUG off
EMAIL_DOMAIN = "norddjurs.example"

# The Project Board meets every second Thursday; this Thursday anchors the series for good.
PERIOD_ANCHOR = datetime.date(2025, 1, 9)
PERIOD_DAYS = 14
# Reports are due two working days before the Thursday meeting (Tuesday); a period starts the
# Friday after the previous meeting.
DEADLINE_DAYS_BEFORE_MEETING = 2
START_DAYS_BEFORE_MEETING = 13

DEMO_HISTORY_DAYS = 150  # about five months of Project Board history
DEMO_FUTURE_DAYS = 60  # and about two months of coming periods

MEMBERS_SINCE = datetime.date(2021, 3, 1)  # when the 2021-2025 programme organisation started

D = datetime.timedelta


# --------------------------------------------------------------------------- calendar helpers


def meeting_on_or_after(day: datetime.date) -> datetime.date:
    """The first Project Board meeting date of the fixed series on or after `day`."""
    steps = -(-(day - PERIOD_ANCHOR).days // PERIOD_DAYS)  # ceiling division
    return PERIOD_ANCHOR + D(days=PERIOD_DAYS * steps)


def is_holiday_meeting(meeting_date: datetime.date) -> bool:
    """No Project Board between Christmas and New Year."""
    return (meeting_date.month == 12 and meeting_date.day >= 20) or (
        meeting_date.month == 1 and meeting_date.day <= 3
    )


def period_fields(meeting_date: datetime.date) -> dict:
    return {
        "start_date": meeting_date - D(days=START_DAYS_BEFORE_MEETING),
        "reporting_deadline": meeting_date - D(days=DEADLINE_DAYS_BEFORE_MEETING),
        "cancelled": is_holiday_meeting(meeting_date),
    }


def ensure_periods(first_meeting: datetime.date, last_meeting: datetime.date) -> list[ReportingPeriod]:
    """All periods of the series from `first_meeting` to `last_meeting`, created where missing (ascending)."""
    first_meeting = meeting_on_or_after(first_meeting)
    dates = []
    day = first_meeting
    while day <= last_meeting:
        dates.append(day)
        day += D(days=PERIOD_DAYS)
    existing = {p.meeting_date: p for p in ReportingPeriod.objects.filter(meeting_date__in=dates)}
    missing = [
        ReportingPeriod(meeting_date=day, **period_fields(day)) for day in dates if day not in existing
    ]
    if missing:
        ReportingPeriod.objects.bulk_create(missing)
        existing.update({p.meeting_date: p for p in ReportingPeriod.objects.filter(meeting_date__in=dates)})
    return [existing[day] for day in dates]


# --------------------------------------------------------------------------- small helpers


def _ensure(model, *, actor=None, defaults=None, **lookup):
    """get_or_create that records `actor` as the history user of a created object."""
    obj = model.objects.filter(**lookup).first()
    if obj is not None:
        return obj, False
    obj = model(**lookup, **(defaults or {}))
    obj._history_user = actor
    obj.save()
    return obj, True


def _aware(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


# --------------------------------------------------------------------------- organisation

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


def ensure_org_units() -> dict[str, OrgUnit]:
    units: dict[str, OrgUnit] = {}
    for name, kind, parent_name, is_central_it in ORG_UNITS:
        parent = units[parent_name] if parent_name else None
        unit, _ = OrgUnit.objects.get_or_create(
            parent=parent, name=name, defaults={"kind": kind, "is_central_it": is_central_it}
        )
        units[name] = unit
    return units


# --------------------------------------------------------------------------- people

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
LOGIN_USERNAMES = [row[0] for row in USERS[:10]]


def ensure_users(units) -> dict[str, User]:
    users: dict[str, User] = {}
    password_hash = None  # one hash for all: hashing is deliberately slow
    for username, first, last, title, unit_name, is_manager in USERS:
        is_admin = username == "admin"
        user, created = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@{EMAIL_DOMAIN}",
                "title": title,
                "org_unit": units[unit_name],
                "is_manager": is_manager,
                "is_staff": is_admin,
                "is_superuser": is_admin,
                "is_active": True,
            },
        )
        if created or not user.has_usable_password():
            password_hash = password_hash or make_password(DEMO_PASSWORD)
            user.password = password_hash
            user.save(update_fields=["password"])
        users[username] = user
    return users


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


def ensure_memberships(users, projects) -> None:
    bodies = {body.slug: body for body in Body.objects.all()}
    for slug, username, role, project_number in MEMBERSHIPS:
        body, user = bodies[slug], users[username]
        if Membership.objects.filter(body=body, user=user, role=role, end_date__isnull=True).exists():
            continue
        membership_start(
            actor=None,
            body=body,
            user=user,
            role=role,
            start_date=MEMBERS_SINCE,
            project=projects[project_number] if project_number else None,
        )


# --------------------------------------------------------------------------- national initiatives

# name, owner, description, url
INITIATIVES = [
    (
        "Monopolbruddet",
        ExternalInitiative.Owner.KOMBIT,
        "KOMBIT's program, der erstatter de gamle fælleskommunale fagsystemer med nye systemer "
        "udbudt i konkurrence.",
        "",
    ),
    (
        "Fælleskommunal infrastruktur",
        ExternalInitiative.Owner.KOMBIT,
        "Støttesystemerne og Serviceplatformen, som fagsystemerne bruger til organisation, "
        "klassifikation og adgangsstyring.",
        "https://kombit.dk/KDI",
    ),
    ("AULA", ExternalInitiative.Owner.KOMBIT, "Fælles kommunikationsplatform for skoler og dagtilbud.", ""),
    (
        "Brugerportalsinitiativet",
        ExternalInitiative.Owner.KL,
        "Fælles læringsplatform og samarbejdsplatform på skole- og dagtilbudsområdet.",
        "",
    ),
    (
        "Grunddataprogrammet",
        ExternalInitiative.Owner.DIGST,
        "Offentlige grunddata om personer, virksomheder, adresser, ejendomme og geografi, "
        "stillet til rådighed via Datafordeleren.",
        "",
    ),
    (
        "Ydelsesrefusion",
        ExternalInitiative.Owner.KOMBIT,
        "Fælleskommunal løsning, der beregner og hjemtager statsrefusion automatisk.",
        "",
    ),
    (
        "Fælles Bibliotekssystem",
        ExternalInitiative.Owner.KOMBIT,
        "Ét fælles bibliotekssystem for alle kommuner.",
        "",
    ),
    (
        "FLIS – Fælleskommunalt Ledelsesinformationssystem",
        ExternalInitiative.Owner.KL,
        "Fælles ledelsesinformation på tværs af kommunernes fagområder.",
        "",
    ),
    (
        "Næste generation Digital Post",
        ExternalInitiative.Owner.DIGST,
        "Ny fællesoffentlig løsning til digital post til borgere og virksomheder.",
        "",
    ),
    (
        "OS2 – Offentligt Digitaliseringsfællesskab",
        ExternalInitiative.Owner.OTHER,
        "Kommunernes fællesskab om open source-løsninger som OS2Smartmail, OS2rollekatalog og OS2iot.",
        "",
    ),
]


def ensure_initiatives(actor) -> dict[str, ExternalInitiative]:
    result = {}
    for name, owner, description, url in INITIATIVES:
        initiative, _ = _ensure(
            ExternalInitiative,
            actor=actor,
            name=name,
            defaults={"owner": owner, "description": description, "url": url},
        )
        result[name] = initiative
    return result


# --------------------------------------------------------------------------- projects

ALL_CHECKS = {
    "dpo_involved": True,
    "security_coordinator_involved": True,
    "it_involved": True,
    "common_infrastructure_considered": True,
    "citizen_cocreation_considered": False,
    "climate_considered": False,
    "coherence_considered": True,
}

# Each project: the seed names it; days are relative to today.
# episodes: (from offset, to offset, dimension, light, comment) where offset 0 is the current period,
# 1 the one before, …; decisions: offset -> text asked of the programme group.
PROJECTS = [
    {
        "number": "ND-2021-001",
        "name": "Talegenkendelse i journalføringen",
        "purpose": "Medarbejderne i hjemmeplejen, på plejecentrene og i jobcentret bruger meget tid på at "
        "skrive journalnotater. Med talegenkendelse kan notaterne dikteres direkte ind i fagsystemet, "
        "så der frigøres tid til borgerne.",
        "description": "Udrulning af talegenkendelse til journalføring i omsorgssystemet og i jobcentrets "
        "sagsbehandling: faglige ordbøger, headsets og oplæring af superbrugere. Projektet fortsætter fra "
        "Digitaliseringsstrategi 2016-2020.",
        "kind": ProjectKind.TVAERGAAENDE,
        "anchoring": "IT og Digitalisering",
        "focus": [2, 3],
        "phase": Phase.REALISATION,
        "model": Project.ProjectModel.STANDARD,
        "budget": 850_000,
        "initiative": None,
        "owner": "styregruppe",
        "leader": "projektleder",
        "deputies": [],
        "members": ["pl-sundhed", "gevinstejer"],
        "checks": {**ALL_CHECKS, "climate_considered": True},
        "start": -900,
        "phase_start": -200,
        "end": 180,
        "priority": 4,
        "systems": ["Talegenkendelse (Dictus)", "NEXUS", "FASIT"],
        "summary": "Talegenkendelse er i drift; fokus er nu at høste gevinsterne i hjemmeplejen og "
        "jobcentret.",
        "activities": [
            "Opfølgning på anvendelsen pr. team gennemført",
            "Ny ordbog med faglige termer for træning og genoptræning indlæst",
            "Superbrugermøde afholdt i hjemmeplejen",
            "Måling af tidsforbrug til journalføring gennemført",
            "Headsets udskiftet i to teams i Grenaa",
            "Erfaringer delt med Handicap og Psykiatri",
        ],
        "episodes": [
            (
                9,
                8,
                "benefits",
                Light.YELLOW,
                "Anvendelsen i aftenvagten er lav, så tidsbesparelsen er endnu ikke nået.",
            )
        ],
        "pct": (82, 94),
        "milestones": [
            ("Talegenkendelse i brug i hjemmeplejen", -400, True),
            ("Talegenkendelse i brug i jobcentret", -150, True),
            ("Gevinstopfølgning efter et år i drift", 60, False),
        ],
        "risks": [
            (
                "Medarbejderne vender tilbage til at skrive notaterne",
                3,
                3,
                "Superbrugerne følger op i teams med lav anvendelse.",
                Risk.Status.OPEN,
            ),
        ],
        "benefits": [
            {
                "title": "Tid brugt på journalføring i hjemmeplejen (timer pr. måned)",
                "unit": Benefit.Unit.HOURS,
                "type": Benefit.Type.EFFICIENCY,
                "financial": False,
                "baseline": 1800,
                "target": 1400,
                "owner": "gevinstejer",
                "values": [1760, 1690, 1610, 1560],
                "plan": "Tidsregistrering i omsorgssystemet for ydelsen dokumentation, opgjort pr. måned.",
            },
        ],
        "business_case": True,
    },
    {
        "number": "ND-2021-002",
        "name": "Monopolbruddet – nye fælleskommunale fagsystemer",
        "purpose": "KOMBIT's monopolbrudsprogram erstatter de gamle fagsystemer med nye systemer udbudt i "
        "konkurrence. Kommunen skal tage systemerne i brug og høste gevinsterne: lavere licensudgifter og "
        "bedre understøttelse af arbejdsgangene.",
        "description": "Implementering af de nye systemer på ydelsesområdet og afvikling af de gamle "
        "løsninger. Den tværgående projektgruppe for monopolbruddet følger gevinstrealiseringen, og "
        "digitaliseringsstyregruppen følger løbende op.",
        "kind": ProjectKind.FAELLESKOMMUNAL,
        "anchoring": "IT og Digitalisering",
        "focus": [6],
        "phase": Phase.REALISATION,
        "model": Project.ProjectModel.STANDARD,
        "budget": 2_400_000,
        "initiative": "Monopolbruddet",
        "owner": "oekonomichef",
        "leader": "projektleder",
        "deputies": [],
        "members": ["arbejdsmarkedschef"],
        "checks": ALL_CHECKS,
        "start": -1600,
        "phase_start": -300,
        "end": 200,
        "priority": 1,
        "systems": ["Kommunernes Ydelsessystem (KY)", "Fælleskommunale støttesystemer"],
        "summary": "De nye systemer er i drift; projektgruppen følger licensbesparelserne og afviklingen af "
        "de "
        "gamle systemer.",
        "activities": [
            "Kvartalsvis gevinstopgørelse sendt til styregruppen",
            "Sidste dataudtræk fra det gamle system arkiveret",
            "Møde med KOMBIT om fejlrettelser i ydelsessystemet",
            "Opsigelse af den gamle licensaftale bekræftet",
            "Arbejdsgange for kontrol af udbetalinger opdateret",
            "Projektgruppemøde om afslutning af projektet",
        ],
        "episodes": [
            (
                6,
                5,
                "economy",
                Light.YELLOW,
                "Dobbeltdrift af gammelt og nyt system i to måneder mere end planlagt.",
            )
        ],
        "pct": (85, 96),
        "milestones": [
            ("Ydelsessystemet i drift på alle ydelsesområder", -500, True),
            ("Afvikling af de gamle systemer", -60, True),
            ("Afsluttende gevinstopgørelse til styregruppen", 120, False),
        ],
        "risks": [
            (
                "Dobbeltdrift varer længere end planlagt",
                3,
                4,
                "Afviklingsplanen følges på hvert projektgruppemøde.",
                Risk.Status.OPEN,
            ),
        ],
        "benefits": [
            {
                "title": "Licensudgifter til fagsystemer (kr. pr. år)",
                "unit": Benefit.Unit.KR,
                "type": Benefit.Type.EFFICIENCY,
                "financial": True,
                "baseline": 4_200_000,
                "target": 3_400_000,
                "owner": "oekonomichef",
                "values": [3_950_000, 3_720_000, 3_600_000],
                "plan": "Økonomi opgør licensudgifterne fra fakturaerne hvert kvartal.",
            },
        ],
        "business_case": True,
    },
    {
        "number": "ND-2021-003",
        "name": "Fælles printløsning med follow-me print",
        "purpose": "Kommunen havde mange lokale printere med hver sin aftale. En fælles printløsning skal "
        "sænke "
        "udgifterne, mindske papirforbruget og beskytte fortrolige udskrifter.",
        "description": "Udskiftning af lokale printere med fælles multifunktionsmaskiner, follow-me print "
        "med "
        "medarbejderkort og dobbeltsidet sort/hvid som standard.",
        "kind": ProjectKind.TVAERGAAENDE,
        "anchoring": "IT og Digitalisering",
        "focus": [4, 2],
        "phase": Phase.CLOSED,
        "model": Project.ProjectModel.STANDARD,
        "budget": 600_000,
        "initiative": None,
        "owner": "oekonomichef",
        "leader": "projektleder2",
        "deputies": [],
        "members": [],
        "checks": {**ALL_CHECKS, "climate_considered": True},
        "start": -800,
        "phase_start": -75,
        "end": -75,
        "priority": None,
        "systems": ["Printløsning (follow-me print)"],
        "summary": "De sidste printere er udskiftet, og løsningen overdrages til drift.",
        "activities": [
            "Printere udskiftet på rådhuset i Grenaa",
            "Printere udskiftet på plejecentrene",
            "Medarbejderkort aktiveret til follow-me print i skolerne",
            "Evaluering af papirforbruget gennemført",
            "Overdragelse til IT-driften forberedt",
        ],
        "episodes": [],
        "pct": (80, 100),
        "milestones": [
            ("Alle forvaltninger overgået til follow-me print", -300, True),
            ("Projektet afsluttet og overdraget til drift", -75, True),
        ],
        "risks": [
            (
                "Medarbejderne oplever længere vej til printeren",
                2,
                2,
                "Placering af maskiner aftalt med afdelingslederne.",
                Risk.Status.CLOSED,
            ),
        ],
        "benefits": [
            {
                "title": "Udskrifter pr. år",
                "unit": Benefit.Unit.COUNT,
                "type": Benefit.Type.EFFICIENCY,
                "financial": False,
                "baseline": 2_400_000,
                "target": 1_600_000,
                "owner": "oekonomichef",
                "values": [2_100_000, 1_850_000, 1_640_000],
                "plan": "Tælleraflæsning fra printløsningen hvert kvartal.",
            },
        ],
    },
    {
        "number": "ND-2021-004",
        "name": "Ny teleløsning med Teams-telefoni",
        "purpose": "Den gamle omstillings- og telefoniløsning udløber. Den nye løsning skal samle telefoni "
        "og "
        "samarbejde i Teams og give borgerne kortere ventetid i omstillingen.",
        "description": "Udbud og implementering af ny telefoniløsning integreret med Microsoft Teams: "
        "omstilling, "
        "køfunktioner i Borgerservice og mobiltelefoni.",
        "kind": ProjectKind.TVAERGAAENDE,
        "anchoring": "IT og Digitalisering",
        "focus": [2, 6],
        "phase": Phase.EXECUTION,
        "model": Project.ProjectModel.STANDARD,
        "budget": 1_200_000,
        "initiative": None,
        "owner": "itchef",
        "leader": "projektleder2",
        "deputies": [],
        "members": [],
        "checks": ALL_CHECKS,
        "start": -420,
        "phase_start": -210,
        "end": 150,
        "priority": 5,
        "systems": ["Teams-telefoni", "Office 365"],
        "summary": "Teams-telefoni er i drift i fire forvaltninger; omstillingen flyttes i næste fase.",
        "activities": [
            "Teams-telefoni rullet ud i Teknik og Miljø",
            "Køfunktion i Borgerservice testet",
            "Nummerportering bestilt hos teleoperatøren",
            "Undervisning af omstillingen gennemført",
            "Mobilabonnementer flyttet til den nye aftale",
        ],
        "episodes": [(5, 3, "schedule", Light.YELLOW, "Nummerporteringen hos teleoperatøren er forsinket.")],
        "pct": (35, 70),
        "milestones": [
            ("Kontrakt underskrevet", -230, True),
            ("Teams-telefoni i alle forvaltninger", 40, False),
            ("Omstillingen flyttet til den nye løsning", 120, False),
        ],
        "risks": [
            (
                "Nedbrud i omstillingen ved overgangen",
                2,
                5,
                "Overgangen sker en fredag eftermiddag med leverandøren til stede.",
                Risk.Status.OPEN,
            ),
        ],
        "benefits": [
            {
                "title": "Ventetid i omstillingen (sekunder i gennemsnit)",
                "unit": Benefit.Unit.COUNT,
                "type": Benefit.Type.SERVICE,
                "financial": False,
                "baseline": 95,
                "target": 45,
                "owner": "itchef",
                "values": [88, 76],
                "plan": "Statistik fra køsystemet, opgjort hver måned.",
            },
        ],
    },
    {
        "number": "ND-2021-005",
        "name": "Nyt bibliotekssystem",
        "purpose": "Bibliotekerne overgår til det fælles bibliotekssystem, som kommunerne har anskaffet "
        "gennem "
        "KOMBIT. Det giver én fælles løsning til udlån, materialehåndtering og selvbetjening.",
        "description": "Konvertering af data, opsætning af selvbetjeningsautomater og integration til den "
        "fælleskommunale infrastruktur. Projektet fortsætter fra strategiperioden 2016-2020 med fokus på "
        "gevinster og nye selvbetjeningsløsninger.",
        "kind": ProjectKind.FAELLESKOMMUNAL,
        "anchoring": "Norddjurs Bibliotek",
        "focus": [6, 1],
        "phase": Phase.REALISATION,
        "model": Project.ProjectModel.STANDARD,
        "budget": 450_000,
        "initiative": "Fælles Bibliotekssystem",
        "owner": "bibliotekschef",
        "leader": "pl-kultur",
        "deputies": [],
        "members": [],
        "checks": ALL_CHECKS,
        "start": -1200,
        "phase_start": -250,
        "end": 200,
        "priority": 8,
        "systems": ["Fælles Bibliotekssystem (FBS)"],
        "summary": "Bibliotekssystemet er i drift; selvbetjeningen udvides til filialerne.",
        "activities": [
            "Selvbetjeningsautomat opsat i Auning",
            "Åbningstider for det åbne bibliotek tilpasset",
            "Statistik for udlån via selvbetjening trukket",
            "Leverandørmøde om ny version af systemet",
        ],
        "episodes": [],
        "pct": (85, 95),
        "milestones": [
            ("Data konverteret til det fælles system", -700, True),
            ("Selvbetjening i alle filialer", 90, False),
        ],
        "risks": [],
        "benefits": [
            {
                "title": "Driftsudgift til bibliotekssystem (kr. pr. år)",
                "unit": Benefit.Unit.KR,
                "type": Benefit.Type.EFFICIENCY,
                "financial": True,
                "baseline": 650_000,
                "target": 480_000,
                "owner": "bibliotekschef",
                "values": [560_000, 500_000],
                "plan": "Opgøres af Økonomi ud fra fakturaer ved årets udgang.",
            },
            {
                "title": "Andel af udlån via selvbetjening (%)",
                "unit": Benefit.Unit.PERCENT,
                "type": Benefit.Type.SERVICE,
                "financial": False,
                "baseline": 70,
                "target": 90,
                "owner": "bibliotekschef",
                "values": [78, 84],
                "plan": "Udlånsstatistik fra bibliotekssystemet.",
            },
        ],
    },
    {
        "number": "ND-2021-006",
        "name": "Ydelsesrefusion – nyt refusionssystem",
        "purpose": "Kommunen skal hjemtage statsrefusion korrekt og rettidigt. Den fælleskommunale "
        "refusionsløsning beregner refusionen automatisk ud fra data fra fagsystemerne og erstatter manuelle "
        "opgørelser.",
        "description": "Implementering af Ydelsesrefusion på arbejdsmarkeds- og ydelsesområdet, afstemning "
        "af "
        "data fra FASIT og ydelsessystemet og nye arbejdsgange for kontrol af refusionshjemtaget.",
        "kind": ProjectKind.FAELLESKOMMUNAL,
        "anchoring": "Ydelsescentret",
        "focus": [6, 5],
        "phase": Phase.EXECUTION,
        "model": Project.ProjectModel.STANDARD,
        "budget": 700_000,
        "initiative": "Ydelsesrefusion",
        "owner": "arbejdsmarkedschef",
        "leader": "projektleder",
        "deputies": ["sekretaer"],
        "members": [],
        "checks": ALL_CHECKS,
        "start": -500,
        "phase_start": -230,
        "end": 210,
        "priority": 3,
        "systems": ["Ydelsesrefusion", "FASIT", "Kommunernes Ydelsessystem (KY)"],
        "summary": "Refusionsberegningen kører; afstemningen af data fra fagsystemerne pågår.",
        "activities": [
            "Afstemning af refusion for første kvartal",
            "Fejl i data fra ydelsessystemet meldt til KOMBIT",
            "Ny arbejdsgang for kontrol af refusion godkendt",
            "Undervisning af medarbejdere i Ydelsescentret",
            "Datakonvertering af historiske sager afsluttet",
        ],
        "episodes": [
            (
                4,
                2,
                "economy",
                Light.YELLOW,
                "Ekstra udgifter til datakonvertering; forventet merforbrug på 8 %.",
            )
        ],
        "overrun": Decimal("0.08"),
        "pct": (40, 72),
        "milestones": [
            ("Refusionsberegning i drift", -90, True),
            ("Manuelle opgørelser udfaset", 100, False),
        ],
        "risks": [
            (
                "Fejl i data fra fagsystemerne giver forkert refusion",
                3,
                4,
                "Månedlig afstemning og fejlmelding til KOMBIT.",
                Risk.Status.OPEN,
            ),
        ],
        "benefits": [
            {
                "title": "Øget hjemtag af statsrefusion (kr. pr. år)",
                "unit": Benefit.Unit.KR,
                "type": Benefit.Type.EFFICIENCY,
                "financial": True,
                "baseline": 0,
                "target": 600_000,
                "owner": "arbejdsmarkedschef",
                "values": [150_000, 320_000],
                "plan": "Sammenligning af hjemtaget refusion med samme kvartal året før.",
            },
        ],
    },
    {
        "number": "ND-2021-007",
        "name": "Udnyttelse af velfærdsteknologi i ældreplejen",
        "purpose": "Flere ældre og færre hænder kræver nye måder at løse opgaverne på. Vasketoiletter, "
        "spiserobotter og skærmbesøg skal gøre borgerne mere selvhjulpne og frigøre tid i plejen.",
        "description": "Afprøvning, udbredelse og opfølgning på velfærdsteknologi i hjemmeplejen og på "
        "plejecentrene, herunder skærmbesøg og forflytningsteknologi.",
        "kind": ProjectKind.LOKAL,
        "anchoring": "Sundhed og Træning",
        "focus": [3, 2],
        "phase": Phase.EXECUTION,
        "model": Project.ProjectModel.STANDARD,
        "budget": 1_500_000,
        "initiative": None,
        "owner": "styregruppe",
        "leader": "pl-sundhed",
        "deputies": [],
        "members": ["gevinstejer"],
        "checks": {**ALL_CHECKS, "citizen_cocreation_considered": True},
        "start": -600,
        "phase_start": -330,
        "end": 300,
        "priority": 6,
        "systems": ["NEXUS"],
        "summary": "Skærmbesøg og vasketoiletter udbredes; gevinsterne følges i hjemmeplejen.",
        "activities": [
            "Tolv nye borgere visiteret til skærmbesøg",
            "Vasketoiletter installeret på Plejecenter Solhøj",
            "Oplæring i spiserobotter på to plejecentre",
            "Evaluering af skærmbesøg med borgerpanel",
            "Gevinstmåling for første halvår",
        ],
        "episodes": [
            (
                6,
                5,
                "resources",
                Light.YELLOW,
                "Det er svært at frigøre medarbejdere til oplæring i skærmbesøg.",
            ),
            (
                3,
                1,
                "benefits",
                Light.YELLOW,
                "Gevinsterne kommer langsommere end ventet, fordi færre borgere kan bruge skærmbesøg.",
            ),
        ],
        "pct": (30, 60),
        "current": "missing",
        "milestones": [
            ("Skærmbesøg i hele hjemmeplejen", -60, True),
            ("Vasketoiletter på alle plejecentre", 150, False),
        ],
        "risks": [
            (
                "Borgerne fravælger skærmbesøg",
                3,
                3,
                "Tilbuddet præsenteres ved visitationen.",
                Risk.Status.OPEN,
            ),
        ],
        "benefits": [
            {
                "title": "Frigjorte plejetimer (timer pr. måned)",
                "unit": Benefit.Unit.HOURS,
                "type": Benefit.Type.EFFICIENCY,
                "financial": False,
                "baseline": 0,
                "target": 250,
                "owner": "gevinstejer",
                "values": [60, 110, 140],
                "plan": "Opgøres fra planlægningen i omsorgssystemet hver tredje måned.",
            },
        ],
    },
    {
        "number": "ND-2021-008",
        "name": "Grunddataprogrammet – brug af fælles grunddata",
        "purpose": "Grunddataprogrammet gør de offentlige grunddata om personer, virksomheder, adresser, "
        "ejendomme og geografi tilgængelige via Datafordeleren. Kommunen skal bruge grunddata i egne "
        "systemer "
        "og holde de data, kommunen selv har ansvaret for, korrekte.",
        "description": "Overgang til Datafordeleren i kommunens fagsystemer, kvalitetssikring af adresser og "
        "bygningsdata i BBR og faste rutiner for rettelse af grunddata.",
        "kind": ProjectKind.FAELLESOFFENTLIG,
        "anchoring": "Plan og Byg",
        "focus": [5, 6],
        "phase": Phase.REALISATION,
        "model": Project.ProjectModel.STANDARD,
        "budget": 380_000,
        "initiative": "Grunddataprogrammet",
        "owner": "teknikchef",
        "leader": "projektleder2",
        "deputies": [],
        "members": [],
        "checks": ALL_CHECKS,
        "start": -1300,
        "phase_start": -280,
        "end": 120,
        "priority": 9,
        "systems": ["Datafordeleren"],
        "summary": "Fagsystemerne henter grunddata fra Datafordeleren; oprydningen i BBR fortsætter.",
        "activities": [
            "300 BBR-sager med fejl rettet",
            "Rutine for adresseændringer beskrevet",
            "Sidste fagsystem flyttet til Datafordeleren",
            "Status på datakvalitet fremlagt for programgruppen",
        ],
        "episodes": [],
        "pct": (82, 93),
        "milestones": [
            ("Alle fagsystemer på Datafordeleren", -100, True),
            ("BBR-oprydning afsluttet", 90, False),
        ],
        "risks": [],
        "benefits": [
            {
                "title": "Andel af BBR-sager uden datafejl (%)",
                "unit": Benefit.Unit.PERCENT,
                "type": Benefit.Type.QUALITY,
                "financial": False,
                "baseline": 72,
                "target": 95,
                "owner": "teknikchef",
                "values": [84, 90],
                "plan": "Stikprøvekontrol af 100 sager hvert halvår.",
            },
        ],
    },
    {
        "number": "ND-2021-009",
        "name": "Samarbejdsplatform på skole- og dagtilbudsområdet",
        "purpose": "Brugerportalsinitiativet giver skoler og dagtilbud en fælles læringsplatform og en "
        "fælles "
        "kommunikationsplatform. Projektet sikrer, at lærere og pædagoger bruger platformene i den daglige "
        "planlægning og dokumentation.",
        "description": "Udrulning af læringsplatformen i samspil med AULA, forløbsplanlægning, elevplaner og "
        "kompetenceudvikling af det pædagogiske personale.",
        "kind": ProjectKind.FAELLESKOMMUNAL,
        "anchoring": "Skoler",
        "focus": [3],
        "phase": Phase.REALISATION,
        "model": Project.ProjectModel.STANDARD,
        "budget": 900_000,
        "initiative": "Brugerportalsinitiativet",
        "owner": "skolechef",
        "leader": "pl-skole",
        "deputies": [],
        "members": [],
        "checks": ALL_CHECKS,
        "start": -1500,
        "phase_start": -360,
        "end": 240,
        "priority": 7,
        "systems": ["AULA"],
        "summary": "Læringsplatformen bruges på alle skoler; fokus er nu dagtilbuddenes brug.",
        "activities": [
            "Netværksmøde for pædagogiske IT-vejledere",
            "Skabeloner til elevplaner opdateret",
            "Oplæring af pædagoger i to dagtilbud",
            "Brugerundersøgelse blandt lærerne gennemført",
        ],
        "episodes": [],
        "pct": (80, 92),
        "milestones": [
            ("Elevplaner digitale på alle skoler", -200, True),
            ("Læringsplatformen i brug i alle dagtilbud", 180, False),
        ],
        "risks": [],
        "benefits": [
            {
                "title": "Andel af elevplaner udarbejdet digitalt (%)",
                "unit": Benefit.Unit.PERCENT,
                "type": Benefit.Type.QUALITY,
                "financial": False,
                "baseline": 35,
                "target": 100,
                "owner": "skolechef",
                "values": [80, 95],
                "plan": "Udtræk fra læringsplatformen ved skoleårets slut.",
            },
        ],
    },
    {
        "number": "ND-2021-010",
        "name": "AULA – kommunikationsplatform for skoler og dagtilbud",
        "purpose": "AULA erstatter Skoleintra og samler kommunikationen mellem skole, dagtilbud, forældre og "
        "elever ét sted, i sammenhæng med læringsplatformen.",
        "description": "Implementering af AULA i alle skoler og dagtilbud, udfasning af Skoleintra, grupper "
        "via den fælleskommunale infrastruktur og løbende udvikling af brugen.",
        "kind": ProjectKind.FAELLESKOMMUNAL,
        "anchoring": "Skoler",
        "focus": [3],
        "phase": Phase.REALISATION,
        "model": Project.ProjectModel.STANDARD,
        "budget": 650_000,
        "initiative": "AULA",
        "owner": "skolechef",
        "leader": "pl-skole",
        "deputies": [],
        "members": [],
        "checks": ALL_CHECKS,
        "start": -1000,
        "phase_start": -300,
        "end": 100,
        "priority": 10,
        "systems": ["AULA", "Skoleintra", "Fælleskommunale støttesystemer"],
        "summary": "AULA er i drift; de sidste data fra Skoleintra arkiveres, før systemet lukkes.",
        "activities": [
            "Arkivering af data fra Skoleintra",
            "Vejledning til forældre om AULA-appen sendt ud",
            "Gruppesynkronisering efter skoleårsskiftet kontrolleret",
            "Møde med dagtilbudslederne om brug af AULA",
        ],
        "episodes": [
            (
                2,
                1,
                "deliverables",
                Light.YELLOW,
                "Fejl i gruppesynkroniseringen efter skoleårsskiftet er under rettelse hos leverandøren.",
            )
        ],
        "pct": (84, 95),
        "milestones": [("AULA i drift på alle skoler", -800, True), ("Skoleintra lukket", 60, False)],
        "risks": [
            (
                "Data i Skoleintra går tabt ved lukningen",
                2,
                4,
                "Arkiveringsplan godkendt af arkivet.",
                Risk.Status.OPEN,
            ),
        ],
        "benefits": [
            {
                "title": "Forældre der bruger AULA mindst ugentligt (%)",
                "unit": Benefit.Unit.PERCENT,
                "type": Benefit.Type.SERVICE,
                "financial": False,
                "baseline": 40,
                "target": 85,
                "owner": "skolechef",
                "values": [62, 71, 78],
                "plan": "Brugsstatistik fra AULA hver tredje måned.",
            },
        ],
    },
    {
        "number": "ND-2021-011",
        "name": "Office 365 – digital transformation af samarbejdet",
        "purpose": "Med Office 365 får medarbejderne nye måder at samarbejde på tværs: Teams, fælles "
        "dokumenter "
        "og mobile arbejdsgange. Projektet er kommunens eksempel på digital transformation i praksis.",
        "description": "Migrering fra lokale fildrev og Exchange til Microsoft 365, Teams som "
        "samarbejdsplatform, "
        "regler for oprettelse af teams og informationssikkerhed samt kompetenceudvikling af ledere og "
        "medarbejdere.",
        "kind": ProjectKind.TVAERGAAENDE,
        "anchoring": "IT og Digitalisering",
        "focus": [2],
        "phase": Phase.EXECUTION,
        "model": Project.ProjectModel.STANDARD,
        "budget": 3_200_000,
        "initiative": None,
        "owner": "direktoer",
        "leader": "projektleder",
        "deputies": ["sekretaer"],
        "members": ["sikkerhed", "programgruppe"],
        "checks": {**ALL_CHECKS, "climate_considered": True},
        "start": -540,
        "phase_start": -330,
        "end": 240,
        "priority": 2,
        "systems": ["Office 365"],
        "summary": "Teams er i brug i hele organisationen; fællesdrevene flyttes til SharePoint.",
        "activities": [
            "Fællesdrev for Borgerservice migreret",
            "Kursus i Teams for ledere afholdt",
            "Skabeloner til klassifikation af teams godkendt",
            "Fællesdrev for Teknik og Miljø migreret",
            "Superbrugernetværk for Office 365 etableret",
            "Gamle postkasser ryddet op",
        ],
        "episodes": [
            (
                8,
                7,
                "resources",
                Light.RED,
                "To nøglemedarbejdere i IT-driften er langtidssygemeldte; migreringen af fællesdrev er sat "
                "på pause.",
            ),
            (8, 5, "schedule", Light.YELLOW, "Migreringen af fællesdrev er forsinket ca. seks uger."),
            (6, 5, "resources", Light.YELLOW, "Ekstern konsulent er tilknyttet; efterslæbet indhentes."),
        ],
        "decisions": {
            8: "Programgruppen bedes tage stilling til indkøb af 200 konsulenttimer til migrering af "
            "fællesdrev.",
            7: "Programgruppen bedes tage stilling til indkøb af 200 konsulenttimer til migrering af "
            "fællesdrev.",
        },
        "pct": (35, 68),
        "milestones": [
            ("Exchange flyttet til Exchange Online", -300, True),
            ("Teams rullet ud til alle medarbejdere", -150, True),
            ("Fællesdrev migreret til SharePoint", 30, False),
            ("Gamle filservere lukket", 200, False),
        ],
        "risks": [
            (
                "Personoplysninger placeres forkert i Teams",
                3,
                4,
                "Klassifikation og skabeloner for teams; oplæg fra informationssikkerhedskoordinatoren.",
                Risk.Status.OPEN,
            ),
            (
                "Manglende kapacitet i IT-driften",
                4,
                3,
                "Ekstern konsulent tilknyttet efter styregruppens beslutning.",
                Risk.Status.CLOSED,
            ),
        ],
        "benefits": [
            {
                "title": "Medarbejdere der oplever, at de kan samarbejde digitalt på tværs (%)",
                "unit": Benefit.Unit.PERCENT,
                "type": Benefit.Type.QUALITY,
                "financial": False,
                "baseline": 48,
                "target": 80,
                "owner": "gevinstejer",
                "values": [55, 63],
                "plan": "Spørgsmål i den årlige trivselsmåling.",
            },
            {
                "title": "Kørte kilometer til interne møder (km pr. måned)",
                "unit": Benefit.Unit.COUNT,
                "type": Benefit.Type.EFFICIENCY,
                "financial": False,
                "baseline": 21_000,
                "target": 14_000,
                "owner": "direktoer",
                "values": [18_500, 16_200],
                "plan": "Kørselsregnskab fra lønsystemet.",
            },
        ],
        "business_case": True,
    },
    {
        "number": "ND-2021-012",
        "name": "OS2Smartmail – fordeling af indgående post med kunstig intelligens",
        "purpose": "Kommunen modtager mange mails og digitale breve i fællespostkasserne. OS2Smartmail "
        "bruger "
        "kunstig intelligens til at fordele den indgående post til den rette afdeling.",
        "description": "Afprøvning og indførelse af OS2Smartmail sammen med andre kommuner i "
        "OS2-fællesskabet: "
        "træning af modellen på historisk post, test i Borgerservice og udrulning til fællespostkasserne.",
        "kind": ProjectKind.TVAERKOMMUNAL,
        "anchoring": "Borgerservice",
        "focus": [2],
        "phase": Phase.EXECUTION,
        "model": Project.ProjectModel.STANDARD,
        "budget": 260_000,
        "initiative": "OS2 – Offentligt Digitaliseringsfællesskab",
        "owner": "oekonomichef",
        "leader": "projektleder2",
        "deputies": [],
        "members": [],
        "checks": ALL_CHECKS,
        "start": -300,
        "phase_start": -120,
        "end": 200,
        "priority": 11,
        "systems": ["OS2Smartmail"],
        "summary": "Modellen er trænet og testes i Borgerservice' fællespostkasse.",
        "activities": [
            "Modellen gentrænet på et års historisk post",
            "Test i Borgerservice' fællespostkasse",
            "Databehandleraftale på plads med driftsleverandøren",
            "Erfaringsudveksling med to andre OS2-kommuner",
        ],
        "episodes": [
            (
                4,
                3,
                "deliverables",
                Light.YELLOW,
                "Modellens træfsikkerhed er 78 %; målet er 90 % før udrulning.",
            )
        ],
        "pct": (30, 55),
        "milestones": [
            ("Test i Borgerservice", -20, True),
            ("Udrulning til alle fællespostkasser", 120, False),
        ],
        "risks": [
            (
                "Post fordeles forkert og besvares for sent",
                2,
                4,
                "Menneskelig kontrol af usikre forslag i testperioden.",
                Risk.Status.OPEN,
            ),
        ],
        "benefits": [
            {
                "title": "Tid til manuel fordeling af indgående post (timer pr. måned)",
                "unit": Benefit.Unit.HOURS,
                "type": Benefit.Type.EFFICIENCY,
                "financial": False,
                "baseline": 160,
                "target": 60,
                "owner": "oekonomichef",
                "values": [150, 128],
                "plan": "Tidsregistrering i Borgerservice.",
            },
        ],
    },
    {
        "number": "ND-2021-013",
        "name": "Borgerblikket – borgernes adgang til egne data",
        "purpose": "Borgerne skal i videst muligt omfang have adgang til egne data og sager. Med "
        "Borgerblikket "
        "kan borgerne via Borger.dk se deres egne oplysninger og sager hos kommunen.",
        "description": "Analyse af, hvilke data og dokumenter der kan vises, krav til opmærkning med "
        "KLE-numre, "
        "samskabelse med et borgerpanel om visningen og afklaring af databeskyttelsen.",
        "kind": ProjectKind.TVAERGAAENDE,
        "anchoring": "IT og Digitalisering",
        "focus": [1, 5],
        "phase": Phase.ANALYSIS,
        "model": Project.ProjectModel.STANDARD,
        "budget": 300_000,
        "initiative": None,
        "owner": "oekonomichef",
        "leader": "projektleder",
        "deputies": [],
        "members": ["dpo"],
        "checks": {
            **ALL_CHECKS,
            "security_coordinator_involved": False,
            "citizen_cocreation_considered": True,
        },
        "start": -110,
        "phase_start": -90,
        "end": 400,
        "priority": 12,
        "systems": [],
        "summary": "Analysen af data og dokumenter, der kan vises for borgerne, pågår.",
        "activities": [
            "Workshop med borgerpanelet om visningen af sager",
            "Stikprøve af KLE-opmærkning i ESDH",
            "Møde med databeskyttelsesrådgiveren",
            "Udkast til business case",
        ],
        "episodes": [
            (
                2,
                0,
                "deliverables",
                Light.YELLOW,
                "Mange dokumenter mangler korrekt KLE-nummer, så det kan ikke sikres, hvilke data der vises.",
            )
        ],
        "pct": (5, 25),
        "current": "draft",
        "milestones": [("Analyse afsluttet", 60, False), ("Beslutningsoplæg til styregruppen", 90, False)],
        "risks": [
            (
                "Data vises for borgere uden korrekt opmærkning",
                3,
                5,
                "Kun sagstyper med kontrolleret KLE-opmærkning vises.",
                Risk.Status.OPEN,
            ),
        ],
        "benefits": [
            {
                "title": "Henvendelser om sagsstatus til Borgerservice (antal pr. måned)",
                "unit": Benefit.Unit.COUNT,
                "type": Benefit.Type.SERVICE,
                "financial": False,
                "baseline": 900,
                "target": 600,
                "owner": "oekonomichef",
                "values": [],
                "plan": "Optælling i kontaktcentrets statistik.",
            },
        ],
    },
    {
        "number": "ND-2021-014",
        "name": "Sensorovervågning af vand på offentlige toiletter",
        "purpose": "Utætte cisterner og haner på offentlige toiletter spilder meget vand. Med sensorer "
        "overvåges vandforbruget, så lækager opdages og udbedres hurtigt.",
        "description": "Vandmålere med sensorer på 25 offentlige toiletter, dataopsamling via LoRaWAN, "
        "alarmer til "
        "driftspersonalet ved unormalt forbrug og opfølgning på vandbesparelsen.",
        "kind": ProjectKind.LOKAL,
        "anchoring": "Ejendomme",
        "focus": [4],
        "phase": Phase.EXECUTION,
        "model": Project.ProjectModel.LIGHT,
        "budget": 120_000,
        "initiative": None,
        "owner": "teknikchef",
        "leader": "pl-teknik",
        "deputies": [],
        "members": [],
        "checks": {**ALL_CHECKS, "climate_considered": True},
        "start": -75,
        "phase_start": -40,
        "end": 150,
        "priority": 13,
        "systems": ["OS2iot"],
        "summary": "Sensorerne er opsat på de første toiletter, og alarmerne testes.",
        "activities": [
            "Sensorer opsat på ti toiletter i Grenaa",
            "Alarmregler aftalt med driftspersonalet",
            "Første lækage fundet og udbedret på havnen",
            "Sensorer opsat på toiletterne ved strandene",
        ],
        "episodes": [],
        "pct": (10, 45),
        "milestones": [
            ("Sensorer på alle 25 toiletter", 30, False),
            ("Evaluering af vandbesparelsen", 140, False),
        ],
        "risks": [
            ("Dårlig LoRaWAN-dækning ved strandene", 3, 2, "Ekstra gateway opsættes.", Risk.Status.OPEN)
        ],
        "benefits": [
            {
                "title": "Vandforbrug på offentlige toiletter (m³ pr. år)",
                "unit": Benefit.Unit.COUNT,
                "type": Benefit.Type.EFFICIENCY,
                "financial": False,
                "baseline": 5200,
                "target": 3900,
                "owner": "teknikchef",
                "values": [4800],
                "plan": "Aflæsning fra sensorerne, opgjort hver måned.",
            },
        ],
    },
    {
        "number": "ND-2021-015",
        "name": "Automatiseret rolle- og rettighedsstyring",
        "purpose": "Når organisationsdata er valide, kan store dele af tildelingen af roller og rettigheder "
        "til "
        "IT-systemer ske automatisk ud fra, hvor i organisationen medarbejderen er ansat. Det giver færre "
        "manuelle opgaver og bedre informationssikkerhed.",
        "description": "Oprydning i organisationsdata, OS2rollekatalog koblet til den fælleskommunale "
        "infrastruktur og automatisk tildeling og fjernelse af rettigheder ved ansættelse, jobskifte og "
        "fratræden.",
        "kind": ProjectKind.TVAERGAAENDE,
        "anchoring": "IT og Digitalisering",
        "focus": [5, 6],
        "phase": Phase.EXECUTION,
        "model": Project.ProjectModel.STANDARD,
        "budget": 550_000,
        "initiative": "Fælleskommunal infrastruktur",
        "owner": "itchef",
        "leader": "projektleder2",
        "deputies": [],
        "members": ["sikkerhed"],
        "checks": ALL_CHECKS,
        "start": -260,
        "phase_start": "gate",
        "end": 330,
        "priority": 5,
        "systems": ["OS2rollekatalog", "Fælleskommunale støttesystemer"],
        "summary": "Organisationsdata er ryddet op; de første systemer tildeler rettigheder automatisk.",
        "activities": [
            "Oprydning i organisationsdata for Social og Sundhed",
            "Jobfunktionsroller for jobcentret beskrevet",
            "OS2rollekatalog koblet til den fælleskommunale infrastruktur",
            "Automatisk fratagelse af rettigheder ved fratræden testet",
        ],
        "episodes": [],
        "pct": (10, 40),
        "milestones": [
            ("Organisationsdata ryddet op", -30, True),
            ("Automatisk tildeling i fem systemer", 150, False),
        ],
        "risks": [
            (
                "Forkerte organisationsdata giver forkerte rettigheder",
                3,
                4,
                "Lederne godkender roller pr. enhed før automatisering.",
                Risk.Status.OPEN,
            ),
        ],
        "benefits": [
            {
                "title": "Tid brugt på manuel tildeling af rettigheder (timer pr. måned)",
                "unit": Benefit.Unit.HOURS,
                "type": Benefit.Type.EFFICIENCY,
                "financial": False,
                "baseline": 120,
                "target": 30,
                "owner": "itchef",
                "values": [112],
                "plan": "Tidsregistrering i IT-supporten.",
            },
        ],
    },
    {
        "number": "ND-2021-016",
        "name": "FASIT på fælleskommunal infrastruktur",
        "purpose": "Arbejdsmarkedssystemet FASIT omlægges til at bruge den fælleskommunale infrastruktur, "
        "så der "
        "ikke skal vedligeholdes en særskilt organisation og adgangsstyring i systemet.",
        "description": "FASIT sættes op til at bruge kommunens organisationsdata og den fælleskommunale "
        "adgangsstyring; test og idriftsættelse i jobcentret.",
        "kind": ProjectKind.FAELLESKOMMUNAL,
        "anchoring": "Jobcentret",
        "focus": [6],
        "phase": Phase.EXECUTION,
        "model": Project.ProjectModel.STANDARD,
        "budget": 220_000,
        "initiative": "Fælleskommunal infrastruktur",
        "owner": "arbejdsmarkedschef",
        "leader": "projektleder",
        "deputies": [],
        "members": [],
        "checks": ALL_CHECKS,
        "start": -200,
        "phase_start": -120,
        "end": 120,
        "priority": 4,
        "systems": ["FASIT", "Fælleskommunale støttesystemer"],
        "summary": "Opsætningen af FASIT mod den fælleskommunale infrastruktur testes.",
        "activities": [
            "Organisationsdata for jobcentret kontrolleret",
            "Testplan aftalt med leverandøren",
            "Test af adgangsstyring med ti medarbejdere",
            "Ny tidsplan aftalt med KOMBIT og leverandøren",
        ],
        "episodes": [
            (
                3,
                2,
                "schedule",
                Light.RED,
                "KOMBIT har udskudt idriftsættelsen af snitfladen til den fælleskommunale adgangsstyring "
                "med seks uger.",
            ),
            (1, 0, "schedule", Light.YELLOW, "Ny tidsplan er aftalt med KOMBIT og leverandøren."),
        ],
        "pct": (25, 60),
        "milestones": [
            ("Testmiljø klar", -60, True),
            ("FASIT i drift på fælleskommunal infrastruktur", 80, False),
        ],
        "risks": [
            (
                "Yderligere forsinkelse hos KOMBIT",
                3,
                3,
                "Tæt dialog med KOMBIT; ugentlig status.",
                Risk.Status.OPEN,
            ),
        ],
        "benefits": [
            {
                "title": "Tid brugt på brugeradministration i FASIT (timer pr. måned)",
                "unit": Benefit.Unit.HOURS,
                "type": Benefit.Type.EFFICIENCY,
                "financial": False,
                "baseline": 40,
                "target": 5,
                "owner": "arbejdsmarkedschef",
                "values": [],
                "plan": "Tidsregistrering hos de systemansvarlige i jobcentret.",
            },
        ],
    },
    {
        "number": "ND-2021-017",
        "name": "NEXUS på fælleskommunal infrastruktur",
        "purpose": "Omsorgssystemet NEXUS omlægges til at bruge den fælleskommunale infrastruktur, så "
        "organisation og adgangsstyring ikke skal bygges op særskilt i systemet.",
        "description": "Analyse af organisationsdata på ældre- og sundhedsområdet, plan for omlægningen "
        "sammen med "
        "leverandøren og KOMBIT og afklaring af konsekvenserne for brugeradministrationen på plejecentrene.",
        "kind": ProjectKind.FAELLESKOMMUNAL,
        "anchoring": "Sundhed og Træning",
        "focus": [6, 3],
        "phase": Phase.ANALYSIS,
        "model": Project.ProjectModel.STANDARD,
        "budget": 180_000,
        "initiative": "Fælleskommunal infrastruktur",
        "owner": "styregruppe",
        "leader": "pl-sundhed",
        "deputies": [],
        "members": [],
        "checks": {**ALL_CHECKS, "it_involved": False},
        "start": -55,
        "phase_start": -55,
        "end": 365,
        "priority": 14,
        "systems": ["NEXUS", "Fælleskommunale støttesystemer"],
        "summary": "Analysen af organisationsdata på ældre- og sundhedsområdet er i gang.",
        "activities": [
            "Opstartsmøde med leverandøren",
            "Gennemgang af organisationsdata for plejecentrene",
            "Erfaringer fra FASIT-projektet indhentet",
        ],
        "episodes": [],
        "pct": (5, 15),
        "current": "missing",
        "milestones": [("Analyse afsluttet", 70, False)],
        "risks": [],
        "benefits": [],
    },
    {
        "number": "ND-2021-018",
        "name": "Digital assistent til Borgerservice (IOD-forsøg)",
        "purpose": "IOD vil afprøve, om en digital assistent på kommunens hjemmeside kan besvare de "
        "hyppigste "
        "spørgsmål om affald, pas og kørekort, så Borgerservice får færre telefonopkald.",
        "description": "Lille og billigt forsøg efter laboratoriemodellen: prototype på udvalgte emner, "
        "test med "
        "borgere og vurdering af, om løsningen skal videre i projektmodellen.",
        "kind": ProjectKind.IOD,
        "anchoring": "Borgerservice",
        "focus": [1, 2],
        "phase": Phase.IDEA,
        "model": Project.ProjectModel.LIGHT,
        "budget": 75_000,
        "initiative": None,
        "owner": "itchef",
        "leader": "iod",
        "deputies": [],
        "members": ["pl-teknik"],
        "checks": {**dict.fromkeys(ALL_CHECKS, False), "citizen_cocreation_considered": True},
        "start": -30,
        "phase_start": -30,
        "end": 180,
        "priority": None,
        "systems": [],
        "summary": "",
        "activities": [],
        "episodes": [],
        "pct": (0, 0),
        "milestones": [("Prototype klar til test med borgere", 60, False)],
        "risks": [],
        "benefits": [],
    },
]

# IT systems: name, description, vendor, owner unit, system owner, lifecycle, criticality,
# on common infrastructure, contract end (days from today), notice months
IT_SYSTEMS = [
    (
        "FASIT",
        "Arbejdsmarkedssystem til jobcentrets sagsbehandling.",
        "Schultz",
        "Jobcentret",
        "arbejdsmarkedschef",
        ITSystem.Lifecycle.OPERATING,
        ITSystem.Criticality.HIGH,
        True,
        700,
        12,
    ),
    (
        "NEXUS",
        "Omsorgssystem til hjemmepleje, plejecentre, sygepleje og træning.",
        "KMD",
        "Social og Sundhed",
        "styregruppe",
        ITSystem.Lifecycle.OPERATING,
        ITSystem.Criticality.CRITICAL,
        False,
        540,
        12,
    ),
    (
        "AULA",
        "Kommunikationsplatform for skoler og dagtilbud.",
        "Netcompany (via KOMBIT)",
        "Skoler",
        "skolechef",
        ITSystem.Lifecycle.OPERATING,
        ITSystem.Criticality.HIGH,
        True,
        None,
        None,
    ),
    (
        "Skoleintra",
        "Tidligere intranet og forældrekommunikation på skolerne; erstattet af AULA.",
        "itslearning",
        "Skoler",
        "skolechef",
        ITSystem.Lifecycle.PHASING_OUT,
        ITSystem.Criticality.LOW,
        False,
        90,
        3,
    ),
    (
        "OS2Smartmail",
        "Fordeling af indgående post med kunstig intelligens.",
        "OS2 – Offentligt Digitaliseringsfællesskab",
        "Borgerservice",
        "oekonomichef",
        ITSystem.Lifecycle.PHASING_IN,
        ITSystem.Criticality.MEDIUM,
        False,
        None,
        None,
    ),
    (
        "Office 365",
        "Microsoft 365: Exchange Online, Teams, SharePoint og Office-programmerne.",
        "Microsoft",
        "IT og Digitalisering",
        "itchef",
        ITSystem.Lifecycle.OPERATING,
        ITSystem.Criticality.CRITICAL,
        False,
        400,
        6,
    ),
    (
        "Fælles Bibliotekssystem (FBS)",
        "Bibliotekssystem til udlån, materialehåndtering og selvbetjening.",
        "Axiell (via KOMBIT)",
        "Norddjurs Bibliotek",
        "bibliotekschef",
        ITSystem.Lifecycle.OPERATING,
        ITSystem.Criticality.MEDIUM,
        True,
        900,
        12,
    ),
    (
        "Ydelsesrefusion",
        "Beregning og hjemtagning af statsrefusion.",
        "KMD (via KOMBIT)",
        "Ydelsescentret",
        "arbejdsmarkedschef",
        ITSystem.Lifecycle.PHASING_IN,
        ITSystem.Criticality.HIGH,
        True,
        1200,
        12,
    ),
    (
        "Kommunernes Ydelsessystem (KY)",
        "Ydelsessystem fra monopolbruddet til kontanthjælp og andre ydelser.",
        "Netcompany (via KOMBIT)",
        "Ydelsescentret",
        "arbejdsmarkedschef",
        ITSystem.Lifecycle.OPERATING,
        ITSystem.Criticality.CRITICAL,
        True,
        1500,
        12,
    ),
    (
        "Talegenkendelse (Dictus)",
        "Talegenkendelse til diktering af journalnotater.",
        "Dictus",
        "IT og Digitalisering",
        "itchef",
        ITSystem.Lifecycle.OPERATING,
        ITSystem.Criticality.MEDIUM,
        False,
        250,
        3,
    ),
    (
        "Printløsning (follow-me print)",
        "Fælles multifunktionsmaskiner med follow-me print.",
        "Konica Minolta",
        "IT og Digitalisering",
        "itchef",
        ITSystem.Lifecycle.OPERATING,
        ITSystem.Criticality.LOW,
        False,
        600,
        6,
    ),
    (
        "Teams-telefoni",
        "Telefoni og omstilling integreret i Microsoft Teams.",
        "TDC Erhverv",
        "IT og Digitalisering",
        "itchef",
        ITSystem.Lifecycle.PHASING_IN,
        ITSystem.Criticality.HIGH,
        False,
        1400,
        6,
    ),
    (
        "OS2rollekatalog",
        "Roller og rettigheder ud fra organisationsdata.",
        "OS2 – Offentligt Digitaliseringsfællesskab",
        "IT og Digitalisering",
        "itchef",
        ITSystem.Lifecycle.PHASING_IN,
        ITSystem.Criticality.HIGH,
        True,
        None,
        None,
    ),
    (
        "Fælleskommunale støttesystemer",
        "Organisation, Klassifikation, Adgangsstyring og Serviceplatformen.",
        "KOMBIT",
        "IT og Digitalisering",
        "itchef",
        ITSystem.Lifecycle.OPERATING,
        ITSystem.Criticality.CRITICAL,
        True,
        None,
        None,
    ),
    (
        "OS2iot",
        "Platform til sensordata via LoRaWAN.",
        "OS2 – Offentligt Digitaliseringsfællesskab",
        "Ejendomme",
        "teknikchef",
        ITSystem.Lifecycle.PHASING_IN,
        ITSystem.Criticality.LOW,
        False,
        None,
        None,
    ),
    (
        "Datafordeleren",
        "Adgang til de fællesoffentlige grunddata.",
        "Klimadatastyrelsen",
        "Plan og Byg",
        "teknikchef",
        ITSystem.Lifecycle.OPERATING,
        ITSystem.Criticality.HIGH,
        False,
        None,
        None,
    ),
]

# The link model between projects and systems (kind of relation: introduces, replaces, changes).
SystemLink = ITSystem.projects.through
# The systems' further registration: user count, hosting and KLE numbers.
IT_SYSTEM_DETAILS = {
    "FASIT": {"user_count": "over_100", "hosting": "external", "kle_numbers": ["15.00.00", "32.18.00"]},
    "NEXUS": {"user_count": "over_100", "hosting": "external", "kle_numbers": ["27.24.00", "29.09.00"]},
    "AULA": {"user_count": "over_100", "hosting": "external", "kle_numbers": ["17.00.00", "28.00.00"]},
    "Skoleintra": {"user_count": "50_100", "hosting": "on_premise", "kle_numbers": ["17.00.00"]},
    "OS2Smartmail": {"user_count": "10_50", "hosting": "on_premise", "kle_numbers": ["85.00.00"]},
    "Office 365": {"user_count": "over_100", "hosting": "external"},
    "Fælles Bibliotekssystem (FBS)": {
        "user_count": "10_50",
        "hosting": "external",
        "kle_numbers": ["18.00.00"],
    },
    "Ydelsesrefusion": {"user_count": "under_10", "hosting": "external", "kle_numbers": ["32.00.00"]},
    "Kommunernes Ydelsessystem (KY)": {
        "user_count": "50_100",
        "hosting": "external",
        "kle_numbers": ["32.18.00"],
    },
    "Talegenkendelse (Dictus)": {"user_count": "50_100", "hosting": "hybrid"},
    "Printløsning (follow-me print)": {"user_count": "over_100", "hosting": "on_premise"},
    "Teams-telefoni": {"user_count": "over_100", "hosting": "external"},
    "OS2rollekatalog": {"user_count": "under_10", "hosting": "on_premise"},
    "Fælleskommunale støttesystemer": {"hosting": "external"},
    "OS2iot": {"user_count": "under_10", "hosting": "on_premise", "kle_numbers": ["13.00.00"]},
    "Datafordeleren": {"user_count": "10_50", "hosting": "external", "kle_numbers": ["02.00.00"]},
}
# How a project stands to a system it names; any pair not listed "changes" the system.
IT_SYSTEM_RELATIONS = {
    ("Talegenkendelse (Dictus)", "ND-2021-001"): SystemLink.Relation.INTRODUCES,
    ("Kommunernes Ydelsessystem (KY)", "ND-2021-002"): SystemLink.Relation.INTRODUCES,
    ("Printløsning (follow-me print)", "ND-2021-003"): SystemLink.Relation.INTRODUCES,
    ("Teams-telefoni", "ND-2021-004"): SystemLink.Relation.INTRODUCES,
    ("Fælles Bibliotekssystem (FBS)", "ND-2021-005"): SystemLink.Relation.INTRODUCES,
    ("Ydelsesrefusion", "ND-2021-006"): SystemLink.Relation.INTRODUCES,
    ("AULA", "ND-2021-010"): SystemLink.Relation.INTRODUCES,
    ("Skoleintra", "ND-2021-010"): SystemLink.Relation.REPLACES,
    ("OS2Smartmail", "ND-2021-012"): SystemLink.Relation.INTRODUCES,
    ("OS2iot", "ND-2021-014"): SystemLink.Relation.INTRODUCES,
    ("OS2rollekatalog", "ND-2021-015"): SystemLink.Relation.INTRODUCES,
}

# Generic comments for the odd yellow light that is not part of a project's story.
NOISE_COMMENTS = {
    "schedule": "Enkelte aktiviteter er skubbet et par uger; slutdatoen holder.",
    "economy": "Forbruget ligger lidt over det planlagte på grund af ekstra konsulenttimer.",
    "resources": "Ferieafvikling har givet lavere kapacitet i perioden.",
    "deliverables": "Leverandøren har leveret en version med fejl, som er under rettelse.",
    "benefits": "Gevinstmålingen er forsinket, fordi data fra fagsystemet mangler.",
}
DIMENSIONS = ("schedule", "economy", "resources", "deliverables", "benefits")
LIGHT_RANK = {Light.NOT_REPORTED: 0, Light.GREEN: 1, Light.YELLOW: 2, Light.RED: 3}


def _phase_plans(start, phase_start, end, phase):
    """Planned and actual dates of each phase: past phases share start..phase_start, the coming ones
    share phase_start..end."""
    order = list(PHASE_ORDER)
    plans = {}
    current = order.index(phase)
    past = order[:current]
    for i, name in enumerate(past):
        span = (phase_start - start).days
        s = start + D(days=span * i // len(past))
        e = max(s, start + D(days=span * (i + 1) // len(past)) - D(days=1))
        plans[name] = {"planned_start": s, "planned_end": e, "actual_start": s, "actual_end": e}
    if phase == Phase.CLOSED:
        plans[Phase.CLOSED] = {
            "planned_start": end,
            "planned_end": end,
            "actual_start": end,
            "actual_end": end,
        }
        return plans
    coming = order[current:-1]
    span = max((end - phase_start).days, len(coming))
    for i, name in enumerate(coming):
        s = phase_start + D(days=span * i // len(coming))
        e = max(s, phase_start + D(days=span * (i + 1) // len(coming)) - D(days=1))
        plans[name] = {"planned_start": s, "planned_end": e, "actual_start": s if i == 0 else None}
    plans[Phase.CLOSED] = {"planned_start": end, "planned_end": end}
    return plans


def ensure_projects(*, actor, today, units, users, initiatives, gate_date) -> dict[str, Project]:
    focus = {fa.number: fa for fa in FocusArea.objects.filter(period__is_current=True)}
    projects = {}
    for spec in PROJECTS:
        start = today + D(days=spec["start"])
        end = today + D(days=spec["end"])
        phase_start = gate_date if spec["phase_start"] == "gate" else today + D(days=spec["phase_start"])
        project, created = _ensure(
            Project,
            actor=actor,
            number=spec["number"],
            defaults={
                "name": spec["name"],
                "purpose": spec["purpose"],
                "description": spec["description"],
                "kind": spec["kind"],
                "anchoring": units[spec["anchoring"]],
                "project_model": spec["model"],
                "phase": spec["phase"],
                "national_initiative": initiatives[spec["initiative"]] if spec["initiative"] else None,
                "priority": spec["priority"],
                "budget": Decimal(spec["budget"]),
                "start_date": start,
                "end_date": end,
                "esdh_case_number": f"{start:%y}.01.00-G01-{int(spec['number'][-3:]) + 40}-{start:%y}",
                **spec["checks"],
            },
        )
        projects[spec["number"]] = project
        if created:
            project.focus_areas.set([focus[n] for n in spec["focus"]])
        leader, owner = users[spec["leader"]], users[spec["owner"]]
        if created or project.leader_id != leader.pk or project.owner_id != owner.pk:
            project_set_people(
                actor=actor,
                project=project,
                owner=owner,
                leader=leader,
                deputies=[users[u] for u in spec["deputies"]],
                members=[users[u] for u in spec["members"]],
            )
        for phase, dates in _phase_plans(start, phase_start, end, spec["phase"]).items():
            _ensure(ProjectPhasePlan, actor=actor, project=project, phase=phase, defaults=dates)
        for title, offset, done in spec["milestones"]:
            due = today + D(days=offset)
            _ensure(
                Milestone,
                actor=actor,
                project=project,
                title=title,
                defaults={"due_date": due, "completed_on": due if done else None},
            )
        for title, probability, consequence, action, status in spec["risks"]:
            _ensure(
                Risk,
                actor=actor,
                project=project,
                title=title,
                defaults={
                    "probability": probability,
                    "consequence": consequence,
                    "action": action,
                    "status": status,
                    "owner": leader,
                },
            )
    return projects


def ensure_it_systems(*, actor, today, units, users, projects) -> None:
    linked: dict[str, list[Project]] = {}
    for spec in PROJECTS:
        for name in spec["systems"]:
            linked.setdefault(name, []).append(projects[spec["number"]])
    for (
        name,
        description,
        vendor,
        unit,
        owner,
        lifecycle,
        criticality,
        common,
        contract_days,
        notice,
    ) in IT_SYSTEMS:
        system, created = _ensure(
            ITSystem,
            actor=actor,
            name=name,
            defaults={
                "description": description,
                "vendor": vendor,
                "owner_unit": units[unit],
                "system_owner": users[owner],
                "lifecycle": lifecycle,
                "criticality": criticality,
                "on_common_infrastructure": common,
                "contract_end": today + D(days=contract_days) if contract_days else None,
                "notice_months": notice,
            },
        )
        extra = IT_SYSTEM_DETAILS.get(name, {})
        changed = [key for key, value in extra.items() if getattr(system, key) != value]
        if changed:
            for key in changed:
                setattr(system, key, extra[key])
            system._history_user = actor
            system.save()
        if created and linked.get(name):
            for project in linked[name]:
                relation = IT_SYSTEM_RELATIONS.get((name, project.number), SystemLink.Relation.CHANGES)
                SystemLink.objects.get_or_create(
                    project=project, system=system, defaults={"relation": relation}
                )
            system._history_user = actor
            system.save()


# --------------------------------------------------------------------------- status history


def _lights_for(spec, offset, rng):
    lights, comments = {}, {}
    for dimension in DIMENSIONS:
        lights[dimension], comments[dimension] = Light.GREEN, ""
        if rng.random() < 0.025:
            lights[dimension], comments[dimension] = Light.YELLOW, NOISE_COMMENTS[dimension]
    for first, last, dimension, light, comment in spec["episodes"]:
        if last <= offset <= first and LIGHT_RANK[light] >= LIGHT_RANK[lights[dimension]]:
            lights[dimension], comments[dimension] = light, comment
    if spec["phase"] == Phase.ANALYSIS:
        lights["benefits"], comments["benefits"] = Light.NOT_REPORTED, ""
    worst = max(DIMENSIONS, key=lambda d: LIGHT_RANK[lights[d]])
    return lights, comments, worst


def ensure_status_reports(*, today, now, periods, projects) -> None:
    """Biweekly history for every project that has been running: submitted reports, with a couple of
    projects missing the current period and one draft."""
    held = [p for p in periods if not p.cancelled]
    current_index = next(i for i, p in enumerate(held) if p.meeting_date >= today)
    for spec in PROJECTS:
        if spec["phase"] in (Phase.IDEA, Phase.STOPPED):
            continue
        project = projects[spec["number"]]
        eligible = [
            (current_index - i, period)
            for i, period in enumerate(held[: current_index + 1])
            if period.meeting_date >= project.start_date + D(days=7)
            and (spec["phase"] != Phase.CLOSED or period.meeting_date <= project.end_date)
        ]
        if not eligible:
            continue
        existing = set(StatusReport.objects.filter(project=project).values_list("period_id", flat=True))
        first_pct, last_pct = spec["pct"]
        steps = max(len(eligible) - 1, 1)
        budget = project.budget or Decimal(0)
        forecast = (budget * (1 + spec.get("overrun", Decimal(0)))).quantize(Decimal("1"))
        leader = project.leader
        for n, (offset, period) in enumerate(eligible):
            if period.pk in existing:
                continue
            is_current = offset == 0
            if is_current and spec.get("current") == "missing":
                continue
            rng = random.Random(f"{spec['number']}:{period.meeting_date}")  # noqa: S311 - demo data
            lights, comments, worst = _lights_for(spec, offset, rng)
            overall = lights[worst]
            pct = first_pct + (last_pct - first_pct) * n // steps
            last_of_closed = spec["phase"] == Phase.CLOSED and n == len(eligible) - 1
            activities = spec["activities"] or ["Projektarbejde efter planen"]
            summary = spec["summary"] + (
                " Projektet følger planen."
                if overall == Light.GREEN
                else " Se kommentarerne til de gule og røde områder."
            )
            report = StatusReport(
                project=project,
                period=period,
                author=leader,
                overall=overall,
                overall_comment=comments[worst] if overall != Light.GREEN else "",
                percent_complete=pct,
                summary=summary,
                done_since_last="Projektet er afsluttet og overdraget til drift."
                if last_of_closed
                else activities[n % len(activities)],
                next_steps="Afslutningsrapport til programgruppen."
                if last_of_closed
                else activities[(n + 1) % len(activities)],
                risks_issues=comments[worst] if overall in (Light.YELLOW, Light.RED) else "",
                decisions_needed=spec.get("decisions", {}).get(offset, ""),
                budget_spent=(budget * pct / 100 * Decimal("0.9")).quantize(Decimal("1")),
                budget_forecast=forecast,
                **{d: lights[d] for d in DIMENSIONS},
                **{f"{d}_comment": comments[d] for d in DIMENSIONS},
            )
            if is_current and spec.get("current") == "draft":
                report.state = StatusReport.State.DRAFT
            else:
                report.state = StatusReport.State.SUBMITTED
                submitted = _aware(period.reporting_deadline - D(days=rng.randint(0, 3)), rng.randint(8, 15))
                report.submitted_at = min(submitted, now)
            report._history_user = leader
            report.save()


# --------------------------------------------------------------------------- benefits


def ensure_benefits(*, actor, today, users, projects) -> None:
    for spec in PROJECTS:
        project = projects[spec["number"]]
        for item in spec["benefits"]:
            owner = users[item["owner"]]
            benefit, _ = _ensure(
                Benefit,
                actor=actor,
                project=project,
                title=item["title"],
                defaults={
                    "description": item.get("description", f"Gevinst i projektet {project.name}."),
                    "type": item["type"],
                    "is_financial": item["financial"],
                    "owner": owner,
                    "unit": item["unit"],
                    "baseline": Decimal(item["baseline"]),
                    "baseline_date": project.start_date,
                    "target": Decimal(item["target"]),
                    "due_date": project.end_date + D(days=365),
                    "measurement_plan": item["plan"],
                    "measurement_interval_months": 3,
                },
            )
            benefit_permissions_sync(benefit=benefit)
            if item["values"] and not benefit.measurements.exists():
                count = len(item["values"])
                for i, value in enumerate(item["values"]):
                    measured_on = max(
                        today - D(days=20 + 91 * (count - 1 - i)),
                        benefit.baseline_date + D(days=30 * (i + 1)),
                    )
                    measurement = BenefitMeasurement(
                        benefit=benefit,
                        measured_on=min(measured_on, today),
                        value=Decimal(value),
                        comment="Opgjort efter målemetoden." if i else "Første måling efter idriftsættelse.",
                        recorded_by=owner,
                    )
                    measurement._history_user = owner
                    measurement.save()
        if spec.get("business_case"):
            _ensure_business_case(actor=actor, project=project)


def _ensure_business_case(*, actor, project) -> None:
    case, _ = _ensure(
        BusinessCase,
        actor=actor,
        project=project,
        defaults={
            "notes": "Business case efter Norddjurs Kommunes projektmodel; godkendt ved fasegodkendelsen."
        },
    )
    budget = project.budget or Decimal(100_000)
    Row, Category = BusinessCaseLine.Row, BusinessCaseLine.Category
    lines = [
        (Category.INVESTMENT, Row.CONSULTANCY, 0, budget * Decimal("0.35")),
        (Category.INVESTMENT, Row.TRAINING, 0, budget * Decimal("0.15")),
        (Category.INVESTMENT, Row.SOFTWARE, 0, budget * Decimal("0.30")),
        (Category.INVESTMENT, Row.CONSULTANCY, 1, budget * Decimal("0.20")),
    ]
    for year in range(1, 6):
        lines.append((Category.RUNNING_COST, Row.SYSTEM_MAINTENANCE, year, budget * Decimal("0.08")))
        lines.append((Category.SAVING, Row.SALARY_SAVINGS, year, budget * Decimal("0.12") * min(year, 3)))
        lines.append((Category.SAVING, Row.LICENCES, year, budget * Decimal("0.05")))
    for category, row, year, amount in lines:
        _ensure(
            BusinessCaseLine,
            actor=actor,
            business_case=case,
            category=category,
            row=row,
            year=year,
            defaults={"amount": amount.quantize(Decimal("1"))},
        )


# --------------------------------------------------------------------------- governance


def _members_of(body, day):
    return [m.user for m in Membership.objects.active_on(day).filter(body=body).select_related("user")]


def _ensure_meeting(*, actor, body, day, today, location, minutes, reporting_period=None, cancelled=False):
    lookup = {"reporting_period": reporting_period} if reporting_period else {"body": body, "date": day}
    defaults = {"location": location, "minutes": minutes, "cancelled": cancelled}
    defaults.update({"body": body, "date": day} if reporting_period else {})
    meeting, created = _ensure(Meeting, actor=actor, defaults=defaults, **lookup)
    if created and day <= today:
        meeting.attendees.set(_members_of(body, day))
    return meeting


def _ensure_items(meeting, actor, items):
    result = []
    for order, (title, description, project) in enumerate(items, start=1):
        item, _ = _ensure(
            AgendaItem,
            actor=actor,
            meeting=meeting,
            order=order,
            defaults={"title": title, "description": description, "project": project},
        )
        result.append(item)
    return result


def _ensure_decision(*, actor, body, meeting, text, **fields):
    """The secretary writes down the body's ordinary decisions; any other kind is given by the chair, as
    governance.permissions has it."""
    if fields.get("kind", Decision.Kind.ORDINARY) != Decision.Kind.ORDINARY:
        chair = body.memberships.filter(role=Membership.Role.CHAIR, end_date__isnull=True).first()
        actor = chair.user if chair is not None else actor
    decision, _ = _ensure(
        Decision,
        actor=actor,
        body=body,
        meeting=meeting,
        text=text,
        defaults={"decided_on": meeting.date, "recorded_by": actor, **fields},
    )
    return decision


def ensure_board_calendar(*, actor, today) -> None:
    """The demo's Project Board series (every 14 days on Thursdays), set once as the programme group
    would; later runs keep whatever calendar is there, and extending it is idempotent."""
    if not BoardCalendar.objects.exists():
        board_calendar_save(
            actor=actor,
            first_meeting_date=PERIOD_ANCHOR,
            interval_days=PERIOD_DAYS,
            deadline_working_days=2,
            horizon_weeks=12,
        )
    board_calendar_extend(today=today)


def ensure_board_meetings(*, actor, today, periods) -> None:
    """The Project Board meeting of every period; a past one with the red projects on its agenda."""
    board = Body.objects.get(slug="project-board")
    for period in periods:
        if period.meeting_date >= today or period.cancelled:
            # As the board calendar makes them: every period has its meeting (so Styring shows the next
            # one), a coming one without minutes or agenda yet, a cancelled one cancelled.
            _ensure_meeting(
                today=today,
                actor=actor,
                body=board,
                day=period.meeting_date,
                reporting_period=period,
                location="" if period.cancelled else "Mødelokale 1, Rådhuset, Grenaa",
                minutes="",
                cancelled=period.cancelled,
            )
            continue
        meeting = _ensure_meeting(
            today=today,
            actor=actor,
            body=board,
            day=period.meeting_date,
            reporting_period=period,
            location="Mødelokale 1, Rådhuset, Grenaa",
            minutes="Statusrapporterne blev gennemgået. Projekter med rød status blev drøftet særskilt; "
            "øvrige projekter blev taget til efterretning.",
        )
        items = [("Gennemgang af statusrapporter", "Alle indsendte statusrapporter for perioden.", None)]
        red = (
            StatusReport.objects.filter(period=period, state=StatusReport.State.SUBMITTED, overall=Light.RED)
            .select_related("project")
            .order_by("project__number")
        )
        items += [(f"Rød status: {r.project.name}"[:200], r.overall_comment, r.project) for r in red]
        items.append(("Eventuelt", "", None))
        _ensure_items(meeting, actor, items)


def ensure_governance_meetings(*, today, periods, users, projects) -> None:
    """Steering and programme group meetings with their decisions, on dates taken from the period series."""
    secretary = users["sekretaer"]
    steering = Body.objects.get(slug="styregruppe")
    programme = Body.objects.get(slug="programgruppe")
    held = [p for p in periods if not p.cancelled]
    current_index = next(i for i, p in enumerate(held) if p.meeting_date >= today)

    def day_at(offset, days_before):
        index = min(max(current_index - offset, 0), len(held) - 1)
        return held[index].meeting_date - D(days=days_before)

    office = projects["ND-2021-011"]
    roles = projects["ND-2021-015"]
    iod_project = projects["ND-2021-018"]
    location = "Direktionens mødelokale, Rådhuset, Grenaa"

    # Programme group.
    escalation = None
    for offset in (9, 7, 3, 1, -1):
        day = day_at(offset, 1)
        meeting = _ensure_meeting(
            today=today,
            actor=secretary,
            body=programme,
            day=day,
            location="Mødelokale 2, Rådhuset, Grenaa",
            minutes=""
            if day >= today
            else "Porteføljeoverblikket blev gennemgået. Beslutninger fremgår af punkterne.",
        )
        items = _ensure_items(
            meeting,
            secretary,
            [
                ("Porteføljeoverblik", "Status fra Project Board og fokusområderne.", None),
                (
                    "Nye projektforslag",
                    "Forslag skal placeres i mindst ét af programmets seks fokusområder.",
                    None,
                ),
                ("Gevinstrealisering", "Opfølgning på målte gevinster.", None),
            ],
        )
        if day >= today:
            continue
        if offset == 9:
            gate_item = _ensure_items(
                meeting,
                secretary,
                [
                    *[(i.title, i.description, i.project) for i in items],
                    (
                        "Fasegodkendelse: Automatiseret rolle- og rettighedsstyring",
                        "Analysen og business casen er færdig; databeskyttelsesrådgiver, "
                        "informationssikkerhedskoordinator og IT og Digitalisering er inddraget.",
                        roles,
                    ),
                ],
            )[-1]
            _ensure_decision(
                actor=secretary,
                body=programme,
                meeting=meeting,
                agenda_item=gate_item,
                project=roles,
                kind=Decision.Kind.PHASE_GATE,
                from_phase=Phase.ANALYSIS,
                to_phase=Phase.EXECUTION,
                text="Automatiseret rolle- og rettighedsstyring godkendes til gennemførelse.",
            )
        if offset == 7:
            requested = (
                StatusReport.objects.filter(project=office, period__meeting_date__lte=day)
                .exclude(decisions_needed="")
                .order_by("-period__meeting_date")
                .first()
            )
            item = _ensure_items(
                meeting,
                secretary,
                [
                    *[(i.title, i.description, i.project) for i in items],
                    (
                        "Office 365: kapacitet i IT-driften",
                        "Ønske om konsulenttimer fra statusrapporten.",
                        office,
                    ),
                ],
            )[-1]
            escalation = _ensure_decision(
                actor=secretary,
                body=programme,
                meeting=meeting,
                agenda_item=item,
                project=office,
                kind=Decision.Kind.ESCALATION,
                requested_in=requested,
                text="Programgruppen kan ikke finansiere 200 konsulenttimer til Office 365 inden for rammen "
                "og "
                "eskalerer ønsket til digitaliseringsstyregruppen.",
            )
        if offset == 3:
            _ensure_decision(
                actor=secretary,
                body=programme,
                meeting=meeting,
                agenda_item=items[1],
                project=projects["ND-2021-017"],
                kind=Decision.Kind.PRIORITISATION,
                text="NEXUS på fælleskommunal infrastruktur prioriteres og startes op nu, så erfaringerne "
                "fra "
                "FASIT-projektet kan genbruges.",
            )
        if offset == 1:
            _ensure_decision(
                actor=secretary,
                body=programme,
                meeting=meeting,
                agenda_item=items[0],
                text="Udkast til indsatsplan for næste år færdiggøres og sendes til "
                "digitaliseringsstyregruppen.",
            )

    # Steering group.
    for offset in (10, 6, -2):
        day = day_at(offset, 2)
        meeting = _ensure_meeting(
            today=today,
            actor=secretary,
            body=steering,
            day=day,
            location=location,
            minutes=""
            if day >= today
            else "Styregruppen drøftede porteføljen og gevinstrealiseringen. "
            "Beslutninger fremgår af punkterne.",
        )
        if offset == 10:
            items = _ensure_items(
                meeting,
                secretary,
                [
                    ("Status på monopolbruddet og gevinstrealisering", "", projects["ND-2021-002"]),
                    ("Forslag fra IOD: digital assistent til Borgerservice", "", iod_project),
                    ("Orientering fra programgruppen", "", None),
                ],
            )
            _ensure_decision(
                actor=secretary,
                body=steering,
                meeting=meeting,
                agenda_item=items[0],
                project=projects["ND-2021-002"],
                text="Styregruppen tager gevinstopgørelsen for monopolbruddet til efterretning. Gevinsterne "
                "følges fortsat hvert kvartal.",
            )
            funding = _ensure_decision(
                actor=secretary,
                body=steering,
                meeting=meeting,
                agenda_item=items[1],
                project=iod_project,
                kind=Decision.Kind.FUNDING,
                text="Styregruppen bevilger 75.000 kr. fra digitaliseringsbudgettet til IOD's forsøg med en "
                "digital assistent til Borgerservice.",
            )
            _ensure_ideas(users=users, projects=projects, funding=funding)
        elif offset == 6:
            items = _ensure_items(
                meeting,
                secretary,
                [
                    (
                        "Orientering: Automatiseret rolle- og rettighedsstyring går i gennemførelse",
                        "Analysen og business casen "
                        "er færdig; databeskyttelsesrådgiver, informationssikkerhedskoordinator og IT og "
                        "Digitalisering er inddraget.",
                        roles,
                    ),
                    ("Office 365: eskalering fra programgruppen", "", office),
                    ("Indsatsplan: tidsplan for næste års plan", "", None),
                ],
            )
            _ensure_decision(
                actor=secretary,
                body=steering,
                meeting=meeting,
                agenda_item=items[0],
                project=roles,
                kind=Decision.Kind.ORDINARY,
                # The gate itself is the programme group's (governance.services.PHASE_GATE_MANDATES).
                text="Styregruppen bakker op om, at Automatiseret rolle- og rettighedsstyring går i "
                "gennemførelse, som programgruppen har fasegodkendt.",
            )
            _ensure_decision(
                actor=secretary,
                body=steering,
                meeting=meeting,
                agenda_item=items[1],
                project=office,
                kind=Decision.Kind.FUNDING,
                escalated_from=escalation,
                text="Styregruppen godkender indkøb af 200 konsulenttimer til migrering af fællesdrev i "
                "Office 365-projektet, finansieret af digitaliseringspuljen.",
            )
        else:
            _ensure_items(
                meeting,
                secretary,
                [
                    ("Godkendelse af indsatsplan", "Programgruppens udkast til næste års indsatsplan.", None),
                    ("Status på fokusområderne", "", None),
                ],
            )


def gate_date_for(today, periods) -> datetime.date:
    """The date of the steering group meeting that passed the phase gate (see ensure_governance_meetings)."""
    held = [p for p in periods if not p.cancelled]
    current_index = next(i for i, p in enumerate(held) if p.meeting_date >= today)
    return held[max(current_index - 6, 0)].meeting_date - D(days=2)


def _ensure_ideas(*, users, projects, funding) -> None:
    focus = {fa.number: fa for fa in FocusArea.objects.filter(period__is_current=True)}
    ideas = [
        (
            "Digital assistent til Borgerservice",
            "En digital assistent på hjemmesiden svarer på de hyppigste spørgsmål.",
            "iod",
            [1, 2],
            (4, 3, 4, 2, 2),
            Idea.Status.PROJECT,
            Decimal(75_000),
            funding,
            projects["ND-2021-018"],
        ),
        (
            "Droner til inspektion af tage på kommunale bygninger",
            "Droner kan finde skader på tage uden lift og stillads.",
            "pl-teknik",
            [4],
            (3, 3, 3, 2, 3),
            Idea.Status.SCORED,
            None,
            None,
            None,
        ),
        (
            "Oplæsning med kunstig intelligens i folkeskolen",
            "Elever med læsevanskeligheder får tekster læst op.",
            "iod",
            [3],
            (None,) * 5,
            Idea.Status.PROPOSED,
            None,
            None,
            None,
        ),
    ]
    for title, description, proposer, numbers, scores, status, amount, decision, project in ideas:
        idea, created = _ensure(
            Idea,
            actor=users[proposer],
            title=title,
            defaults={
                "description": description,
                "proposer": users[proposer],
                "status": status,
                "funded_amount": amount,
                "funding_decision": decision,
                "project": project,
                **dict(zip(Idea.SCORE_FIELDS, scores, strict=True)),
            },
        )
        if created:
            idea.focus_areas.set([focus[n] for n in numbers])


def ensure_security_reviews(*, today) -> None:
    year = today.year
    policy_due = datetime.date(year, 6, 30)
    _ensure(
        SecurityReview,
        year=year,
        kind=SecurityReview.Kind.POLICY_REVIEW,
        defaults={
            "due_date": policy_due,
            "completed_on": policy_due - D(days=10) if today > policy_due else None,
            "outcome": "Politikken lever op til lovgivningen; to procedurer er opdateret."
            if today > policy_due
            else "",
        },
    )
    _ensure(
        SecurityReview,
        year=year,
        kind=SecurityReview.Kind.RISK_ASSESSMENT_NEED,
        defaults={"due_date": datetime.date(year, 12, 15)},
    )


# The indsatsplan: this year's, approved by the steering group, and next year's draft started from it.
# (project number, rationale, hours, kr., focus area numbers), in the programme group's order.
PLAN_ITEMS = [
    (
        "ND-2021-015",
        "Fundamentet for automatiseret rolle- og rettighedsstyring; lovkrav om adgangsstyring.",
        900,
        Decimal("450000"),
        (6,),
    ),
    (
        "ND-2021-001",
        "Frigør tid til borgerkontakt i hjemmeplejen; gevinsten er dokumenteret i business casen.",
        600,
        Decimal("320000"),
        (2, 3),
    ),
    (
        "ND-2021-016",
        "FASIT skal på den fælleskommunale infrastruktur, før den gamle kontrakt udløber.",
        400,
        Decimal("150000"),
        (6,),
    ),
    (
        "ND-2021-006",
        "Den fælleskommunale ydelsesrefusion er obligatorisk (K98).",
        350,
        Decimal("210000"),
        (5, 6),
    ),
    ("ND-2021-014", "Sensorer på toiletterne sparer vand og rengøringstimer.", 200, Decimal("90000"), (4,)),
]
PLAN_ACTIVITIES = [
    (
        "Kompetenceudvikling i digitale arbejdsgange for ledere",
        "Ledere skal kunne drive gevinstrealisering.",
        300,
        Decimal("120000"),
        (2,),
    ),
]


def ensure_annual_plans(*, today, users, projects) -> None:
    """Through the services, as the programme group and the steering group would: plan, rank, approve."""
    if AnnualPlan.objects.filter(year=today.year).exists():
        return
    editor, approver = users["programgruppe"], users["styregruppe"]
    focus = {fa.number: fa for fa in FocusArea.objects.filter(period__is_current=True)}
    plan = annual_plan_start(actor=editor, year=today.year)
    plan = annual_plan_update(
        actor=editor,
        plan=plan,
        title=f"Indsatsplan {today.year}",
        introduction="Programgruppens prioritering af de tværgående digitaliseringsprojekter og aktiviteter.",
        budget_frame=Decimal("1500000"),
        hours_frame=3000,
    )
    for number, rationale, hours, amount, areas in PLAN_ITEMS:
        plan_item_add(
            actor=editor,
            plan=plan,
            project=projects[number],
            rationale=rationale,
            hours=hours,
            amount=amount,
            focus_areas=[focus[n] for n in areas],
        )
    for activity, rationale, hours, amount, areas in PLAN_ACTIVITIES:
        plan_item_add(
            actor=editor,
            plan=plan,
            activity=activity,
            rationale=rationale,
            hours=hours,
            amount=amount,
            focus_areas=[focus[n] for n in areas],
        )
    plan = annual_plan_submit(actor=editor, plan=plan)
    plan = annual_plan_approve(actor=approver, plan=plan)
    if not AnnualPlan.objects.filter(year=today.year + 1).exists():
        annual_plan_start(actor=editor, year=today.year + 1, copy_from=plan)


# --------------------------------------------------------------------------- the whole demo


@transaction.atomic
def build_demo(*, today: datetime.date | None = None) -> dict[str, int]:
    """Build (or complete) the Norddjurs demo portfolio. Returns what exists afterwards, counted."""
    now = timezone.now() if today is None else _aware(today, 16)
    today = today or timezone.localdate()
    units = ensure_org_units()
    users = ensure_users(units)
    actor = users["admin"]
    initiatives = ensure_initiatives(actor)
    periods = ensure_periods(today - D(days=DEMO_HISTORY_DAYS), today + D(days=DEMO_FUTURE_DAYS))
    projects = ensure_projects(
        actor=actor,
        today=today,
        units=units,
        users=users,
        initiatives=initiatives,
        gate_date=gate_date_for(today, periods),
    )
    ensure_memberships(users, projects)
    ensure_it_systems(actor=actor, today=today, units=units, users=users, projects=projects)
    ensure_status_reports(today=today, now=now, periods=periods, projects=projects)
    ensure_benefits(actor=actor, today=today, users=users, projects=projects)
    ensure_board_meetings(actor=users["sekretaer"], today=today, periods=periods)
    ensure_board_calendar(actor=users["programgruppe"], today=today)
    ensure_governance_meetings(today=today, periods=periods, users=users, projects=projects)
    ensure_security_reviews(today=today)
    ensure_annual_plans(today=today, users=users, projects=projects)
    return demo_counts()


def demo_counts() -> dict[str, int]:
    return {
        "Organisatoriske enheder": OrgUnit.objects.count(),
        "Medarbejdere": User.objects.count(),
        "Medlemskaber": Membership.objects.count(),
        "Nationale initiativer": ExternalInitiative.objects.count(),
        "Projekter": Project.objects.count(),
        "Rapporteringsperioder": ReportingPeriod.objects.count(),
        "Indsendte statusrapporter": StatusReport.objects.filter(state=StatusReport.State.SUBMITTED).count(),
        "Statusrapporter i kladde": StatusReport.objects.filter(state=StatusReport.State.DRAFT).count(),
        "Milepæle": Milestone.objects.count(),
        "Risici": Risk.objects.count(),
        "Gevinster": Benefit.objects.count(),
        "Gevinstmålinger": BenefitMeasurement.objects.count(),
        "Business cases": BusinessCase.objects.count(),
        "It-systemer": ITSystem.objects.count(),
        "Møder": Meeting.objects.count(),
        "Beslutninger": Decision.objects.count(),
        "Idéer": Idea.objects.count(),
        "Indsatsplaner": AnnualPlan.objects.count(),
    }

"""The demo's projects (the register: identity, people, dates, checklist, systems, milestones, risks) and
the national initiatives they implement. Days are relative to the day the demo is built."""

from portfolio.models import ExternalInitiative, Phase, Project, ProjectKind, Risk

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


ALL_CHECKS = {
    "dpo_involved": True,
    "security_coordinator_involved": True,
    "it_involved": True,
    "common_infrastructure_considered": True,
    "citizen_cocreation_considered": False,
    "climate_considered": False,
    "coherence_considered": True,
}

# Each project: the seed names it; start, phase_start (or "gate": the phase-gate meeting), end and
# milestone offsets are days relative to today. Its status story is in status.py, its benefits in benefits.py.
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
        "milestones": [
            ("Data konverteret til det fælles system", -700, True),
            ("Selvbetjening i alle filialer", 90, False),
        ],
        "risks": [],
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
        "milestones": [
            ("Alle fagsystemer på Datafordeleren", -100, True),
            ("BBR-oprydning afsluttet", 90, False),
        ],
        "risks": [],
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
        "milestones": [
            ("Elevplaner digitale på alle skoler", -200, True),
            ("Læringsplatformen i brug i alle dagtilbud", 180, False),
        ],
        "risks": [],
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
        "milestones": [
            ("Sensorer på alle 25 toiletter", 30, False),
            ("Evaluering af vandbesparelsen", 140, False),
        ],
        "risks": [
            ("Dårlig LoRaWAN-dækning ved strandene", 3, 2, "Ekstra gateway opsættes.", Risk.Status.OPEN)
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
        "milestones": [("Analyse afsluttet", 70, False)],
        "risks": [],
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
        "milestones": [("Prototype klar til test med borgere", 60, False)],
        "risks": [],
    },
]

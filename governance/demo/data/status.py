"""The demo projects' two-weekly status history, by project number.

episodes: (from offset, to offset, dimension, light, comment) where offset 0 is the current period, 1 the
one before, …; decisions: offset -> text asked of the programme group; current: "missing" (no report
yet for the current period) or "draft"; overrun: the forecast's share above budget.
"""

from decimal import Decimal

from portfolio.models import Light

STATUS_STORIES = {
    "ND-2021-001": {
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
    },
    "ND-2021-002": {
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
    },
    "ND-2021-003": {
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
    },
    "ND-2021-004": {
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
    },
    "ND-2021-005": {
        "summary": "Bibliotekssystemet er i drift; selvbetjeningen udvides til filialerne.",
        "activities": [
            "Selvbetjeningsautomat opsat i Auning",
            "Åbningstider for det åbne bibliotek tilpasset",
            "Statistik for udlån via selvbetjening trukket",
            "Leverandørmøde om ny version af systemet",
        ],
        "episodes": [],
        "pct": (85, 95),
    },
    "ND-2021-006": {
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
        "pct": (40, 72),
        "overrun": Decimal("0.08"),
    },
    "ND-2021-007": {
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
    },
    "ND-2021-008": {
        "summary": "Fagsystemerne henter grunddata fra Datafordeleren; oprydningen i BBR fortsætter.",
        "activities": [
            "300 BBR-sager med fejl rettet",
            "Rutine for adresseændringer beskrevet",
            "Sidste fagsystem flyttet til Datafordeleren",
            "Status på datakvalitet fremlagt for programgruppen",
        ],
        "episodes": [],
        "pct": (82, 93),
    },
    "ND-2021-009": {
        "summary": "Læringsplatformen bruges på alle skoler; fokus er nu dagtilbuddenes brug.",
        "activities": [
            "Netværksmøde for pædagogiske IT-vejledere",
            "Skabeloner til elevplaner opdateret",
            "Oplæring af pædagoger i to dagtilbud",
            "Brugerundersøgelse blandt lærerne gennemført",
        ],
        "episodes": [],
        "pct": (80, 92),
    },
    "ND-2021-010": {
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
    },
    "ND-2021-011": {
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
        "pct": (35, 68),
        "decisions": {
            8: "Programgruppen bedes tage stilling til indkøb af 200 konsulenttimer til migrering af "
            "fællesdrev.",
            7: "Programgruppen bedes tage stilling til indkøb af 200 konsulenttimer til migrering af "
            "fællesdrev.",
        },
    },
    "ND-2021-012": {
        "summary": "Modellen er trænet og testes i Borgerservices fællespostkasse.",
        "activities": [
            "Modellen gentrænet på et års historisk post",
            "Test i Borgerservices fællespostkasse",
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
    },
    "ND-2021-013": {
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
    },
    "ND-2021-014": {
        "summary": "Sensorerne er opsat på de første toiletter, og alarmerne testes.",
        "activities": [
            "Sensorer opsat på ti toiletter i Grenaa",
            "Alarmregler aftalt med driftspersonalet",
            "Første lækage fundet og udbedret på havnen",
            "Sensorer opsat på toiletterne ved strandene",
        ],
        "episodes": [],
        "pct": (10, 45),
    },
    "ND-2021-015": {
        "summary": "Organisationsdata er ryddet op; de første systemer tildeler rettigheder automatisk.",
        "activities": [
            "Oprydning i organisationsdata for Social og Sundhed",
            "Jobfunktionsroller for jobcentret beskrevet",
            "OS2rollekatalog koblet til den fælleskommunale infrastruktur",
            "Automatisk fratagelse af rettigheder ved fratræden testet",
        ],
        "episodes": [],
        "pct": (10, 40),
    },
    "ND-2021-016": {
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
    },
    "ND-2021-017": {
        "summary": "Analysen af organisationsdata på ældre- og sundhedsområdet er i gang.",
        "activities": [
            "Opstartsmøde med leverandøren",
            "Gennemgang af organisationsdata for plejecentrene",
            "Erfaringer fra FASIT-projektet indhentet",
        ],
        "episodes": [],
        "pct": (5, 15),
        "current": "missing",
    },
    "ND-2021-018": {
        "summary": "",
        "activities": [],
        "episodes": [],
        "pct": (0, 0),
    },
}


# Generic comments for the odd yellow light that is not part of a project's story.
NOISE_COMMENTS = {
    "schedule": "Enkelte aktiviteter er skubbet et par uger; slutdatoen holder.",
    "economy": "Forbruget ligger lidt over det planlagte på grund af ekstra konsulenttimer.",
    "resources": "Ferieafvikling har givet lavere kapacitet i perioden.",
    "deliverables": "Leverandøren har leveret en version med fejl, som er under rettelse.",
    "benefits": "Gevinstmålingen er forsinket, fordi data fra fagsystemet mangler.",
}
# The five lights of a status report, and their order of severity (the overall light is the worst).
DIMENSIONS = ("schedule", "economy", "resources", "deliverables", "benefits")
LIGHT_RANK = {Light.NOT_REPORTED: 0, Light.GREEN: 1, Light.YELLOW: 2, Light.RED: 3}

"""The demo's governance texts: the bodies' meetings (places, minutes, agendas, decisions), the IOD's ideas,
the indsatsplan and the IT-sikkerhedsgruppe's policy review. Projects are named by number."""

from decimal import Decimal

from governance.models import Idea

# --------------------------------------------------------------------------- Project Board

BOARD_LOCATION = "Mødelokale 1, Rådhuset, Grenaa"
BOARD_MINUTES = (
    "Statusrapporterne blev gennemgået. Projekter med rød status blev drøftet særskilt; "
    "øvrige projekter blev taget til efterretning."
)
# (title, description): before and after the red projects of a held meeting.
BOARD_FIRST_ITEM = ("Gennemgang af statusrapporter", "Alle indsendte statusrapporter for perioden.")
BOARD_LAST_ITEM = ("Eventuelt", "")

# --------------------------------------------------------------------------- programme group

PROGRAMME_LOCATION = "Mødelokale 2, Rådhuset, Grenaa"
PROGRAMME_MINUTES = "Porteføljeoverblikket blev gennemgået. Beslutninger fremgår af punkterne."
# Every meeting's agenda: (title, description, project number or None).
PROGRAMME_ITEMS = [
    ("Porteføljeoverblik", "Status fra Project Board og fokusområderne.", None),
    (
        "Nye projektforslag",
        "Forslag skal placeres i mindst ét af programmets seks fokusområder.",
        None,
    ),
    ("Gevinstrealisering", "Opfølgning på målte gevinster.", None),
]
GATE_PROJECT = "ND-2021-015"
GATE_ITEM = (
    "Fasegodkendelse: Automatiseret rolle- og rettighedsstyring",
    "Analysen og business casen er færdig; databeskyttelsesrådgiver, "
    "informationssikkerhedskoordinator og IT og Digitalisering er inddraget.",
    GATE_PROJECT,
)
GATE_DECISION = "Automatiseret rolle- og rettighedsstyring godkendes til gennemførelse."
ESCALATED_PROJECT = "ND-2021-011"
ESCALATION_ITEM = (
    "Office 365: kapacitet i IT-driften",
    "Ønske om konsulenttimer fra statusrapporten.",
    ESCALATED_PROJECT,
)
ESCALATION_DECISION = (
    "Programgruppen kan ikke finansiere 200 konsulenttimer til Office 365 inden for rammen og "
    "eskalerer ønsket til digitaliseringsstyregruppen."
)
PRIORITISED_PROJECT = "ND-2021-017"
PRIORITISATION_DECISION = (
    "NEXUS på fælleskommunal infrastruktur prioriteres og startes op nu, så erfaringerne fra "
    "FASIT-projektet kan genbruges."
)
PLAN_DRAFT_DECISION = (
    "Udkast til indsatsplan for næste år færdiggøres og sendes til digitaliseringsstyregruppen."
)

# --------------------------------------------------------------------------- steering group

STEERING_LOCATION = "Direktionens mødelokale, Rådhuset, Grenaa"
STEERING_MINUTES = (
    "Styregruppen drøftede porteføljen og gevinstrealiseringen. Beslutninger fremgår af punkterne."
)
FUNDED_PROJECT = "ND-2021-018"
# The meeting ten periods back: benefits of the monopoly break, and the IOD's idea funded.
STEERING_BENEFITS_ITEMS = [
    ("Status på monopolbruddet og gevinstrealisering", "", "ND-2021-002"),
    ("Forslag fra IOD: digital assistent til Borgerservice", "", FUNDED_PROJECT),
    ("Orientering fra programgruppen", "", None),
]
BENEFITS_NOTED_DECISION = (
    "Styregruppen tager gevinstopgørelsen for monopolbruddet til efterretning. Gevinsterne "
    "følges fortsat hvert kvartal."
)
FUNDING_DECISION = (
    "Styregruppen bevilger 75.000 kr. fra digitaliseringsbudgettet til IOD's forsøg med en "
    "digital assistent til Borgerservice."
)
# The meeting six periods back: the phase gate noted, the escalation answered.
STEERING_GATE_ITEMS = [
    (
        "Orientering: Automatiseret rolle- og rettighedsstyring går i gennemførelse",
        "Analysen og business casen "
        "er færdig; databeskyttelsesrådgiver, informationssikkerhedskoordinator og IT og "
        "Digitalisering er inddraget.",
        GATE_PROJECT,
    ),
    ("Office 365: eskalering fra programgruppen", "", ESCALATED_PROJECT),
    ("Indsatsplan: tidsplan for næste års plan", "", None),
]
# The gate itself is the programme group's (governance.decisions.services.PHASE_GATE_MANDATES).
GATE_SUPPORTED_DECISION = (
    "Styregruppen bakker op om, at Automatiseret rolle- og rettighedsstyring går i "
    "gennemførelse, som programgruppen har fasegodkendt."
)
ESCALATION_ANSWER = (
    "Styregruppen godkender indkøb af 200 konsulenttimer til migrering af fællesdrev i "
    "Office 365-projektet, finansieret af digitaliseringspuljen."
)
# The coming meeting: the plan to approve.
STEERING_PLAN_ITEMS = [
    ("Godkendelse af indsatsplan", "Programgruppens udkast til næste års indsatsplan.", None),
    ("Status på fokusområderne", "", None),
]

# --------------------------------------------------------------------------- IOD

# title, description, proposer, focus area numbers, scores (Idea.SCORE_FIELDS), status, funded kr.,
# project number; the funded one hangs on the steering group's FUNDING_DECISION.
IDEAS = [
    (
        "Digital assistent til Borgerservice",
        "En digital assistent på hjemmesiden svarer på de hyppigste spørgsmål.",
        "iod",
        [1, 2],
        (4, 3, 4, 2, 2),
        Idea.Status.PROJECT,
        Decimal(75_000),
        FUNDED_PROJECT,
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
    ),
    (
        "Oplæsning med kunstig intelligens i folkeskolen",
        "Elever med læsevanskeligheder får tekster læst op.",
        "iod",
        [3],
        (None, None, None, None, None),
        Idea.Status.PROPOSED,
        None,
        None,
    ),
]

# --------------------------------------------------------------------------- IT-sikkerhedsgruppe

POLICY_REVIEW_OUTCOME = "Politikken lever op til lovgivningen; to procedurer er opdateret."

# --------------------------------------------------------------------------- indsatsplan

PLAN_FRAME_KR = Decimal("1500000")
PLAN_FRAME_HOURS = 3000
PLAN_INTRODUCTION = "Programgruppens prioritering af de tværgående digitaliseringsprojekter og aktiviteter."
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

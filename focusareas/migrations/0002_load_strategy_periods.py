"""Load the municipality's two strategy periods and their focus areas from the seed documents.

- Digitaliseringsprogram 2021-2025 (seeds/002_…): KL's six focus areas, titles word for word,
  with KL's text, Norddjurs' own ambition and the programme's examples.
- Digitaliseringsstrategi 2016-2020 (seeds/000_…, section "4. Fokusområder"): the areas of the
  fælleskommunale strategy in the order the document lists them.

Keyed on the period's name and (period, number), so running it again updates rather than
duplicates. The reverse removes exactly the two periods and their focus areas.
"""

from django.db import migrations

PERIOD_2021 = "Digitaliseringsprogram 2021-2025"
PERIOD_2016 = "Digitaliseringsstrategi 2016-2020"

PERIODS = [
    {
        "name": PERIOD_2016,
        "start_year": 2016,
        "end_year": 2020,
        "source_document": "Digitaliseringsstrategi for Norddjurs Kommune 2016-2020 med tillæg om organisering 2017",
        "is_current": False,
    },
    {
        "name": PERIOD_2021,
        "start_year": 2021,
        "end_year": 2025,
        "source_document": "Norddjurs Kommunes Digitaliseringsprogram 2021-2025",
        "is_current": True,
    },
]


def _paragraphs(*paragraphs):
    return "\n\n".join(paragraphs)


FOCUS_AREAS_2021 = [
    {
        "number": 1,
        "title": "Borger, teknologi og lokaldemokratiet",
        "description": (
            "Borgerne skal tænkes ind i digitaliseringsprojekterne så tidligt i processen som muligt, "
            "med fokus på borgerens perspektiv i den digitale transformation og teknologiens indflydelse "
            "på lokaldemokratiet."
        ),
        "kl_quote": _paragraphs(
            "Når arbejdet med digitalisering, teknologi og data i højere grad bevæger sig ind i "
            "kerneopgaverne, så kommer det tættere på borgerne. De fleste borgere synes, at det er "
            "helt naturligt - og forventer det. Fordi teknologi er en integreret del af deres dagligdag, "
            "og de f.eks. bruger apps til indkøb, til at følge med i hvor mange skridt man går, følge "
            "med i nyhedsstrømmen eller få styr på fritidsaktiviteter.",
            "Nogle borgere er dog også skeptiske og utrygge over for udviklingen. Det skal tages alvorligt, "
            "og den digitale udvikling skal i højere grad have fokus på at tænke i, hvad det er for "
            "en situation borgeren står i, samt hvordan teknologi bruges klogest. Der etableres derfor "
            "et fælleskommunalt program med fokus på borgerens perspektiv i en digital tidsalder.",
            "Der etableres derfor et fælleskommunalt program med fokus på borgerens perspektiv i "
            "den digitale transformation samt teknologiens indflydelse på lokaldemokratiet.",
            "I programmet vil der blive igangsat initiativer om digital inklusion, digital kommunikation "
            "samt teknologiens indflydelse på lokaldemokratiet.",
        ),
        "local_ambition": (
            "Det er for Norddjurs Kommune vigtigt, at borgerne i kommunen tænkes ind i digitaliseringsprojekter, "
            "så tidligt i processen som muligt. Det skal overvejes om der i det enkelte digitaliseringsprojekt "
            "er mulighed for at samskabe projektet med borgerne."
        ),
        "example": (
            "Det kunne for eksempel være projekter som Borgerblikket, hvor borgere via "
            "Borger.dk får adgang til at se deres egne oplysninger."
        ),
    },
    {
        "number": 2,
        "title": "Digital transformation og styrket udbredelse af modne teknologier",
        "description": (
            "En digital transformation, hvor kommunens digitale mindset og ledere og medarbejderes digitale "
            "kompetencer udvikles løbende, så teknologi anvendes, fordi det giver mening i opgaveløsningen "
            "og værdi for borgerne."
        ),
        "kl_quote": _paragraphs(
            "Der er et digitalt element i næsten alt, hvad vi gør. Digitale løsninger og ny teknologi "
            "forandrer vores samfund, hverdag, måden vi kommunikerer på og vores relationer og "
            "arbejdsformer. Det forandrer også, hvordan Kommunerne kan levere velfærd og rykker ved, "
            "hvad borgere oplever som god service.",
            "Alle kommuner er i disse år på en digital rejse. Programmet igangsætter indsatser, der "
            "skal kommunernes digitale rejse, så vi bliver bedre til at anvende og afprøve teknologi – "
            "ikke for teknologiens skyld – men fordi det giver mening i opgaveløsningen og værdi for "
            "borgerne.",
            "Formålet med programmet er at give overblik kommunerne overblik over og indsigt i den "
            "digitale udvikling og nye teknologier og deres modenhed og anvendelsesmuligheder i "
            "kommunerne.",
        ),
        "local_ambition": (
            "Med Digitaliseringsprogrammet for Norddjurs Kommune igangsættes der en digital transformation, "
            "således der i løbet af programmets levetid vil ske en løbende udvikling af kommunens digitale "
            "mindset som helhed, og af ledere og medarbejdernes egne digitale kompetencer."
        ),
        "example": _paragraphs(
            "Office 365 projektet er et eksempel på, hvordan vi kan arbejde med Digital "
            "Transformation i praksis. Her arbejder vi med helt nye måder at skabe sammenhæng på.",
            "Det kan også handle om projekter hvor der tages ny teknologi i brug, som for "
            "eksempel OS2Smartmail, der bruger kunstig intelligens til at fordele indkommende post i "
            "kommunen.",
        ),
    },
    {
        "number": 3,
        "title": "Sammenhængende velfærdsforløb og indsatser",
        "description": (
            "Kommunen skal kunne tilbyde borgerne sammenhængende velfærdsforløb og indsatser på tværs af "
            "forvaltninger og fagområder. Ved alle digitaliseringsprojekter skal det indtænkes, om der kan "
            "udvikles sammenhæng til andre digitale løsninger."
        ),
        "kl_quote": _paragraphs(
            "Kommunerne er borgernes indgang til den offentlige sektor. Borgernes kontakt med "
            "kommunen vedrører alt fra sundhedsplejersken, der besøger børnefamilien, til "
            "velfærdspersonalet på plejehjemmene, der tager sig af vores ældre til medarbejderne i jobcentret, "
            "som hjælper ledige borgere i job og uddannelse.",
            "Opgaven med at skabe sammenhæng kræver koordination på tværs af forvaltningsområder, "
            "og i nogle situationer også med staten og regionerne. Samtidig har borgere med "
            "komplekse problemer behov for en helhedsorienteret indsats på tværs af forvaltninger og "
            "fagområder.",
            "Programmets formål er at understøtte, at kommunerne har de nødvendige digitale betingelser "
            "for at kunne tilbyde borgerne sammenhængende velfærdsforløb og - indsatser. Programmet "
            "skal således bidrage med konkrete digitale løsningsforslag, så kommunerne i en række "
            "udvalgte forløb kan skabe bedre sammenhæng til gavn for borgerne f.eks. ved udvikling af "
            "fælles digitale løsninger og fælles guides til forløb.",
        ),
        "local_ambition": (
            "Med dette fokuspunkt ønsker Norddjurs Kommune at der ved alle digitaliseringsprojekter "
            "indtænkes om der kan udvikles sammenhæng til andre digitale løsninger og om dette er "
            "relevant for de der skal være brugere efter implementering."
        ),
        "example": (
            "AULA er et godt eksempel på et projekt, hvor der skabes sammenhæng. Tidligere var "
            "Skoleintra en selvstændig kommunikationsplatform til forældre og elever og "
            "læringsplatformen ligeledes et særskilt produkt. Med AULA er der sket en sømløs sammenhæng "
            "mellem lærings- og kommunikationsplatformene og det giver dermed et mere naturligt flow "
            "for både elever, lærere og forældre."
        ),
    },
    {
        "number": 4,
        "title": "Klima og ressourcer",
        "description": (
            "Digitalisering og nye teknologier skal være løftestang for en bæredygtig og fremtidssikret "
            "offentlig sektor. Digitalisering tænkes ind i kommunens klimaprojekter, og klima og ressourcer "
            "tænkes ind, når der iværksættes nye digitaliseringsprojekter."
        ),
        "kl_quote": _paragraphs(
            "Konsekvenserne af at klimaet forandrer sig, er en af de største fælles og globale "
            "udfordringer, vi står over for. Stigende havvand og stormfloder sætter trygheden under "
            "pres, når vores byer oversvømmes eller kyster ødelægges.",
            "Det er lokalt, at konsekvenserne af klimaforandringerne mærkes for alvor. Og det er "
            "lokalt, at udfordringerne kan løses konkret. Digitalisering og nye teknologier rummer store "
            "potentialer for at levere løsninger til et lavemissionssamfund. Næste skridt er at sikre, at "
            "digitaliseringen bliver løftestang for en bæredygtig og fremtidssikret offentlig sektor på "
            "en sikker og forsvarlig måde.",
            "Det er formålet med delprogrammet at få sammentænkt og øget indsatser specifikt i "
            "forhold til arbejdet med data i klima og miljøindsatsen, herunder særligt i forhold til vand, "
            "affald, natur, miljø og fysisk planlægning.",
            "Der vil blive sat fokus på en række aktiviteter, der tilsammen forventes at vil kunne "
            "bidrage til, at kommunernes klimaindsatser giver effekt og bidrager til reel reduktion.",
        ),
        "local_ambition": (
            "Digitalisering skal derfor tænkes ind i de klimaprojekter der startes op i Norddjurs Kommune, "
            "der hvor det er muligt. Samtidig skal klima og ressourcer, så vidt det er muligt, "
            "tænkes ind når der iværksættes nye digitaliseringsprojekter."
        ),
        "example": (
            "Et konkret eksempel er overvågningen af vandforsyningen til offentlige toiletter. "
            "Ved hjælp af sensorteknologien er det muligt at sikre vandbesparelser og dermed være med "
            "til at udnytte ressourcerne bedst muligt."
        ),
    },
    {
        "number": 5,
        "title": "Bedre velfærd og styring med data",
        "description": (
            "Gode data er fundamentet for digital transformation og velfærd. I programmets levetid skal der "
            "være fokus på datadisciplin, da det kræver data af høj kvalitet, hvis der skal høstes gevinster "
            "ved brug af data."
        ),
        "kl_quote": _paragraphs(
            "Gode data er fundamentet for digital transformation og velfærd. Bruges data klogt, "
            "kan de være med til at forbedre klimaet, velfærden, brugeroplevelser og meget andet.",
            "Mængden af data vokser, og Norddjurs Kommune ligger inde med data i mere eller mindre "
            "strukturerede former og kvalitet, og det kan være et problem. For udsatte børn og unge "
            "betyder det f.eks. at det er svært at finde årsagerne til, at flere børn og unge mistrives, "
            "og for udsatte voksne er der ikke tilstrækkelig god viden om, hvilke indsatser kommunerne "
            "leverer for borgerne, hvilke indsatser, der har effekt og hvilke, der ikke har.",
            "Kernen i problemet er, at der enten ikke findes data om indsatser og effekter eller at de "
            "data, der findes, ikke er af tilstrækkelig god kvalitet.",
            "Formålet med programmet er at sætte skub med datastandardiseringer på en række "
            "prioriterede områder, som skal resultere i, at data kan bruges til multiple formål. For "
            "borgerne betyder det helt konkret, at kommunerne bedre kan indoptage nye teknologier og "
            "dermed i højere grad blive i stand til at kunne målrette indsatser og forløb til gavn for "
            "den enkelte.",
            "Som led i programmet vil der blandt andet blive formuleret en fælles datastrategi på "
            "tværs af kommunerne.",
        ),
        "local_ambition": (
            "For Norddjurs Kommune betyder det, at der i digitaliseringsprogrammets levetid, skal være "
            "fokus på datadisciplin, da det kræver data af høj kvalitet, hvis der skal høstes gevinster "
            "ved brug af data."
        ),
        "example": _paragraphs(
            "Gode valide data er grundsten for succesfulde digitaliseringsprojekter. Et eksempel kan "
            "være automatiseret rolle/rettighedsstyring. Når vi har gode valide organisationsdata, så "
            "kan store dele af rolletildelingen til IT-systemer automatiseres alene på baggrund af, hvor "
            "i organisationen man er ansat.",
            "Et andet eksempel kan være Borgerblikket, hvor borgere kan få adgang til egne "
            "data. Denne adgang styres selvfølgelig af deres cpr.nr., så de kun har adgang til deres egne "
            "data, men for at vi kan sikre, hvilke data der offentliggøres på Borgerblikket, så kræver det "
            "at data er opmærket med Kle numre der svarer til det data omhandler. Hvis data ikke er "
            "opmærket med det rigtige KLe nr., kan man dermed ikke sikre, hvilke data der gives adgang "
            "til.",
        ),
    },
    {
        "number": 6,
        "title": "Kommunernes digitale fundamenter",
        "description": (
            "De fælles digitale fundamenter skal videreudvikles og bruges. Den Fælles Kommunale "
            "infrastruktur skal følges i nye digitaliseringsprojekter og ved forlængelser af it-systemer, "
            "og IT og Digitalisering inddrages altid i opstartsprocessen."
        ),
        "kl_quote": _paragraphs(
            "Store kommunale og nationale it-løsninger er kritisk infrastruktur på linje med veje, "
            "broer og jernbaner. Det er løsninger, som er grundlaget for, at Danmark fungerer. Det ser "
            "vi med al tydelighed i denne tid med coronakrise, hvor borgerne fortsat kan ansøge og "
            "modtage ydelser via selvbetjeningsløsninger, og medarbejdere kan fortsætte deres "
            "arbejde via virtuelle værktøjer.",
            "Som for alle andre fælles fundamenter i Danmark skal den offentlige sektor sikre, at de "
            "grundlæggende strukturer og fælles spilleregler er til stede, når det gælder it. "
            "Kommunerne har opbygget en tradition for at samarbejde om etablering og videreudvikling af et "
            "digitalt fundament.",
            "Fundamentet indebærer, at der er udviklet fælles krav, der skal anvendes ved udvikling "
            "og indkøb af digitale løsninger ved brug af rammearkitekturen, dedikeret fokus på "
            "datastandardisering og grundlæggende forhold som f.eks. informationssikkerhed.",
            "Formålet med programmet er at videreudvikle de fælles digitale fundamenter, så "
            "kommunerne kan benytte disse i arbejdet med at forbedre og effektivisere velfærden ved hjælp "
            "af digitale løsninger og data. Det betyder konkret, at programmet skal understøtte, at "
            "kommunerne har de nødvendige betingelser for at indkøbe og anskaffe sammenhængende "
            "digitale løsninger.",
        ),
        "local_ambition": _paragraphs(
            "Det betyder for Norddjurs Kommune, at Den Fælles Kommunale infrastruktur skal følges, "
            "både i nye digitaliseringsprojekter, men også ved forlængelser af allerede ibrugtagne "
            "it-systemer, da det er nødvendigt med en ensretning i infrastrukturen, hvis det skal være "
            "muligt for Norddjurs Kommune få de gevinster der kan hentes ved brug af Den Fælles "
            "Kommunale infrastruktur.",
            "IT og Digitalisering skal derfor også altid inddrages i opstartsprocessen i "
            "digitaliseringsprojekter.",
        ),
        "example": (
            "Med den fælleskommunale infrastruktur, kan vi undgå forskellige former for "
            "organisation og adgangsstyring. Det ses for eksempel ved Arbejdsmarkedssystemet FASIT og "
            "omsorgssystemet NEXUS, der omlægges til at bruge den fælleskommunale infrastruktur, "
            "således der ikke skal opbygges en særskilt organisation i systemet, men i stedet bruges "
            "Norddjurs Kommunes organisations modul. På samme måde kan adgangsstyring samles i et "
            "system, i stedet for at adgangsstyring sættes op i hvert enkelt system."
        ),
    },
]

# Section "4. Fokusområder" of the 2016-2020 strategy: the areas of Den Fælleskommunale
# Digitaliseringsstrategi 2016-2020, in the order the document lists them, each with its bullet.
FOCUS_AREAS_2016 = [
    (
        "Fælles fundament for en ny strategi",
        "Øge den fælles handlekraft ved at videreudvikle det kommunale samarbejde inden for rammerne "
        "af den fælles strategi",
    ),
    (
        "Borgerbetjening 3.0",
        "Borgernes møde med den kommunale sektor skal være nært og personligt, uanset om det er via "
        "digitale løsninger eller fysisk fremmøde",
    ),
    (
        "Offentlige data skal skabe effektivitet og merværdi",
        "Data skal genbruges på tværs og dermed skabe sammenhæng og ny viden",
    ),
    (
        "Sikkerhed og tilgængelighed",
        "Der skal skabes tryghed om håndtering af oplysninger",
    ),
    (
        "Kommunernes rammearkitektur",
        "Rammearkitekturen skal give it-løsninger, der hænger sammen på tværs, og hvor data kan genbruges",
    ),
    (
        "Gevinstrealisering og kompetenceudvikling",
        "Fokus på ledere og medarbejderes digitale kompetencer, så de kan understøtte forandringsprocessen "
        "og realisere gevinstpotentialet",
    ),
    (
        "Fællesoffentligt samarbejde om digitalisering",
        "Samarbejde på tværs med fokus på infrastruktur, datadeling og rammevilkår",
    ),
    (
        "Effektiv styring og administration",
        "Skal muliggøre en mere effektiv opgavevaretagelse med bedre udnyttelse af kommunernes ressourcer",
    ),
    (
        "Smart digital beskæftigelsesindsats",
        "Skal bidrage til et velfungerende arbejdsmarkedsområde ved at understøtte Jobcentrene",
    ),
    (
        "Borgerne skal videst mulig mestre eget liv",
        "Digitalisering skal på effektiv vis bidrage til, at borgere inddrages mest muligt og får større "
        "indflydelse på eget forløb",
    ),
    (
        "Teknologi giver bedre fysiske rammer og bæredygtig vækst",
        "Digitalisering skal bidrage til at skabe gode fysiske rammer for bæredygtig vækst og udvikling",
    ),
    (
        "Digital sammenhæng for børn og unge",
        "Digitalisering skal understøtte sammenhæng i børn og unges læring, herunder trivsel, så de "
        "udvikler sig og lærer nok til at kunne gennemføre en kompetencegivende uddannelse",
    ),
]


def focus_areas_for(period_name):
    if period_name == PERIOD_2021:
        return FOCUS_AREAS_2021
    return [
        {"number": number, "title": title, "description": description}
        for number, (title, description) in enumerate(FOCUS_AREAS_2016, start=1)
    ]


def load_strategy_periods(apps, schema_editor):
    StrategyPeriod = apps.get_model("focusareas", "StrategyPeriod")
    FocusArea = apps.get_model("focusareas", "FocusArea")
    # The 2016-2020 period comes first so that only one period is ever current.
    for period_data in PERIODS:
        data = dict(period_data)
        name = data.pop("name")
        period, _ = StrategyPeriod.objects.update_or_create(name=name, defaults=data)
        for area in focus_areas_for(name):
            area = dict(area)
            number = area.pop("number")
            defaults = {"kl_quote": "", "local_ambition": "", "example": "", **area}
            FocusArea.objects.update_or_create(period=period, number=number, defaults=defaults)


def unload_strategy_periods(apps, schema_editor):
    StrategyPeriod = apps.get_model("focusareas", "StrategyPeriod")
    FocusArea = apps.get_model("focusareas", "FocusArea")
    names = [period["name"] for period in PERIODS]
    FocusArea.objects.filter(period__name__in=names).delete()
    StrategyPeriod.objects.filter(name__in=names).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("focusareas", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_strategy_periods, unload_strategy_periods),
    ]

"""Load the governance bodies of the cross-cutting digitalisation organisation (seeds/000_…,
section "6. Organisering", the 2017 addendum), each with its django.contrib.auth group.

Mandates, responsibilities and composition follow the commission's wording, with the scanned
text's spelling restored. Responsibilities hold one item per line (Body.responsibility_list).
Keyed on the slug, so running it again updates rather than duplicates. The group's global
permissions are set by governance.roles after every migrate, not here.
"""

from django.db import migrations, models


def _paragraphs(*paragraphs):
    return "\n\n".join(paragraphs)


def _lines(*lines):
    return "\n".join(lines)


CROSS_PROJECT_GROUP_MANDATE = (
    "De tværgående projektgrupper som f.eks. monopolbruds-, mobil- og bredbånds- og "
    "BRA/Smart-projektgrupperne vil være tæt knyttet til den tværgående digitaliseringsprogramgruppe "
    "for at sikre, at kommunikationen og gennemsigtigheden i disse projekter formidles bedst muligt. "
    "Det skyldes, at disse projekter ofte har indvirkning på hele organisationen og investeringerne, "
    "samt at gevinstrealisering også er drevet fra centralt hold."
)

CROSS_PROJECT_GROUP_RESPONSIBILITIES = _lines(
    "sikre at den tværgående digitaliseringsprogramgruppe får de inputs, som er nødvendige for at "
    "træffe eventuelle beslutninger og/eller løfte disse til den tværgående digitaliseringsstyregruppe",
    "sikre at de leverancer og succeskriterier, der er opstillet i projektet – og som kan ses i "
    "startdokumentet på projektet – opnås",
    "tage de nødvendige beslutninger, som gør, at de forskellige opgaver og aktiviteter er i ledelse og "
    "i fremdrift, herunder at de nødvendige ressourcer allokeres, og at mulige gevinster synliggøres",
    "sikre et stabilt informationsflow til de afdelinger og forvaltninger, som er direkte eller "
    "indirekte berørt af projekterne",
    "sikre at der løbende sker videndeling på tværs af organisationen i forbindelse med projekterne",
    "være primær kontaktflade til leverandører og interessenter i forbindelse med projekterne samt "
    "deltage aktivt i de arrangementer, der afholdes af leverandørerne og andre aktører, i det omfang "
    "tid og ressourcer tillader det",
    "varetage eventuelle budgetoverblik på projekterne i samarbejde med økonomikonsulenter og den "
    "budgetansvarlige",
)

CROSS_PROJECT_GROUP_COMPOSITION = (
    "De tværgående projektgrupper er som oftest styret af en digitaliseringsprojektleder fra IT- og "
    "digitaliseringsafdelingen, mens de bemandes med de relevante fagpersoner og kompetencer fra "
    "forvaltningerne, samt der løbende/ad hoc vil blive indkaldt relevante medarbejdere, ledere og/eller "
    "chefer, hvis det findes nødvendigt, at disse deltager i møderne."
)

CROSS_PROJECT_GROUP_MEETINGS = (
    "Projektgruppen fastsætter selv mødeintervallet; projektlederen deltager i Project Board ca. hver 14. dag"
)

# In dependency order: a body comes after the body it escalates to.
BODIES = [
    {
        "slug": "direktion",
        "kind": "direktion",
        "name": "Direktionen",
        "escalates_to": None,
        "mandate": _paragraphs(
            "Direktionen modtager strategiske beslutningsoplæg fra den tværgående "
            "digitaliseringsstyregruppe, som sikrer, at direktionen løbende er tæt på gruppens arbejde.",
            "Direktionen udpeger de chefer og/eller ledelsesrepræsentanter, der sammen med IT- og "
            "digitaliseringschefen er medlemmer af digitaliseringsstyregruppen, og styregruppens formand "
            "er en repræsentant fra direktionen. Tillægget om ændret organisering er godkendt af "
            "Direktionen den 11. januar 2017.",
        ),
        "responsibilities": _lines(
            "træffe beslutning på grundlag af digitaliseringsstyregruppens strategiske beslutningsoplæg",
            "udpege chefer og/eller ledelsesrepræsentanter til digitaliseringsstyregruppen med fokus på at "
            "få en bred og visionær gruppe",
            "stille styregruppens formand",
        ),
        "composition": "",
        "meeting_frequency": "",
    },
    {
        "slug": "styregruppe",
        "kind": "styregruppe",
        "name": "Tværgående digitaliseringsstyregruppe",
        "escalates_to": "direktion",
        "mandate": _paragraphs(
            "Der er nedsat en tværgående digitaliseringsstyregruppe, som skal kaste et strategisk blik et "
            "godt stykke ud i fremtiden, opstille visioner og udstikke overordnede og principielle "
            "retningslinjer for kommunens samlede, fremadrettede digitaliseringsindsats. I den forbindelse "
            "skal gruppen også sikre et strategisk fokus på kommunens engagement i eksterne udviklings- og "
            "tværkommunale samarbejder for at maksimere gevinsterne heraf. Endvidere skal "
            "digitaliseringsstyregruppen løbende følge op på gevinstrealiseringen fra især større og/eller "
            "tværgående projekter, herunder monopolbrudsprojektet.",
            "Digitaliseringsstyregruppen tager beslutninger på det taktiske niveau og laver strategiske "
            "beslutningsoplæg til direktionen samt sikrer, at direktionen løbende er tæt på gruppens arbejde.",
            "Digitaliseringsstyregruppen skal godkende en overordnet, årlig indsatsplan, som udarbejdes af "
            "den tværgående digitaliseringsprogramgruppe, men skal kun i særlige tilfælde tage stilling til "
            "prioritering af og ressourcetildeling til de enkelte, tværgående indsatser.",
        ),
        "responsibilities": _lines(
            "at Norddjurs Kommune har klare strategiske mål på det digitale område, og at kommunens "
            "digitale indsatser er i overensstemmelse med disse",
            "at Norddjurs Kommune har en fælles digitaliseringsstrategi, og at denne udmøntes i konkrete "
            "handlinger, som tilfører kommunen merværdi, samt at digitaliseringsstrategien er koordineret "
            "med kommunens øvrige strategier",
            "at den samlede digitaliseringsindsats har visionært afsæt",
            "at de nødvendige strategiske beslutninger træffes, så den samlede digitaliseringsindsats har "
            "retning",
            "at der er et strategisk fokus på eksterne udviklingssamarbejder",
            "at direktionen og den samlede chefgruppe er engageret i processer og beslutninger vedr. "
            "principielle, fremadrettede indsatser",
            "at den øvrige digitaliseringsorganisation løbende får de nødvendige strategiske udmeldinger, "
            "så de er fokuseret på de rigtige indsatsområder",
            "at der følges op på, at de opstillede mål for gevinstrealisering i de tværgående projekter og "
            "indsatser opnås",
        ),
        "composition": _paragraphs(
            "Styregruppeformanden skal være en repræsentant fra direktionen, mens øvrige medlemmer af "
            "digitaliseringsstyregruppen er IT- og digitaliseringschefen samt udvalgte chefer og/eller "
            "ledelsesrepræsentanter med beslutningskompetencer fra hele organisationen. Disse chefer "
            "og/eller ledelsesrepræsentanter er udpeget af direktionen med fokus på at få en bred og "
            "visionær gruppe.",
            "Desuden vil minimum én projektleder fra IT- og digitaliseringsafdelingen deltage og samtidig "
            "være sekretær for digitaliseringsstyregruppen.",
        ),
        "meeting_frequency": "",
    },
    {
        "slug": "programgruppe",
        "kind": "programgruppe",
        "name": "Tværgående digitaliseringsprogramgruppe",
        "escalates_to": "styregruppe",
        "mandate": _paragraphs(
            "Digital understøttelse af kerneopgaverne vil være et af de væsentligste bidrag til den øgede "
            "optimering og effektivisering af kommunens forvaltning i fremtiden. Gevinstrealisering og "
            "ansvaret herfor ligger ude i forvaltningerne, men optimering af gevinstrealiseringen "
            "forudsætter imidlertid udbygning af samarbejdet på tværs af forvaltningerne om rammer, viden "
            "og indsatser, herunder inddragelse af relevant tværkommunalt samarbejde.",
            "Derudover skal det også sikres, at der løbende arbejdes med at opnå de forventede gevinster fra "
            "de tværgående projekter og indsatser, hvilket forudsætter, at der løbende og smidigt kan ske en "
            "prioritering og ressourcetildeling til indsatserne.",
            "Den tværgående digitaliseringsprogramgruppe skal være medvirkende til at håndtere disse "
            "udfordringer samt løbende sikre et tværgående overblik over alle digitaliseringsprojekter i "
            "hele kommunen.",
            "Den tværgående digitaliseringsprogramgruppe tager beslutninger på det operationelle niveau og "
            "laver taktiske samt strategiske beslutningsoplæg til digitaliseringsstyregruppen samt sikrer, "
            "at styregruppen løbende er tæt på gruppens arbejde.",
        ),
        "responsibilities": _lines(
            "sikre at den tværgående digitaliseringsstyregruppe og direktion får de inputs, som er "
            "nødvendige for at træffe strategiske beslutninger og udmelde retning",
            "udarbejde en årlig indsatsplan til godkendelse i den tværgående digitaliseringsstyregruppe, "
            "der angiver prioritering af de tværgående projekter og aktiviteter",
            "sikre at indsatsplanen dækker efterspørgslen",
            "tage de nødvendige beslutninger, som gør, at de tværgående projekter og aktiviteter er i "
            "ledelse og i fremdrift, herunder at de nødvendige ressourcer allokeres, og at mulige gevinster "
            "synliggøres",
            "administrere en projektportefølje, der omfatter alle nationale og fælleskommunale "
            "digitaliseringsprojekter, alle tværkommunale projekter samt egne tværgående indsatser og alle "
            "lokale digitaliseringsprojekter rundt om i organisationen",
            "administrere en systemportefølje, der sikrer overblik og afsæt for strategiske og taktiske "
            "indsatser for at øge gevinstpotentialerne",
            "sikre en tværgående kommunikation, dialog og vidensdeling til de lokale "
            "digitaliseringsorganisationer, herunder strategi, fælleskommunale retningslinjer og "
            "arkitekturprincipper",
        ),
        "composition": (
            "Bemandingen vil være repræsentativ fra forvaltningerne med udgangspunkt i de eksisterende "
            "medarbejderprofiler, der har rollen som projektleder, IT-ansvarlig, superbruger, koordinator "
            "eller lignende. Den tværgående digitaliseringsstyregruppe udpeger faste medlemmer af "
            "programgruppen samt formanden for gruppen, som også bør være et medlem af den tværgående "
            "digitaliseringsstyregruppe. Herudover vil gruppen være dynamisk, afhængig af levetiden for de "
            "forskellige digitaliseringsprojekter. Digitaliseringsprojektlederne fra IT- og "
            "digitaliseringsafdelingen vil også være faste medlemmer og fungere som sekretær for gruppen."
        ),
        "meeting_frequency": "",
    },
    {
        "slug": "project-board",
        "kind": "project_board",
        "name": "Project Board",
        "escalates_to": "programgruppe",
        "mandate": (
            "Projektlederne fra de tværgående projektgrupper deltager i Project Board-møder i IT- og "
            "digitaliseringsafdelingen, hvor der fremlægges en status på de forskellige projekter. "
            "Project Board-møderne afholdes ca. hver 14. dag."
        ),
        "responsibilities": _lines(
            "fremlægge en status på de forskellige projekter",
        ),
        "composition": "Projektlederne fra de tværgående projektgrupper og IT- og digitaliseringsafdelingen.",
        "meeting_frequency": "Ca. hver 14. dag",
    },
    {
        "slug": "iod",
        "kind": "iod",
        "name": "Innovation og Digitalisering (IOD)",
        "escalates_to": "styregruppe",
        "mandate": _paragraphs(
            "Innovation og Digitalisering (IOD) er en lille gruppe af udvalgte medarbejdere fra "
            "forvaltningen og har fodfæste i Norddjurs Kommunes værdi om prøvehandlinger. Gruppen nedsættes "
            "for at identificere, undersøge samt igangsætte nye innovative tiltag, der kan inspirere og "
            "udfordre Norddjurs Kommunes organisation til at skabe nye innovative løsninger gennem øget "
            "digitalisering.",
            "Målet med gruppen er at give den tværgående digitaliseringsstyregruppe og den tværgående "
            "digitaliseringsprogramgruppe inspiration til, hvad der sker inden for digitaliseringsområdet "
            "både lokalt, nationalt og globalt.",
            "Der er ingen rammer for denne gruppe, forstået på den måde, at der skal tænkes ud af boksen og "
            "arbejdes med, hvilke projekter der vil kunne skabe størst mulig gevinst for såvel enkelte "
            "fagområder som hele organisationen.",
            "Gruppen skal bestræbe sig på at arbejde ud fra de agile principper og gerne fokusere på det, "
            "man på engelsk kalder ”disruptive innovation”, der defineres som små og billige "
            "tiltag/implementeringer, der skaber store forandringer og/eller effektivisering.",
            "Desuden vil projektarbejdet i gruppen kunne tage afsæt i laboratoriemodellen i Norddjurs "
            "Kommunes projektguide eller SCRUM-metoderne, der også anvendes andre steder i organisationen i "
            "dag.",
            "Den tværgående digitaliseringsstyregruppe vil kunne afsætte økonomiske midler fra "
            "digitaliseringsbudgettet til projekter, som IOD-gruppen igangsætter og administrerer.",
        ),
        "responsibilities": _lines(
            "identificere, undersøge samt igangsætte nye innovative tiltag, der kan inspirere og udfordre "
            "organisationen til at skabe nye innovative løsninger gennem øget digitalisering",
            "give den tværgående digitaliseringsstyregruppe og den tværgående digitaliseringsprogramgruppe "
            "inspiration til, hvad der sker inden for digitaliseringsområdet både lokalt, nationalt og "
            "globalt",
            "arbejde med, hvilke projekter der vil kunne skabe størst mulig gevinst for såvel enkelte "
            "fagområder som hele organisationen",
            "arbejde ud fra de agile principper og gerne fokusere på ”disruptive innovation”",
            "igangsætte og administrere projekter, som den tværgående digitaliseringsstyregruppe kan "
            "afsætte økonomiske midler til fra digitaliseringsbudgettet",
        ),
        "composition": "En lille gruppe af udvalgte medarbejdere fra forvaltningen.",
        "meeting_frequency": "",
    },
    {
        "slug": "it-sikkerhedsgruppe",
        "kind": "it_sikkerhed",
        "name": "IT-sikkerhedsgruppen",
        "escalates_to": "direktion",
        "mandate": _paragraphs(
            "IT-sikkerhedsgruppen er en eksisterende gruppe, som er oprettet i forbindelse med, at der i "
            "2011 blev udarbejdet og godkendt en informationssikkerhedspolitik i Norddjurs Kommune.",
            "IT-sikkerhedsgruppen har, med reference til den øverste sikkerhedsansvarlige, ansvaret for at "
            "sikre, at målsætningen for informationssikkerhedspolitikken bliver opfyldt. Opgaverne for "
            "IT-sikkerhedsgruppen er beskrevet i Forretningsorden for IT-sikkerhedsgruppen, der selv "
            "vedtager sin forretningsorden.",
            "IT-sikkerhedsgruppen er normgivende og fastsætter på grundlag af den godkendte "
            "informationssikkerhedspolitik de regler, procedurer m.v., der sikrer, at målene opfyldes.",
        ),
        "responsibilities": _lines(
            "fastsætte de regler, procedurer m.v. på grundlag af den godkendte "
            "informationssikkerhedspolitik, der sikrer, at målene opfyldes",
            "behandle alle spørgsmål om informationssikkerhed af principiel karakter",
            "foretage én gang om året en vurdering af informationssikkerhedspolitikken, herunder regler, "
            "procedurer m.v., til sikring af, at disse lever op til kravene i lovgivningen",
            "vurdere én gang årligt, om der er behov for fornyet risikovurdering/konsekvensanalyse",
        ),
        "composition": (
            "IT-sikkerhedsgruppen består af Norddjurs Kommunes øverste sikkerhedsansvarlige samt en "
            "IT-ansvarlig fra hvert direktørområde, udpeget af direktørerne blandt områdets medarbejdere."
        ),
        "meeting_frequency": (
            "Én gang årligt: vurdering af informationssikkerhedspolitikken og af behovet for fornyet "
            "risikovurdering/konsekvensanalyse"
        ),
    },
    *[
        {
            "slug": slug,
            "kind": "projektgruppe",
            "name": f"Tværgående projektgruppe: {topic}",
            "escalates_to": "programgruppe",
            "mandate": CROSS_PROJECT_GROUP_MANDATE,
            "responsibilities": CROSS_PROJECT_GROUP_RESPONSIBILITIES,
            "composition": CROSS_PROJECT_GROUP_COMPOSITION,
            "meeting_frequency": CROSS_PROJECT_GROUP_MEETINGS,
        }
        for slug, topic in [
            ("projektgruppe-monopolbrud", "Monopolbrud"),
            ("projektgruppe-mobil-bredbaand", "Mobil og bredbånd"),
            ("projektgruppe-bra-smart", "BRA/Smart"),
        ]
    ],
]


def load_bodies(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Body = apps.get_model("governance", "Body")
    by_slug = {}
    for data in BODIES:
        data = dict(data)
        slug = data.pop("slug")
        parent = data.pop("escalates_to")
        existing = Body.objects.filter(slug=slug).select_related("group").first()
        if existing is not None:
            group = existing.group
            if group.name != data["name"]:
                group.name = data["name"]
                group.save(update_fields=["name"])
        else:
            group, _ = Group.objects.get_or_create(name=data["name"])
        body, _ = Body.objects.update_or_create(
            slug=slug,
            defaults={**data, "group": group, "escalates_to": by_slug[parent] if parent else None},
        )
        by_slug[slug] = body


def _delete_by_ids(model, ids, using):
    """Delete model rows by id, honouring on_delete like Model.delete() does.

    Ids, never instances: when several migrations are unapplied in one plan, the historical
    classes of related models need not be the classes apps.get_model() returned, and Django's
    deletion collector then refuses to query them ("Must be "Group" instance").
    """
    if not ids:
        return
    for relation in model._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete and (relation.one_to_many or relation.one_to_one)):
            continue
        on_delete = relation.field.remote_field.on_delete
        if on_delete is models.DO_NOTHING:
            continue
        related = relation.related_model._base_manager.using(using).filter(
            **{f"{relation.field.attname}__in": ids}
        )
        if on_delete is models.CASCADE:
            _delete_by_ids(relation.related_model, list(related.values_list("pk", flat=True)), using)
        elif on_delete is models.SET_NULL:
            related.update(**{relation.field.attname: None})
        elif related.exists():
            raise RuntimeError(
                f"Cannot unload the seeded governance bodies: {relation.related_model._meta.label} "
                f"rows still point at {model._meta.label}."
            )
    model._base_manager.using(using).filter(pk__in=ids)._raw_delete(using)


def unload_bodies(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Body = apps.get_model("governance", "Body")
    using = schema_editor.connection.alias
    bodies = Body.objects.using(using).filter(slug__in=[data["slug"] for data in BODIES])
    body_ids = list(bodies.values_list("pk", flat=True))
    group_ids = list(bodies.values_list("group_id", flat=True))
    # The seeded bodies escalate to one another; anything else that points at them (members,
    # meetings, decisions, other bodies) protects them, and the reverse then stops.
    bodies.update(escalates_to=None)
    _delete_by_ids(Body, body_ids, using)
    _delete_by_ids(Group, group_ids, using)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("governance", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_bodies, unload_bodies),
    ]

"""The method library: the intervision methods every group can use, with all their steps.

The texts are our own words (B1 Dutch, informal "je"), written from the facts in
shared/domain/METHODS.md and the seeds 002 (six phases) and 003 (ten steps "buiten je bubbel").
Minutes are a starting point for the timer; a group can change them in its own copy.

The look-back: both the six-phase method (phase 6) and "buiten je bubbel" (step 0) ask the bringer
of the previous case to look back at the start of the next meeting. We keep each method in its own
order: in the six-phase method the look-back is the last step, with a note that it happens at the
start of the next meeting; in "buiten je bubbel" it is the first step. ``has_look_back`` tells the
live session to show the look-back prompt to the bringer at the group's next meeting.

Library methods are linked to the directory's ``groups.Method`` tags by slug when those rows exist
(demo data creates them, not migrations); ``methods.domain.link_tags()`` does it again later.
"""

from django.db import migrations

B, G, T, S, C = "bringer", "group", "in_turn", "silent", "chair"

# Library slug -> slug of the directory tag (groups.Method) it belongs to.
TAG_SLUGS = {
    "zes-fasen": "zes-fasen",
    "buiten-je-bubbel": "tienstappenmethode-buiten-je-bubbel",
    "incidentmethode": "incidentmethode",
    "balintmethode": "balintmethode",
    "roddelmethode": "roddelmethode",
    "vijfstappenmethode": "vijfstappenmethode",
    "probleemoplossende-methode": "probleemoplossende-methode",
    "socratisch-gesprek": "socratisch-gesprek",
}


def step(name, instruction, minutes, speaker, *, listens_only=False, shares=False):
    return {
        "name": name,
        "instruction": instruction,
        "minutes": minutes,
        "speaker": speaker,
        "bringer_listens_only": listens_only,
        "shares_answers": shares,
    }


LIBRARY = [
    {
        "slug": "zes-fasen",
        "name": "Intervisie in zes fasen",
        "summary": (
            "Een vaste aanpak in zes fasen, gebaseerd op de methode van Balint. Eén persoon brengt een "
            "casus in. De groep denkt mee en houdt een eigen oordeel nog even voor zich. Iedereen kijkt "
            "ook naar zijn eigen werk. Fase 6, de terugblik, doe je aan het begin van de volgende "
            "bijeenkomst."
        ),
        "source": "Gebaseerd op Balint (1957) en latere versies; zes fasen zoals LVSC-intervisoren werken.",
        "group_size": "8 tot 10 personen, met een begeleider",
        "has_look_back": True,
        "steps": [
            step(
                "Voorbereiden",
                "De inbrenger vertelt kort over de casus die hij heeft voorbereid. Wat is er gebeurd en "
                "wat is je vraag? De groep luistert en onderbreekt nog niet.",
                10,
                B,
            ),
            step(
                "Verkennen",
                "De groep stelt vragen om de achtergrond van de vraag te begrijpen. Vraag door, maar geef "
                "nog geen advies. Ook de inbrenger zoekt mee: wat speelt er echt?",
                25,
                G,
            ),
            step(
                "Kern van de vraag",
                "Samen zoek je naar de kern van de vraag. Maak de vraag zo kort en duidelijk mogelijk. "
                "De inbrenger zegt welke vraag het beste past.",
                15,
                G,
            ),
            step(
                "Nieuwe werkwijze",
                "De groep geeft adviezen, tips, wat ze zagen en mogelijke keuzes. De inbrenger luistert "
                "en schrijft mee. Daarna kiest de inbrenger zijn eigen leerpunten.",
                25,
                G,
            ),
            step(
                "Opbrengsten delen",
                "Iedereen zegt om de beurt wat deze intervisie hem heeft gebracht. De inbrenger begint. "
                "Houd het kort: één of twee zinnen per persoon.",
                15,
                T,
            ),
            step(
                "Terugblik (volgende bijeenkomst)",
                "Dit doe je aan het begin van de volgende bijeenkomst. De inbrenger vertelt wat er na de "
                "intervisie is gebeurd. Hoe pakte het uit en wat heb je geleerd?",
                10,
                B,
            ),
        ],
    },
    {
        "slug": "buiten-je-bubbel",
        "name": "Buiten je bubbel: de tienstappenmethode",
        "summary": (
            "Intervisie met mensen uit verschillende organisaties, studenten, jongeren en ouders. De groep "
            "heeft een gezamenlijk thema, bijvoorbeeld samenwerken rond een gezin. Je begint met een "
            "terugblik op de vorige inbreng (stap 0). Creatieve variaties voor stap 5 tot en met 7: "
            "iedereen schrijft op welke beelden, geluiden of kleuren de inbreng oproept (associaties); "
            "je maakt alleen of samen een tekening van de inbreng; of je tekent de inbrenger in zijn "
            "omgeving (gezin, organisatie) met alle samenwerkingsrelaties."
        ),
        "source": "Intervisie buiten je bubbel, Hogeschool Utrecht e.a. (2021), CC BY-NC-ND.",
        "group_size": "ongeveer 6 personen, met een begeleider",
        "has_look_back": True,
        "steps": [
            step(
                "Stap 0: Start en terugblik",
                "Welkom! De inbrenger van de vorige keer vertelt wat de intervisie heeft opgeleverd. "
                "Wat heb je met de uitkomsten gedaan? Ook de anderen zeggen kort wat het effect was.",
                10,
                C,
            ),
            step(
                "Stap 1: De inbreng kiezen",
                "De inbrenger zegt kort waar de inbreng over gaat. Check samen: is het je eigen ervaring, "
                "houdt het je nog bezig, heb je er invloed op en past het bij het thema van de groep?",
                5,
                B,
            ),
            step(
                "Stap 2: De inbreng in kaart brengen",
                "De inbrenger vertelt wat er gebeurde of wat er binnenkort gaat gebeuren. Wie zijn erbij "
                "betrokken en wat voel je erbij? De groep luistert.",
                10,
                B,
            ),
            step(
                "Stap 3: Vragen opschrijven",
                "Iedereen schrijft voor zichzelf vragen op om de situatie beter te begrijpen. Je stelt de "
                "vragen nog niet hardop. Dat doe je in de volgende stap.",
                5,
                S,
            ),
            step(
                "Stap 4: Informatieronde",
                "Om de beurt stel je je vragen: wie, wat, waar en hoe. De inbrenger kiest op welke vragen "
                "hij antwoord geeft. Hij zegt ook welke vragen hem het meest raken.",
                15,
                T,
            ),
            step(
                "Stap 5: Wat zie jij?",
                "Iedereen schrijft voor zichzelf op wat er volgens hem aan de hand is. Als iedereen klaar "
                "is, lees je om de beurt voor wat je hebt geschreven.",
                10,
                S,
                shares=True,
            ),
            step(
                "Stap 6: Verschillen onderzoeken",
                "De inbrenger reageert op wat de anderen zagen. De groep praat verder over de verschillen. "
                "De inbrenger zegt welke kijk hem het meest raakt.",
                15,
                G,
            ),
            step(
                "Stap 7: Ervaringen en tips delen",
                "Vertel over je eigen ervaring met een situatie die erop lijkt. Je mag nu ook tips en "
                "ideeën geven.",
                15,
                G,
            ),
            step(
                "Stap 8: Wat neem je mee?",
                "De inbrenger begint: welke tips ga je gebruiken? Daarna zegt iedereen om de beurt wat hij "
                "zelf meeneemt uit dit gesprek.",
                10,
                T,
            ),
            step(
                "Stap 9: Verder kijken dan de inbreng",
                "Kijk samen verder dan deze ene situatie. Wat is ieders rol en hoe kijk je daardoor? Wat "
                "is sterk en wat is lastig aan je positie? Voor wie zijn jullie conclusies ook nuttig?",
                15,
                G,
            ),
            step(
                "Stap 10: Evaluatie en afspraken",
                "Hoe vond je de bijeenkomst? Zit er nog iets dwars? Hoe beviel de methode? En wat ga je "
                "concreet doen?",
                10,
                T,
            ),
        ],
    },
    {
        "slug": "incidentmethode",
        "name": "Incidentmethode",
        "summary": (
            "Iemand vertelt over een kort incident uit het werk en stopt net voordat hij zelf iets deed. "
            "Iedereen bedenkt eerst zelf wat hij zou doen. Pas daarna hoor je wat de inbrenger echt deed."
        ),
        "source": "Bekende intervisiemethode; eigen beschrijving.",
        "group_size": "kleine groep",
        "steps": [
            step(
                "Incident kiezen",
                "Wie heeft een kort incident uit het werk? Kies samen één incident waar je snel een besluit "
                "moest nemen.",
                5,
                G,
            ),
            step(
                "Incident vertellen",
                "De inbrenger vertelt wat er gebeurde. Hij stopt net voor het moment waarop hij zelf iets "
                "deed of besloot.",
                5,
                B,
            ),
            step(
                "Vragen opschrijven",
                "Iedereen schrijft in stilte vragen op over de situatie. Vraag nog niets hardop.",
                5,
                S,
            ),
            step(
                "Informatieronde",
                "Stel om de beurt je vragen. De inbrenger geeft korte, feitelijke antwoorden.",
                10,
                T,
            ),
            step(
                "Analyse",
                "Praat samen over de situatie. Wat is het probleem? Wat maakt het lastig?",
                10,
                G,
            ),
            step(
                "Eigen standpunt opschrijven",
                "Schrijf voor jezelf op wat jij zou doen en waarom. Kies echt één aanpak.",
                5,
                S,
                shares=True,
            ),
            step(
                "Standpunten delen",
                "Lees om de beurt voor wat je hebt opgeschreven. De anderen luisteren en reageren nog niet.",
                10,
                T,
            ),
            step(
                "Wat deed de inbrenger?",
                "De inbrenger vertelt wat hij echt deed en hoe het afliep. Wat valt op als je dit naast de "
                "standpunten legt?",
                5,
                B,
            ),
            step(
                "Nabespreking",
                "Praat samen na over de verschillen. Wat kun je leren voor een volgende keer?",
                5,
                G,
            ),
            step(
                "Evaluatie",
                "Hoe ging het? Wat neem je mee?",
                5,
                T,
            ),
        ],
    },
    {
        "slug": "balintmethode",
        "name": "Balintmethode",
        "summary": (
            "Elf stappen rond één verhaal. De groep schrijft eerst in stilte, stelt dan vragen en geeft "
            "advies. Op één moment zwijgt de inbrenger en luistert hij alleen."
        ),
        "source": "Naar Michael Balint (1957); eigen beschrijving.",
        "group_size": "vanaf 5 personen (klassiek 8 tot 10)",
        "steps": [
            step(
                "Casussen verzamelen",
                "Wie wil er iets inbrengen? Iedereen die een casus heeft, zegt dat.",
                5,
                T,
            ),
            step(
                "Kort voorstellen",
                "Iedere inbrenger vertelt zijn casus in hooguit drie zinnen.",
                5,
                T,
            ),
            step(
                "Kiezen",
                "Kies samen één casus. Let op: wat is urgent en waar leert de groep het meest van?",
                5,
                G,
            ),
            step(
                "Procesbegeleider kiezen",
                "Spreek af wie het gesprek leidt en de tijd bewaakt. Dat is niet de inbrenger.",
                2,
                G,
            ),
            step(
                "Het hele verhaal",
                "De inbrenger vertelt de casus helemaal. De anderen luisteren en onderbreken niet.",
                10,
                B,
            ),
            step(
                "Eerste ideeën opschrijven",
                "Iedereen schrijft in stilte op wat het verhaal bij hem oproept: gedachten, gevoelens en "
                "beelden.",
                5,
                S,
                shares=True,
            ),
            step(
                "Verhelderende vragen",
                "Stel vragen om het verhaal beter te begrijpen. Geef nog geen advies.",
                15,
                G,
            ),
            step(
                "Advies opschrijven",
                "Iedereen schrijft in stilte op welk advies hij de inbrenger zou geven.",
                5,
                S,
                shares=True,
            ),
            step(
                "De groep praat, de inbrenger luistert",
                "De groep bespreekt de casus en de adviezen. De inbrenger zwijgt en luistert alleen. Hij "
                "mag meeschrijven.",
                15,
                G,
                listens_only=True,
            ),
            step(
                "Wat ga je doen?",
                "De inbrenger vertelt wat hem raakte en wat hij met de adviezen gaat doen.",
                10,
                B,
            ),
            step(
                "Evaluatie",
                "Hoe ging het? Wat heeft iedereen zelf geleerd?",
                8,
                T,
            ),
        ],
    },
    {
        "slug": "roddelmethode",
        "name": "Roddelmethode",
        "summary": (
            "De inbrenger zit even buiten de kring en luistert alleen, terwijl de groep over zijn vraag "
            "praat alsof hij er niet is. Zo hoort hij veel ideeën zonder dat hij zich hoeft te verdedigen."
        ),
        "source": "Bekende intervisiemethode; eigen beschrijving.",
        "group_size": "4 tot 8 personen",
        "steps": [
            step(
                "Vraag inleiden",
                "De inbrenger vertelt over de situatie en zijn vraag. Wat wil je van de groep?",
                10,
                B,
            ),
            step(
                "Verhelderende vragen",
                "De groep stelt vragen om de situatie goed te begrijpen. Nog geen advies of mening.",
                10,
                G,
            ),
            step(
                "Roddelen",
                "De inbrenger gaat buiten de kring zitten en luistert alleen. Hij zegt niets. De groep "
                "praat over hem alsof hij er niet is: wat zijn mogelijke oorzaken en wat kan hij doen?",
                15,
                G,
                listens_only=True,
            ),
            step(
                "Terug in de kring",
                "De inbrenger komt terug en zegt wat hem opviel. Wat raakte je en wat ga je gebruiken?",
                10,
                B,
            ),
            step(
                "Evaluatie",
                "Hoe was het om over je te horen praten? Hoe vond de groep het?",
                10,
                T,
            ),
        ],
    },
    {
        "slug": "vijfstappenmethode",
        "name": "Vijfstappenmethode",
        "summary": (
            "Een korte, overzichtelijke methode in vijf stappen: vraag, verkennen, kernprobleem, adviezen "
            "en evaluatie. Goed voor een groep die net begint."
        ),
        "source": "Bekende intervisiemethode; eigen beschrijving.",
        "group_size": "kleine groep",
        "steps": [
            step(
                "Vraag inleiden",
                "De inbrenger vertelt over de situatie en zijn vraag.",
                5,
                B,
            ),
            step(
                "Verkennen",
                "Stel vragen en vat af en toe samen wat je hoort. Zo wordt de situatie helder.",
                20,
                G,
            ),
            step(
                "Kernprobleem benoemen",
                "De groep zegt wat volgens hen het echte probleem is. De inbrenger zegt of hij zich daarin "
                "herkent.",
                10,
                G,
            ),
            step(
                "Adviesronde",
                "Iedereen geeft om de beurt een advies. De inbrenger zegt welke adviezen hem helpen.",
                15,
                T,
            ),
            step(
                "Evaluatie",
                "Wat heeft het de inbrenger gebracht? En wat nemen de anderen mee?",
                10,
                T,
            ),
        ],
    },
    {
        "slug": "probleemoplossende-methode",
        "name": "Probleemoplossende methode",
        "summary": (
            "Vragen over de situatie, samen een diagnose stellen en advies geven. De inbrenger reageert. "
            "Zo nodig doe je nog een ronde, tot de inbrenger verder kan."
        ),
        "source": "Bekende intervisiemethode; eigen beschrijving.",
        "group_size": "kleine groep",
        "steps": [
            step(
                "De situatie",
                "De inbrenger vertelt kort over de situatie en het probleem.",
                10,
                B,
            ),
            step(
                "Vragen over de situatie",
                "Stel vragen om de situatie goed te begrijpen. Geef nog geen oplossingen.",
                15,
                G,
            ),
            step(
                "Diagnose",
                "Wat is er volgens de groep aan de hand? Zoek samen naar oorzaken.",
                15,
                G,
            ),
            step(
                "Advies",
                "Iedereen geeft om de beurt een concreet advies.",
                15,
                T,
            ),
            step(
                "Reactie van de inbrenger",
                "De inbrenger zegt wat hij aan de adviezen heeft. Ben je geholpen? Zo niet, doe dan nog "
                "een ronde vragen en advies.",
                10,
                B,
            ),
            step(
                "Afronden",
                "Wat gaat de inbrenger doen? Wat nemen de anderen mee?",
                10,
                T,
            ),
        ],
    },
    {
        "slug": "tienstappenmethode",
        "name": "Tienstappenmethode",
        "summary": (
            "Een grondige methode voor één casus in tien stappen. De vragen schrijf je eerst op, de "
            "inbrenger kiest de belangrijkste. Reken op twee tot tweeënhalf uur per casus."
        ),
        "source": "Bekende intervisiemethode; eigen beschrijving.",
        "group_size": "ongeveer 6 personen",
        "steps": [
            step(
                "De situatie",
                "De inbrenger vertelt over de situatie en zijn vraag.",
                10,
                B,
            ),
            step(
                "Vragen opschrijven",
                "Iedereen schrijft in stilte verhelderende vragen op.",
                10,
                S,
                shares=True,
            ),
            step(
                "Vragen kiezen",
                "De vragen worden voorgelezen. De inbrenger zegt welke vragen het belangrijkst zijn.",
                10,
                B,
            ),
            step(
                "Antwoorden",
                "De inbrenger beantwoordt de gekozen vragen. De groep luistert.",
                20,
                B,
            ),
            step(
                "Extra vragenronde",
                "Is er nog iets onduidelijk? Stel nog een paar vragen.",
                10,
                G,
            ),
            step(
                "Kernprobleem van de groep",
                "Iedere deelnemer zegt wat volgens hem het kernprobleem is.",
                15,
                T,
            ),
            step(
                "Kernprobleem van de inbrenger",
                "De inbrenger zegt wat hij van de kernproblemen vindt en formuleert het probleem opnieuw.",
                10,
                B,
            ),
            step(
                "Nieuwe aanpak",
                "Bedenk samen hoe de inbrenger het anders kan aanpakken.",
                20,
                G,
            ),
            step(
                "Tips",
                "Iedereen geeft om de beurt een concrete tip.",
                15,
                T,
            ),
            step(
                "Eigen inzichten",
                "Iedereen zegt wat hij zelf heeft geleerd voor zijn eigen werk.",
                15,
                T,
            ),
        ],
    },
    {
        "slug": "socratisch-gesprek",
        "name": "Socratisch gesprek",
        "summary": (
            "Samen onderzoeken wat je echt vindt, aan de hand van één ervaring uit de praktijk en de "
            "waarden eronder. Duurt lang: drie keer twee uur of een hele dag."
        ),
        "source": "Bekende gespreksmethode; eigen beschrijving.",
        "group_size": "5 tot 10 personen",
        "steps": [
            step(
                "Thema en vraag",
                "De begeleider noemt het thema en een open vraag, bijvoorbeeld: wat is respect?",
                15,
                C,
            ),
            step(
                "Voorbeelden verzamelen",
                "Iedereen vertelt kort een echte ervaring die bij de vraag past. Kies samen één voorbeeld.",
                45,
                T,
            ),
            step(
                "Het voorbeeld verhelderen",
                "De inbrenger vertelt het voorbeeld uitgebreid. De groep stelt vragen tot het helder is.",
                45,
                G,
            ),
            step(
                "Het hete moment",
                "Zoek samen het moment waarop het spannend werd. Maak er één zin van die de kern zegt.",
                40,
                G,
            ),
            step(
                "Onderbouwing",
                "Waarom vond de inbrenger dat? Zoek samen naar de redenen achter die zin.",
                40,
                G,
            ),
            step(
                "Je eigen zin",
                "Iedereen schrijft zijn eigen zin over het hete moment op. Lees ze daarna voor.",
                30,
                S,
                shares=True,
            ),
            step(
                "Redenen onderzoeken",
                "Vergelijk de redenen. Waar ben je het over eens en waar niet?",
                60,
                G,
            ),
            step(
                "Waarden eronder",
                "Welke waarden zitten onder de redenen? Wat vind je echt belangrijk?",
                60,
                G,
            ),
            step(
                "Terugkijken",
                "Hoe ging het gesprek? Wat heb je over jezelf geleerd?",
                25,
                T,
            ),
        ],
    },
]


def seed_library(apps, schema_editor):
    MethodTemplate = apps.get_model("methods", "MethodTemplate")
    MethodStep = apps.get_model("methods", "MethodStep")
    Method = apps.get_model("groups", "Method")
    tags = {m.slug: m for m in Method.objects.filter(slug__in=TAG_SLUGS.values())}
    for data in LIBRARY:
        data = dict(data)
        steps = data.pop("steps")
        template, _ = MethodTemplate.objects.update_or_create(
            slug=data["slug"],
            group=None,
            defaults={**data, "tag": tags.get(TAG_SLUGS.get(data["slug"]))},
        )
        template.steps.all().delete()
        MethodStep.objects.bulk_create(
            MethodStep(method=template, position=position, **fields)
            for position, fields in enumerate(steps, start=1)
        )


def unseed_library(apps, schema_editor):
    MethodTemplate = apps.get_model("methods", "MethodTemplate")
    MethodTemplate.objects.filter(group=None, slug__in=[m["slug"] for m in LIBRARY]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("methods", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed_library, unseed_library)]

"""Invented providers of guided intervision and their clients' trajectories (issue 12): the demo
begeleider owns "Praktijk Veldkamp Intervisie" (CRKBO-registered, so its quotes are VAT-exempt) and finds
a trajectory in every state of the route up to the quote on their board; a second provider, a small
training firm without CRKBO registration (VAT on its quotes), has its own. The demo client
(opdrachtgever) follows the one whose quote waits for their answer.

Everything goes through ``trajectories.domain`` (requests, state changes, invitations, quotes and the
client's answers are audited and numbered, and their e-mails wait in the outbox). Idempotent: providers
are keyed on their slug and a trajectory on its provider and organisation. A trajectory is walked along
its route only from the state it is in: a second run finds every one where its route ends and does
nothing (no second e-mail), a database loaded by an older version of this module is brought forward, and
one the demo user moved elsewhere is left alone. Dates are relative to the day of the load.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from intervisie.accounts.models import User
from intervisie.billing.models import Quote
from intervisie.demo.base import DEMO_DOMAIN, upsert
from intervisie.groups.models import Method
from intervisie.meetings.attendance import AttendanceEntry, attendance_confirm, attendance_register
from intervisie.meetings.models import Meeting
from intervisie.providers.enums import InvoiceMoment, ProviderKind
from intervisie.providers.models import Provider, ProviderMember
from intervisie.trajectories.domain import (
    AGREEMENT_FIELDS,
    QuoteAnswer,
    RequestData,
    accept_participation,
    answer_quote,
    close_trajectory,
    invite_to_introduction,
    note_expectations,
    note_meeting_aspects,
    reader_opened,
    send_quote,
    set_trajectory_state,
    trajectory_request,
)
from intervisie.trajectories.enums import Aspect, FeeMode, LocationPreference, ReportStatus, TrajectoryKind
from intervisie.trajectories.enums import TrajectoryState as S
from intervisie.trajectories.invoicing import invoice_due, make_trajectory_invoice
from intervisie.trajectories.models import Trajectory
from intervisie.trajectories.reporting import (
    ReportText,
    report_respond,
    report_save,
    report_start,
    set_report_status,
)
from intervisie.trajectories.rules_report import VOTER_STATES

VELDKAMP = "praktijk-veldkamp-intervisie-demo"
DE_BRUG = "leerhuis-de-brug-demo"

PROVIDERS = [
    {
        "slug": VELDKAMP,
        "name": "Praktijk Veldkamp Intervisie",
        "kind": ProviderKind.PRACTICE,
        "description": (
            "Ik begeleid intervisiegroepen van gezinshuisouders en jeugdzorgwerkers. In vijf bijeenkomsten "
            "leert je groep de methodes en vaardigheden om daarna zelf verder te gaan."
        ),
        "email": f"praktijk-veldkamp@{DEMO_DOMAIN}",
        "phone": "06 00 00 01 04",
        "website": "https://praktijk-veldkamp.example",
        "address": "Lindelaan 12",
        "postcode": "3521 AB",
        "city": "Utrecht",
        "kvk_number": "90412873",
        "iban": "NL91ABNA0417164300",  # the standard test IBAN: valid check digits, nobody's account
        "regions": ["UT", "GE", "NH"],
        "registers": ["LVSC"],
        "online": True,
        "on_site": True,
        "nrto_member": True,
        "crkbo_registered": True,
        "indicative_price": "Vanaf € 325 per bijeenkomst van 2,5 uur",
        "fee_per_meeting": Decimal("325.00"),
        "meeting_minutes": 150,
        "travel_costs": Decimal("35.00"),
        "reader_price": Decimal("15.00"),
        "cancellation_terms": (
            "Kosteloos annuleren kan tot vier weken voor de eerste bijeenkomst. Daarna betaal je de helft "
            "van het tarief; binnen een week voor een bijeenkomst het hele tarief van die bijeenkomst. "
            "Een bijeenkomst verzetten kan tot twee weken van tevoren zonder kosten."
        ),
        "validity_days": 30,
        "invoice_moment": InvoiceMoment.ACCEPTANCE,
        "payment_days": 14,
        "attendance_threshold_percent": 80,
        "owner": "begeleider",
    },
    {
        "slug": DE_BRUG,
        "name": "Leerhuis De Brug",
        "kind": ProviderKind.FIRM,
        "description": (
            "Opleidingsbureau voor professionals in de jeugdzorg. Onze begeleiders werken met de "
            "incidentmethode en de roddelmethode, online of bij jullie op locatie."
        ),
        "email": f"leerhuis-de-brug@{DEMO_DOMAIN}",
        "phone": "030 000 00 00",
        "website": "https://leerhuis-de-brug.example",
        "address": "Stationsplein 7",
        "postcode": "3818 LE",
        "city": "Amersfoort",
        "kvk_number": "81736452",
        "iban": "NL20INGB0001234567",  # a documented example IBAN, nobody's account
        "regions": ["UT", "ZH", "NB", "OV"],
        "registers": ["NVO", "LVSC"],
        "online": True,
        "on_site": True,
        "nrto_member": False,
        "crkbo_registered": False,
        "indicative_price": "€ 1.650 voor vijf bijeenkomsten, excl. btw",
        "fee_per_meeting": Decimal("330.00"),
        "meeting_minutes": 120,
        "travel_costs": Decimal("0.00"),
        "reader_price": Decimal("0.00"),
        "cancellation_terms": (
            "Annuleren kan kosteloos tot zes weken voor de start. Daarna brengen wij 50% van het "
            "totaalbedrag in rekening."
        ),
        "validity_days": 45,
        "invoice_moment": InvoiceMoment.COMPLETION,
        "payment_days": 30,
        "attendance_threshold_percent": 80,
        "owner": None,
    },
]


@dataclass(frozen=True)
class DemoTrajectory:
    """One invented client's trajectory and the state where its route stops in the demo."""

    provider: str  # slug
    organisation: str
    contact: str
    state: str
    kind: str
    question: str
    function: str = ""
    client: str = ""  # key of the demo account that asked (the opdrachtgever), else no account
    expected_participants: int = 6
    wishes: str = ""
    preferred_period: str = "Na de zomer"
    location_preference: str = LocationPreference.EITHER
    place: str = ""
    talk_notes: str = ""
    # Invited to the introduction with the group: (name, what they expect, or "" when they wrote nothing).
    invitees: tuple[tuple[str, str], ...] = ()
    focus: str = ""
    agreement: dict = field(default_factory=dict)  # what the quote agrees on beyond the provider's defaults
    # The client's note (a change or a decline) or the reason the trajectory ends.
    ending: str = ""


K = TrajectoryKind
TRAJECTORIES = [
    DemoTrajectory(
        VELDKAMP,
        "Zorggroep Korenbloem",
        "Petra Willems",
        S.REQUESTED,
        K.NEW_GROUP,
        "We hebben zes nieuwe gezinshuisouders en willen dat zij samen leren reflecteren.",
        function="Regiomanager",
        wishes="Graag op een doordeweekse avond.",
    ),
    DemoTrajectory(
        VELDKAMP,
        "Jeugdzorg Rivierenland",
        "Mirjam de Boer",
        S.TALK_PLANNED,
        K.NEW_IMPULSE,
        "Onze intervisiegroep bestaat al drie jaar maar de bijeenkomsten zijn een praatuurtje geworden.",
        function="Teamleider",
    ),
    DemoTrajectory(
        VELDKAMP,
        "Stichting Kleinschalig Wonen",
        "Henk Bos",
        S.TALK_DECLINED,
        K.NEW_GROUP,
        "We zoeken iemand die een groep van twaalf mensen kan begeleiden.",
        expected_participants=12,
        talk_notes="Organisatie wil snel starten; budget nog niet rond.",
        ending=(
            "Een groep van twaalf is te groot voor intervisie. Splits de groep in tweeën: dan help ik je "
            "graag verder."
        ),
    ),
    DemoTrajectory(
        VELDKAMP,
        "Gezinshuizen Lindehof",
        "Karin Post",
        S.INTRODUCTION_PLANNED,
        K.NEW_GROUP,
        "Vijf gezinshuisouders willen met intervisie beginnen en zoeken iemand die hen op weg helpt.",
        function="Coördinator gezinshuizen",
        expected_participants=5,
        location_preference=LocationPreference.ON_SITE,
        place="Amersfoort",
        talk_notes="Enthousiaste groep; twee van hen deden eerder intervisie in een andere organisatie.",
        invitees=(
            ("Ilse Verhagen", "Ik hoop te leren hoe ik een lastige situatie thuis helder kan inbrengen."),
            (
                "Mehmet Kaya",
                "Dat we elkaar leren kennen en een vaste manier vinden om casussen te bespreken.",
            ),
            ("Annelies Roos", ""),
            ("Gerrit Post", ""),
        ),
    ),
    DemoTrajectory(
        VELDKAMP,
        "Jeugdhulp Zonnedauw",
        "Bas Kramer",
        S.INTRODUCTION_HELD,
        K.NEW_IMPULSE,
        "Onze groep jeugdzorgwerkers wil weer scherper leren doorvragen.",
        function="Praktijkopleider",
        location_preference=LocationPreference.ONLINE,
        invitees=(
            ("Sarah Lambrechts", "Meer structuur in onze bijeenkomsten, met een vaste methode."),
            ("Koen Dekker", "Oefenen met feedback geven zonder dat het een beoordeling wordt."),
            ("Nina Smeets", ""),
        ),
        focus=(
            "Afgesproken focus: doorvragen met reflectieve vragen en feedback geven. We oefenen met de "
            "incidentmethode en sluiten af met afspraken om zelfstandig verder te gaan."
        ),
    ),
    DemoTrajectory(
        VELDKAMP,
        "Gezinshuizen Het Anker",
        "Joris Hendriks",
        S.QUOTE_SENT,
        K.NEW_GROUP,
        "We hebben zes nieuwe gezinshuisouders en willen dat zij samen leren reflecteren.",
        function="Directeur",
        client="opdrachtgever",
        location_preference=LocationPreference.ON_SITE,
        place="Utrecht",
        invitees=(
            ("Wendy Kuijpers", "Leren hoe ik mijn eigen aandeel zie in wat er thuis gebeurt."),
            ("Jeroen Stam", "Een veilige groep waarin ik ook twijfels kan delen."),
            ("Latifa Amrani", ""),
            ("Pieter Vonk", ""),
        ),
        focus=(
            "Afgesproken focus: de groep leert de opzet en voorwaarden van intervisie, oefent met twee "
            "methodes en gaat na vijf bijeenkomsten zelfstandig verder."
        ),
        agreement={"meeting_place": "Kantoor Het Anker, Lindelaan 40, Utrecht"},
    ),
    DemoTrajectory(
        VELDKAMP,
        "Wijkteams Heuvelzicht",
        "Ellen Verbeek",
        S.CHANGE_REQUESTED,
        K.NEW_GROUP,
        "Onze wijkteammedewerkers willen intervisie over gezinnen met meervoudige problemen.",
        function="Teamcoach",
        location_preference=LocationPreference.ONLINE,
        invitees=(
            ("Rik Janssens", "Dat ik beter leer luisteren voordat ik met oplossingen kom."),
            ("Sofie Hermans", "Samen stilstaan bij casussen waar we vastlopen."),
            ("Yusuf Aydın", ""),
        ),
        focus="Afgesproken focus: luisteren, doorvragen en de roddelmethode.",
        agreement={"meetings_count": 6, "fee_mode": FeeMode.TOTAL, "fee": Decimal("1800.00")},
        ending="Kunnen het vier bijeenkomsten worden, op dinsdagmiddag in plaats van 's avonds?",
    ),
    DemoTrajectory(
        VELDKAMP,
        "Woongroepen De Wilgenhoek",
        "Arjen Kok",
        S.QUOTE_DECLINED,
        K.NEW_IMPULSE,
        "Onze begeleiders van de woongroepen willen hun intervisie nieuw leven inblazen.",
        function="Manager wonen",
        location_preference=LocationPreference.ON_SITE,
        place="Nieuwegein",
        invitees=(
            ("Marieke Bosman", "Weer met plezier naar intervisie gaan."),
            ("Dennis Wouters", "Een methode die ons helpt om bij één vraag te blijven."),
            ("Chantal Meijer", ""),
        ),
        focus="Afgesproken focus: een nieuwe start met de incidentmethode en vaste rollen.",
        ending="We hebben binnen onze organisatie iemand gevonden die de groep gaat begeleiden. Dank voor de offerte.",
    ),
    DemoTrajectory(
        VELDKAMP,
        "Stichting Kleine Haven",
        "Loes van Wijk",
        S.CANCELLED,
        K.NEW_GROUP,
        "Wij willen intervisie voor onze pleegzorgbegeleiders.",
        function="Beleidsmedewerker",
        ending="De organisatie stelt de intervisie uit tot volgend jaar; het budget is voor dit jaar ingetrokken.",
    ),
    DemoTrajectory(
        DE_BRUG,
        "Gemeente Voorbeeldstad",
        "Sanne Visser",
        S.REQUESTED,
        K.NEW_GROUP,
        "Wij willen intervisie aanbieden aan de pleegouders en gezinshuisouders in onze gemeente.",
        function="Beleidsadviseur jeugd",
    ),
    DemoTrajectory(
        DE_BRUG,
        "Gezinshuisnetwerk Vaartland",
        "Tom Verhoef",
        S.QUOTE_SENT,
        K.NEW_GROUP,
        "Acht gezinshuisouders uit ons netwerk willen een eigen intervisiegroep starten.",
        function="Netwerkcoördinator",
        expected_participants=8,
        location_preference=LocationPreference.ONLINE,
        invitees=(
            ("Gijs Bakker", "Een groep waarin we elkaar scherp houden."),
            ("Rosa Lindeman", "Leren hoe je een casus kort en helder inbrengt."),
            ("Hugo Prins", ""),
        ),
        focus="Afgesproken focus: de roddelmethode en feedback geven en ontvangen.",
    ),
    DemoTrajectory(
        VELDKAMP,
        "Gezinshuiszorg Friesland",
        "Hilde Postma",
        S.RUNNING,
        K.NEW_GROUP,
        "Vier gezinshuisouders in Friesland willen samen leren reflecteren en daarna zelf verder.",
        function="Manager gezinshuizen",
        location_preference=LocationPreference.ON_SITE,
        place="Heerenveen",
        # Members of the demo who accept their invitation (their accounts exist), and one who has not yet.
        invitees=(
            ("Jelle Hoekstra", "Dat we een vaste opzet leren die we zelf kunnen volhouden."),
            ("Sietske Bouma", "Leren doorvragen zonder meteen advies te geven."),
            ("Wietse Zijlstra", ""),
            ("Ruben Claes", ""),
        ),
        focus=(
            "Afgesproken focus: de opzet van een bijeenkomst, de incidentmethode en feedback geven; na "
            "vijf bijeenkomsten leidt de groep zichzelf."
        ),
        agreement={
            "meeting_place": "Gezinshuiszorg Friesland, Stationsweg 12, Heerenveen",
            "participants_count": 4,
        },
        ending="Hilde Postma",  # who accepts the quote for the client
    ),
    DemoTrajectory(
        VELDKAMP,
        "Gezinshuizen De Meerpaal",
        "Karin Dekker",
        S.CLOSED,
        K.NEW_GROUP,
        "Onze gezinshuisouders in de regio Zwolle willen weer scherp worden in hun intervisie.",
        function="Coördinator gezinshuizen",
        location_preference=LocationPreference.ON_SITE,
        place="Zwolle",
        invitees=(
            ("Annemiek de Boer", "Meer structuur in onze bijeenkomsten."),
            ("Tessa van Rijn", ""),
            ("Priya Ramdin", "Leren feedback te geven zonder te oordelen."),
            ("Hanna Kroes", ""),
        ),
        focus="Afgesproken focus: structuur van een bijeenkomst, twee methodes en zelfsturing.",
        agreement={"meeting_place": "De Meerpaal, Thorbeckegracht 3, Zwolle", "participants_count": 4},
        ending="Karin Dekker",
    ),
    DemoTrajectory(
        VELDKAMP,
        "Jeugdhulp Rivierenland",
        "Sander Kok",
        S.REPORTING,
        K.NEW_GROUP,
        "Vier ambulant hulpverleners willen een eigen intervisiegroep opzetten.",
        function="Teamleider",
        location_preference=LocationPreference.ON_SITE,
        place="Tiel",
        invitees=(
            ("Esra Demir", ""),
            ("Ilona Groen", "Een vaste manier om casussen te bespreken."),
            ("Martijn Lammers", ""),
            ("Samira Ouali", ""),
        ),
        focus="Afgesproken focus: de incidentmethode en reflectieve vragen stellen.",
        agreement={"meeting_place": "Jeugdhulp Rivierenland, Kerkstraat 8, Tiel", "participants_count": 4},
        ending="Sander Kok",
    ),
]


# The main line of the route up to the quote; the other states end it, each after one of these.
MAIN_ROUTE = (S.REQUESTED, S.TALK_PLANNED, S.INTRODUCTION_PLANNED, S.INTRODUCTION_HELD, S.QUOTE_SENT)
ENDS_AFTER = {
    S.TALK_DECLINED: S.TALK_PLANNED,
    S.CANCELLED: S.TALK_PLANNED,
    S.CHANGE_REQUESTED: S.QUOTE_SENT,
    S.QUOTE_DECLINED: S.QUOTE_SENT,
    S.RUNNING: S.QUOTE_SENT,
    S.REPORTING: S.RUNNING,
    S.REPORT_SENT: S.REPORTING,
    S.CLOSED: S.REPORT_SENT,
}


def route_to(state: str) -> list[str]:
    """The states a demo trajectory passes through to reach ``state``, from the request on."""
    if state in ENDS_AFTER:
        return [*route_to(ENDS_AFTER[state]), state]
    return list(MAIN_ROUTE[: MAIN_ROUTE.index(state) + 1])


def _at(days: int, hour: int) -> datetime:
    """A whole hour ``days`` from today, local time (the demo's dates move with the day it is loaded)."""
    return timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=days), time(hour)))


def _address(name: str) -> str:
    return f"{slugify(name).replace('-', '.')}@{DEMO_DOMAIN}"


def _agreement(trajectory: Trajectory, spec: DemoTrajectory) -> dict:
    """What the quote agrees on, in the shape of ``QuoteForm.agreement()``: the provider's defaults, the
    spec's own terms, and a meeting every four weeks from three weeks on."""
    provider = trajectory.provider
    values = {
        "meetings_count": 5,
        "participants_count": min(max(trajectory.expected_participants, 4), 8),
        "meeting_minutes": provider.meeting_minutes,
        "meeting_place": trajectory.place or "Online (de link staat in de uitnodiging)",
        "fee_mode": FeeMode.PER_MEETING,
        "fee": provider.fee_per_meeting,
        "travel_costs": provider.travel_costs if trajectory.place else Decimal("0.00"),
        "reader_included": True,
        "invoice_moment": provider.invoice_moment,
        "attendance_threshold_percent": provider.attendance_threshold_percent,
        **spec.agreement,
    }
    values["proposed_dates"] = [_at(21 + 28 * n, 19).isoformat() for n in range(values["meetings_count"])]
    return {name: values[name] for name in AGREEMENT_FIELDS}


def _take_step(trajectory: Trajectory, state: str, spec: DemoTrajectory, by) -> None:
    """Move ``trajectory`` one step to ``state`` through the domain function a user's click would call.
    Talks and introductions lie in the past when the route goes on after them."""
    if state == S.TALK_PLANNED:
        days = {S.TALK_PLANNED: 6, S.CANCELLED: 9, S.TALK_DECLINED: -4}.get(spec.state, -35)
        starts = _at(days, 10)
        set_trajectory_state(
            trajectory,
            S.TALK_PLANNED,
            by=by,
            fields={
                "talk_starts_at": starts,
                "talk_ends_at": starts + timedelta(hours=1),
                "talk_location": "Online (de link volgt per e-mail)",
                "begeleider": by,
            },
        )
    elif state == S.TALK_DECLINED:
        set_trajectory_state(
            trajectory,
            S.TALK_DECLINED,
            by=by,
            fields={"decline_reason": spec.ending, "talk_notes": spec.talk_notes},
        )
    elif state == S.INTRODUCTION_PLANNED:
        starts = _at(12 if spec.state == S.INTRODUCTION_PLANNED else -14, 19)
        set_trajectory_state(
            trajectory,
            S.INTRODUCTION_PLANNED,
            by=by,
            fields={
                "intro_starts_at": starts,
                "intro_ends_at": starts + timedelta(minutes=90),
                "intro_location": trajectory.place or "Online (de link volgt per e-mail)",
                "talk_notes": spec.talk_notes,
            },
        )
        invites = invite_to_introduction(
            trajectory=trajectory, people=[(name, _address(name)) for name, _text in spec.invitees], by=by
        )
        expectations = dict(spec.invitees)
        for invite in invites:
            if expectations.get(invite.name):
                note_expectations(invite=invite, expectations=expectations[invite.name])
    elif state == S.INTRODUCTION_HELD:
        set_trajectory_state(trajectory, S.INTRODUCTION_HELD, by=by, fields={"agreed_focus": spec.focus})
    elif state == S.QUOTE_SENT:
        send_quote(
            trajectory=trajectory,
            agreement=_agreement(trajectory, spec),
            introduction=spec.focus,
            terms=trajectory.provider.cancellation_terms,
            valid_until=timezone.localdate() + timedelta(days=trajectory.provider.validity_days),
            by=by,
        )
    elif state in (S.CHANGE_REQUESTED, S.QUOTE_DECLINED):
        answer = QuoteAnswer.CHANGE if state == S.CHANGE_REQUESTED else QuoteAnswer.DECLINE
        answer_quote(quote=trajectory.quote, answer=answer, note=spec.ending)
    elif state == S.RUNNING:
        answer_quote(
            quote=trajectory.quote, answer=QuoteAnswer.ACCEPT, name=spec.ending, function=spec.function
        )
        trajectory.refresh_from_db()
        # The invitees with an account take up their invitation; the last one has not yet.
        invites = list(trajectory.participant_invites.order_by("name"))
        for invite in invites[:-1]:
            user = User.objects.filter(email=invite.email).first()
            if user is not None:
                accept_participation(invite=invite, user=user)
                reader_opened(trajectory=trajectory, user=user)
    elif state == S.REPORTING:
        _history(trajectory, by)
        report_start(trajectory=trajectory, by=by)
        report = trajectory.report
        report_save(report=report, text=REPORT_TEXT, by=by)
        if spec.state != S.REPORTING:
            set_report_status(report, ReportStatus.SHARED, by=by)
            for membership in trajectory.group.memberships.filter(state__in=VOTER_STATES):
                report_respond(report=report, user=membership.user, approves=True)
    elif state == S.REPORT_SENT:
        set_report_status(trajectory.report, ReportStatus.SENT, by=by)
    elif state == S.CLOSED:
        close_trajectory(trajectory=trajectory, by=by)
        for due in invoice_due(trajectory=trajectory):
            make_trajectory_invoice(
                trajectory=trajectory, by=by, issued_on=timezone.localdate(), meeting=due.meeting
            )
    elif state == S.CANCELLED:
        set_trajectory_state(trajectory, S.CANCELLED, by=by, fields={"decline_reason": spec.ending})
    trajectory.refresh_from_db()


REPORT_TEXT = ReportText(
    methods_text="We oefenden met de incidentmethode en de roddelmethode.",
    aspects_text="Alle vier de onderdelen kwamen aan bod, het meest het stellen van reflectieve vragen.",
    conclusions=(
        "De groep heeft een vaste opzet voor een bijeenkomst en kiest zelf een methode die past bij de vraag."
    ),
    advice="Ga zelfstandig verder met een vaste voorzitter per bijeenkomst en evalueer na een half jaar.",
)


def _history(trajectory: Trajectory, by) -> None:
    """The demo's shortcut through time for a trajectory that is further along: its meetings move to the
    past (every four weeks from five months ago), its participants joined before the first, and the
    begeleider registers who came (one person missed two meetings), the participants confirm it, and the
    begeleider notes the aspects practised."""
    meetings = list(trajectory.group.meetings.order_by("starts_at"))
    for number, meeting in enumerate(meetings):
        starts = _at(-150 + 28 * number, 19)
        Meeting.objects.filter(pk=meeting.pk).update(
            starts_at=starts, ends_at=starts + timedelta(minutes=trajectory.meeting_minutes)
        )
    trajectory.group.memberships.update(started_at=_at(-160, 12))
    Quote.objects.filter(pk=trajectory.quote_id).update(answered_at=_at(-170, 12))
    trajectory.quote.refresh_from_db()
    people = [m.user for m in trajectory.group.memberships.select_related("user").order_by("user__name")]
    aspects = list(Aspect.values)
    for number, meeting in enumerate(trajectory.group.meetings.order_by("starts_at")):
        entries = [
            AttendanceEntry(user_id=person.pk, present=not (index == 0 and number in (1, 3)))
            for index, person in enumerate(people)
        ]
        for attendance in attendance_register(meeting=meeting, by=by, entries=entries):
            if attendance.present:
                attendance_confirm(attendance=attendance, user=attendance.user)
        note_meeting_aspects(
            trajectory=trajectory, meeting=meeting, aspects=aspects[number % 4 : number % 4 + 2], by=by
        )


def _request(provider: Provider, spec: DemoTrajectory, users: dict) -> Trajectory:
    client = users[spec.client] if spec.client else None
    data = RequestData(
        kind=spec.kind,
        organisation_name=spec.organisation,
        contact_name=client.name if client else spec.contact,
        contact_email=client.email if client else _address(spec.contact),
        contact_phone="030 000 00 00",
        contact_function=spec.function,
        expected_participants=spec.expected_participants,
        question=spec.question,
        wishes=spec.wishes,
        preferred_period=spec.preferred_period,
        location_preference=spec.location_preference,
        place=spec.place,
    )
    return trajectory_request(provider=provider, data=data, by=client)


def trajectories_demo_load(*, users: dict, log=lambda message: None) -> dict:
    """Two providers (the demo begeleider owns the first) and their trajectories, each walked to where
    its route stops in ``TRAJECTORIES``. Returns counts: providers, trajectories."""
    providers, owners = {}, {}
    methods = list(Method.objects.in_library().order_by("pk")[:3])
    for spec in PROVIDERS:
        values = {k: v for k, v in spec.items() if k not in {"slug", "owner"}}
        provider, created = upsert(Provider, {"slug": spec["slug"]}, values)
        if created:
            provider.methods.set(methods)
        if spec["owner"]:
            owners[spec["slug"]] = users[spec["owner"]]
            upsert(ProviderMember, {"provider": provider, "user": owners[spec["slug"]]}, {"is_owner": True})
        providers[spec["slug"]] = provider
    for spec in TRAJECTORIES:
        provider = providers[spec.provider]
        trajectory = Trajectory.objects.filter(provider=provider, organisation_name=spec.organisation).first()
        if trajectory is None:
            trajectory = _request(provider, spec, users)
            log(f"Traject {spec.organisation}: {trajectory.get_state_display()}")
        route = route_to(spec.state)
        if trajectory.state not in route:
            continue  # moved elsewhere while someone tried the demo: theirs to keep
        for state in route[route.index(trajectory.state) + 1 :]:
            _take_step(trajectory, state, spec, owners.get(spec.provider))
            log(f"Traject {spec.organisation}: {trajectory.get_state_display()}")
    return {
        "providers": Provider.objects.filter(slug__in=providers).count(),
        "trajectories": Trajectory.objects.filter(provider__in=providers.values()).count(),
    }

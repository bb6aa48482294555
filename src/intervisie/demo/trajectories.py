"""Invented providers of guided intervision and their clients' requests (issue 12): the demo begeleider
works for "Praktijk Veldkamp Intervisie" and sees requests in the first states of the route; a second
provider, a small training firm, has its own. The demo client (opdrachtgever) follows one of them.

Everything goes through ``trajectories.domain`` (requests and state changes are audited, and their
e-mails wait in the outbox). Idempotent: providers are keyed on their slug and a request on its provider
and organisation; a second run adds nothing. Dates are relative to the day of the first load.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from intervisie.demo.base import DEMO_DOMAIN, upsert
from intervisie.groups.models import Method
from intervisie.providers.enums import InvoiceMoment, ProviderKind
from intervisie.providers.models import Provider, ProviderMember
from intervisie.trajectories.domain import RequestData, set_trajectory_state, trajectory_request
from intervisie.trajectories.enums import TrajectoryState as S
from intervisie.trajectories.models import Trajectory

PROVIDERS = [
    {
        "slug": "praktijk-veldkamp-intervisie-demo",
        "name": "Praktijk Veldkamp Intervisie",
        "kind": ProviderKind.PRACTICE,
        "description": (
            "Ik begeleid intervisiegroepen van gezinshuisouders en jeugdzorgwerkers. In vijf bijeenkomsten "
            "leert je groep de methodes en vaardigheden om daarna zelf verder te gaan."
        ),
        "email": f"praktijk-veldkamp@{DEMO_DOMAIN}",
        "phone": "06 00 00 01 04",
        "city": "Utrecht",
        "regions": ["UT", "GE", "NH"],
        "registers": ["LVSC"],
        "online": True,
        "on_site": True,
        "nrto_member": True,
        "crkbo_registered": True,
        "indicative_price": "Vanaf € 325 per bijeenkomst van 2,5 uur",
        "fee_per_meeting": Decimal("325.00"),
        "travel_costs": Decimal("35.00"),
        "reader_price": Decimal("15.00"),
        "invoice_moment": InvoiceMoment.ACCEPTANCE,
        "owner": "begeleider",
    },
    {
        "slug": "leerhuis-de-brug-demo",
        "name": "Leerhuis De Brug",
        "kind": ProviderKind.FIRM,
        "description": (
            "Opleidingsbureau voor professionals in de jeugdzorg. Onze begeleiders werken met de "
            "incidentmethode en de roddelmethode, online of bij jullie op locatie."
        ),
        "email": f"leerhuis-de-brug@{DEMO_DOMAIN}",
        "phone": "030 000 00 00",
        "city": "Amersfoort",
        "regions": ["UT", "ZH", "NB", "OV"],
        "registers": ["NVO", "LVSC"],
        "online": True,
        "on_site": True,
        "nrto_member": False,
        "crkbo_registered": False,
        "indicative_price": "€ 1.650 voor vijf bijeenkomsten, excl. btw",
        "fee_per_meeting": Decimal("330.00"),
        "travel_costs": Decimal("0.00"),
        "reader_price": Decimal("0.00"),
        "invoice_moment": InvoiceMoment.COMPLETION,
        "owner": None,
    },
]

# (provider slug, organisation, contact, state it reaches, kind, question)
REQUESTS = [
    (
        "praktijk-veldkamp-intervisie-demo",
        "Gezinshuizen Het Anker",
        "Joris Hendriks",
        S.REQUESTED,
        "new_group",
        "We hebben zes nieuwe gezinshuisouders en willen dat zij samen leren reflecteren.",
    ),
    (
        "praktijk-veldkamp-intervisie-demo",
        "Jeugdzorg Rivierenland",
        "Mirjam de Boer",
        S.TALK_PLANNED,
        "new_impulse",
        "Onze intervisiegroep bestaat al drie jaar maar de bijeenkomsten zijn een praatuurtje geworden.",
    ),
    (
        "praktijk-veldkamp-intervisie-demo",
        "Stichting Kleinschalig Wonen",
        "Henk Bos",
        S.TALK_DECLINED,
        "new_group",
        "We zoeken iemand die een groep van twaalf mensen kan begeleiden.",
    ),
    (
        "leerhuis-de-brug-demo",
        "Gemeente Voorbeeldstad",
        "Sanne Visser",
        S.REQUESTED,
        "new_group",
        "Wij willen intervisie aanbieden aan de pleegouders en gezinshuisouders in onze gemeente.",
    ),
]


def trajectories_demo_load(*, users: dict, log=lambda message: None) -> dict:
    """Two providers (the demo begeleider owns the first) and requests in the first states of the route.
    Returns counts: providers, trajectories."""
    providers = {}
    methods = list(Method.objects.in_library().order_by("pk")[:3])
    for spec in PROVIDERS:
        values = {k: v for k, v in spec.items() if k not in {"slug", "owner"}}
        provider, created = upsert(Provider, {"slug": spec["slug"]}, values)
        if created:
            provider.methods.set(methods)
        if spec["owner"]:
            upsert(ProviderMember, {"provider": provider, "user": users[spec["owner"]]}, {"is_owner": True})
        providers[spec["slug"]] = provider
    begeleider = users["begeleider"]
    for slug, organisation, contact, state, kind, question in REQUESTS:
        provider = providers[slug]
        if Trajectory.objects.filter(provider=provider, organisation_name=organisation).exists():
            continue
        client = users["opdrachtgever"] if contact == users["opdrachtgever"].name else None
        data = RequestData(
            kind=kind,
            organisation_name=organisation,
            contact_name=contact,
            contact_email=client.email if client else f"{contact.split()[0].lower()}@{DEMO_DOMAIN}",
            contact_phone="030 000 00 00",
            expected_participants=6,
            question=question,
            preferred_period="Na de zomer",
        )
        trajectory = trajectory_request(provider=provider, data=data, by=client)
        if state in {S.TALK_PLANNED, S.TALK_DECLINED}:
            starts = (timezone.localtime() + timedelta(days=6)).replace(
                hour=10, minute=0, second=0, microsecond=0
            )
            set_trajectory_state(
                trajectory,
                S.TALK_PLANNED,
                by=begeleider,
                fields={
                    "talk_starts_at": starts,
                    "talk_ends_at": starts + timedelta(hours=1),
                    "talk_location": "Online (de link volgt per e-mail)",
                    "begeleider": begeleider,
                },
            )
        if state == S.TALK_DECLINED:
            set_trajectory_state(
                trajectory,
                S.TALK_DECLINED,
                by=begeleider,
                fields={
                    "decline_reason": "Een groep van twaalf is te groot voor intervisie. Splits de groep in "
                    "tweeën: dan help ik je graag verder.",
                    "talk_notes": "Organisatie wil snel starten; budget nog niet rond.",
                },
            )
        log(f"Traject {organisation}: {trajectory.get_state_display()}")
    return {
        "providers": Provider.objects.filter(slug__in=providers).count(),
        "trajectories": Trajectory.objects.filter(provider__in=providers.values()).count(),
    }

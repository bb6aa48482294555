"""Steps 4 and 5 of the route: the begeleider sends a quote (numbered, versioned, as PDF), the client reads
it through a signed link and accepts (name, function, time and IP kept), declines or asks for a change
(issue 12)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from intervisie.billing.enums import QuoteStatus
from intervisie.billing.models import Quote
from intervisie.common.models import AuditEntry
from intervisie.trajectories.domain import quote_link
from intervisie.trajectories.enums import TrajectoryState
from tests.factories import ProviderFactory, TrajectoryFactory, UserFactory, give_totp

pytestmark = pytest.mark.django_db
S = TrajectoryState


@pytest.fixture
def bea(db):
    user = UserFactory(email="bea@example.nl", name="Bea Begeleider", roles=["begeleider"])
    give_totp(user)
    return user


@pytest.fixture
def held(bea):
    provider = ProviderFactory(
        name="Praktijk Licht",
        crkbo_registered=True,
        fee_per_meeting=Decimal("325.00"),
        travel_costs=Decimal("25.00"),
        reader_price=Decimal("15.00"),
        cancellation_terms="Kosteloos annuleren tot twee weken voor de eerste bijeenkomst.",
    )
    provider.members.create(user=bea, is_owner=True)
    return TrajectoryFactory(
        provider=provider,
        begeleider=bea,
        state=S.INTRODUCTION_HELD,
        agreed_focus="Oefenen met reflectieve vragen en de incidentmethode.",
    )


def _dates(count: int, first_in_days: int = 30) -> str:
    start = timezone.localdate() + dt.timedelta(days=first_in_days)
    return "\n".join(
        (start + dt.timedelta(weeks=6 * n)).strftime("%d-%m-%Y") + " 19:00" for n in range(count)
    )


def _quote_post(**overrides) -> dict:
    data = {
        "meetings_count": "6",
        "participants_count": "6",
        "meeting_minutes": "150",
        "proposed_dates": _dates(6),
        "meeting_place": "Buurthuis De Linde, Utrecht",
        "fee_mode": "per_meeting",
        "fee": "325,00",
        "travel_costs": "25",
        "reader_included": "on",
        "invoice_moment": "completion",
        "attendance_threshold_percent": "80",
        "introduction": "Zes bijeenkomsten om samen te leren.",
        "terms": "Kosteloos annuleren tot twee weken voor de eerste bijeenkomst.",
        "valid_until": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
    }
    data.update(overrides)
    return {f"quote_sent-{name}": value for name, value in data.items()}


def _send(client, trajectory, **overrides):
    return client.post(f"/trajecten/traject/{trajectory.pk}/stap/quote_sent/", _quote_post(**overrides))


def _answer_url(quote) -> str:
    return quote_link(quote).split("testserver", 1)[-1].replace("http://localhost:8000", "")


def test_the_quote_form_starts_from_the_providers_defaults_and_the_agreed_focus(client, bea, held):
    client.force_login(bea)
    page = client.get(f"/trajecten/traject/{held.pk}/").content.decode()
    assert "Offerte maken en versturen" in page
    assert 'value="325,00"' in page and 'value="25,00"' in page
    assert "Oefenen met reflectieve vragen en de incidentmethode." in page
    assert "Kosteloos annuleren tot twee weken" in page


def test_sending_a_quote_numbers_it_writes_the_agreement_and_mails_the_client_a_link(client, bea, held):
    client.force_login(bea)
    mail.outbox.clear()
    response = _send(client, held)
    assert response.status_code == 302
    held.refresh_from_db()
    quote = held.quote
    assert held.state == S.QUOTE_SENT
    assert (quote.status, quote.version, quote.vat_exempt) == (QuoteStatus.SENT, 1, True)
    assert [(line.quantity, line.unit_price) for line in quote.lines.all()] == [
        (Decimal("6.00"), Decimal("325.00")),
        (Decimal("6.00"), Decimal("25.00")),
        (Decimal("6.00"), Decimal("15.00")),
    ]
    assert held.meetings_count == 6 and len(held.proposed_dates) == 6 and held.meeting_minutes == 150
    assert held.invoice_moment == "completion" and held.attendance_threshold_percent == 80
    (message,) = mail.outbox
    assert message.to == [held.contact_email]
    assert quote.code in message.subject
    assert _answer_url(quote) in message.body
    assert "text/html" in [alternative[1] for alternative in message.alternatives]
    page = client.get(f"/trajecten/traject/{held.pk}/").content.decode()
    assert "Nieuwe versie van de offerte maken" in page and quote.code in page
    assert AuditEntry.objects.filter(action="trajectory.quote_sent").count() == 1


@pytest.mark.parametrize(
    ("overrides", "field_message"),
    [
        ({"proposed_dates": _dates(5)}, "Je noemt 5 data voor 6 bijeenkomsten."),
        ({"proposed_dates": "14-01-2001 19:00\n" + _dates(5)}, "Regel 1 klopt niet."),
        ({"proposed_dates": "volgende week ergens\n" + _dates(5)}, "Regel 1 klopt niet."),
        ({"fee": "drie euro"}, "bijvoorbeeld 325 of 325,50"),
        ({"fee": "-5"}, "Een bedrag kan niet negatief zijn."),
        ({"meetings_count": "12"}, "Een begeleid traject heeft 3 tot 8 bijeenkomsten."),
        ({"meeting_place": ""}, "Vul de plaats in, of ‘online’."),
        ({"valid_until": "2001-01-01"}, "Kies een datum vanaf vandaag."),
        ({"introduction": "x" * 4001}, "Je tekst is te lang."),
    ],
)
def test_a_quote_with_a_mistake_shows_it_at_the_field_keeps_what_was_typed_and_sends_nothing(
    client, bea, held, overrides, field_message
):
    client.force_login(bea)
    mail.outbox.clear()
    response = _send(client, held, **overrides)
    page = response.content.decode()
    assert response.status_code == 200
    assert field_message in page
    assert "Buurthuis De Linde, Utrecht" in page or overrides.get("meeting_place") == ""
    assert Quote.objects.count() == 0 and mail.outbox == []
    held.refresh_from_db()
    assert held.state == S.INTRODUCTION_HELD


def test_a_new_version_supersedes_the_old_one_whose_link_no_longer_takes_an_answer(client, bea, held):
    client.force_login(bea)
    _send(client, held)
    held.refresh_from_db()
    first = held.quote
    _send(client, held, fee="300")
    held.refresh_from_db()
    second = held.quote
    first.refresh_from_db()
    assert (second.number, second.version, second.supersedes) == (first.number, 2, first)
    assert first.status == QuoteStatus.SUPERSEDED
    client.logout()
    page = client.get(_answer_url(first)).content.decode()
    assert "Er is een nieuwere versie van deze offerte." in page and "Akkoord geven" not in page
    response = client.post(
        _answer_url(first),
        {"answer": "accept", "accept-name": "Noor", "accept-function": "Manager", "accept-agree": "on"},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == QuoteStatus.SUPERSEDED
    assert "Akkoord geven" in client.get(_answer_url(second)).content.decode()


@pytest.fixture
def sent(client, bea, held):
    client.force_login(bea)
    _send(client, held)
    client.logout()
    held.refresh_from_db()
    mail.outbox.clear()
    return held


def test_the_client_accepts_with_name_and_function_and_the_trajectory_runs(client, bea, sent):
    url = _answer_url(sent.quote)
    page = client.get(url).content.decode()
    assert "Zes bijeenkomsten om samen te leren." in page and "€ 2.190,00" in page
    assert "Vrijgesteld van btw" in page
    response = client.post(
        url,
        {
            "answer": "accept",
            "accept-name": "Noor de Vries",
            "accept-function": "Teamleider",
            "accept-agree": "on",
        },
        REMOTE_ADDR="192.0.2.7",
    )
    assert response.status_code == 302
    sent.refresh_from_db()
    quote = sent.quote
    assert sent.state == S.RUNNING
    assert (quote.status, quote.answered_name, quote.answered_function, quote.answered_ip) == (
        QuoteStatus.ACCEPTED,
        "Noor de Vries",
        "Teamleider",
        "192.0.2.7",
    )
    assert {m.to[0] for m in mail.outbox} >= {"bea@example.nl", sent.provider.email}
    assert "gaat akkoord" in mail.outbox[0].subject
    page = client.get(url).content.decode()
    assert "Noor de Vries ging op" in page and "Akkoord geven" not in page


def test_a_second_acceptance_from_another_tab_changes_nothing(client, sent):
    url = _answer_url(sent.quote)
    data = {"answer": "accept", "accept-name": "Noor", "accept-function": "Teamleider", "accept-agree": "on"}
    client.post(url, data)
    mail.outbox.clear()
    response = client.post(url, {**data, "accept-name": "Iemand Anders"}, follow=True)
    assert "Op deze offerte is al akkoord gegeven." in response.content.decode()
    sent.quote.refresh_from_db()
    assert sent.quote.answered_name == "Noor" and mail.outbox == []
    assert AuditEntry.objects.filter(action="quote.accepted").count() == 1


def test_accepting_needs_a_name_a_function_and_the_tick(client, sent):
    url = _answer_url(sent.quote)
    response = client.post(url, {"answer": "accept", "accept-name": "Noor", "accept-function": ""})
    page = response.content.decode()
    assert "Vul je functie in." in page and "Vink aan dat je akkoord gaat." in page
    assert 'value="Noor"' in page
    sent.refresh_from_db()
    assert sent.state == S.QUOTE_SENT


def test_declining_needs_a_reason_which_the_client_and_begeleider_see(client, bea, sent):
    url = _answer_url(sent.quote)
    response = client.post(url, {"answer": "decline", "decline-note": ""})
    assert "Schrijf kort op waarom." in response.content.decode()
    client.post(url, {"answer": "decline", "decline-note": "Het budget is dit jaar op."})
    sent.refresh_from_db()
    assert (sent.state, sent.decline_reason) == (S.QUOTE_DECLINED, "Het budget is dit jaar op.")
    assert "Het budget is dit jaar op." in mail.outbox[0].body
    page = client.get(f"/trajecten/volg/{sent.follow_token}/").content.decode()
    assert "Het budget is dit jaar op." in page


def test_asking_for_a_change_lets_the_begeleider_send_a_new_version_from_the_old_terms(client, bea, sent):
    url = _answer_url(sent.quote)
    client.post(url, {"answer": "change", "change-note": "Kunnen het vijf bijeenkomsten worden?"})
    sent.refresh_from_db()
    assert sent.state == S.CHANGE_REQUESTED
    assert "Kunnen het vijf bijeenkomsten worden?" in mail.outbox[0].body
    client.force_login(bea)
    page = client.get(f"/trajecten/traject/{sent.pk}/").content.decode()
    assert "Kunnen het vijf bijeenkomsten worden?" in page
    assert "Buurthuis De Linde, Utrecht" in page  # the form starts from the quote's terms
    _send(client, sent, meetings_count="5", proposed_dates=_dates(5))
    sent.refresh_from_db()
    assert (sent.state, sent.quote.version, sent.meetings_count) == (S.QUOTE_SENT, 2, 5)


def test_an_expired_quote_shows_so_and_takes_no_answer(client, sent):
    Quote.objects.filter(pk=sent.quote_id).update(valid_until=timezone.localdate() - dt.timedelta(days=1))
    url = _answer_url(sent.quote)
    page = client.get(url).content.decode()
    assert "Deze offerte is verlopen." in page and "Akkoord geven" not in page
    client.post(url, {"answer": "accept", "accept-name": "N", "accept-function": "T", "accept-agree": "on"})
    sent.refresh_from_db()
    assert sent.state == S.QUOTE_SENT and sent.quote.status == QuoteStatus.SENT


def test_a_changed_or_made_up_link_is_a_404(client, sent):
    url = _answer_url(sent.quote)
    value = url.rstrip("/").rsplit("/", 1)[-1]
    assert (
        client.get(url.replace(value, value[:-2] + ("AA" if not value.endswith("AA") else "BB"))).status_code
        == 404
    )
    assert client.get("/trajecten/offerte/1/").status_code == 404
    assert client.get("/trajecten/offerte/1/pdf/").status_code == 404


def test_the_quote_pdf_is_for_the_client_link_and_the_providers_begeleiders_only(client, bea, sent):
    response = client.get(_answer_url(sent.quote) + "pdf/")
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    client.force_login(bea)
    assert client.get(f"/trajecten/traject/{sent.pk}/offerte.pdf").content.startswith(b"%PDF")
    for outsider in (
        UserFactory(roles=["begeleider"]),
        UserFactory(is_superuser=True, is_staff=True),
    ):
        give_totp(outsider)
        client.force_login(outsider)
        assert client.get(f"/trajecten/traject/{sent.pk}/offerte.pdf").status_code == 404

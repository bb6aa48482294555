"""Quotes (versions, answers), invoices and credit notes through billing.domain: every transition, every
illegal one (a Dutch message, nothing changed), the VAT rules per line and the numbering."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from intervisie.billing.domain import (
    QUOTE_TRANSITIONS,
    InvoiceTransitionRefused,
    LineData,
    QuoteAnswerRefused,
    QuoteTransitionRefused,
    credit_invoice,
    lines_of,
    mark_invoice_paid,
    set_invoice_status,
    set_quote_status,
)
from intervisie.billing.enums import InvoiceKind, InvoiceStatus, QuoteStatus
from intervisie.billing.models import Counter, Invoice, Quote
from intervisie.billing.selectors import document_totals
from intervisie.common.models import AuditEntry
from tests.billing.documents import RECIPIENT, lines, make_invoice, make_quote, today
from tests.concurrency import in_threads
from tests.factories import ProviderFactory

D = Decimal
Q = QuoteStatus


def actions(obj) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


def expire(quote) -> None:
    """Test setup: the quote's validity ended yesterday."""
    Quote.objects.filter(pk=quote.pk).update(valid_until=today() - dt.timedelta(days=1))


def snapshot(quote) -> dict:
    """Everything a transition could change, to show that a refused one changed nothing."""
    fresh = Quote.objects.get(pk=quote.pk)
    fields = ["status", "sent_at", "answered_at", "answered_name", "answered_function", "answered_ip"]
    return {
        **{field: getattr(fresh, field) for field in fields},
        "answer_note": fresh.answer_note,
        "versions": Quote.objects.filter(provider=quote.provider).count(),
        "audit": AuditEntry.objects.count(),
    }


# --- Creating a quote -----------------------------------------------------------------------------------


def test_create_quote_first_version_is_a_numbered_draft(provider, begeleider_user):
    quote = make_quote(
        provider,
        by=begeleider_user,
        lines=lines(("Bijeenkomst intervisie", "6", "450.00"), ("Reader", "6", "12.50", "0")),
    )

    assert (quote.number, quote.version, quote.code, quote.status) == (1, 1, "OFF-0001-v1", Q.DRAFT)
    assert quote.supersedes is None and quote.vat_exempt is False
    assert quote.created_by == begeleider_user
    assert quote.recipient_organisation == "Gezinshuizen De Linde"
    assert quote.recipient_address == "Lindelaan 4, 3511 AB Utrecht"
    assert [
        (line.position, line.description, line.quantity, line.unit_price, line.vat_rate)
        for line in quote.lines.all()
    ] == [
        (1, "Bijeenkomst intervisie", D("6.00"), D("450.00"), D("21.00")),
        (2, "Reader", D("6.00"), D("12.50"), D("0.00")),
    ]
    assert actions(quote) == ["quote.created"]
    assert make_quote(provider).code == "OFF-0002-v1"


def test_create_quote_valid_until_defaults_to_the_providers_validity(provider):
    quote = make_quote(provider, valid_until=None)

    assert quote.valid_until == today() + dt.timedelta(days=30)


def test_create_quote_of_a_crkbo_provider_is_exempt_on_every_line(exempt_provider):
    quote = make_quote(
        exempt_provider,
        lines=lines(("Bijeenkomst", "6", "450.00", "21"), ("Reiskosten", "6", "25.00")),
    )

    assert quote.vat_exempt is True
    assert [line.vat_rate for line in quote.lines.all()] == [D("0.00"), D("0.00")]
    result = document_totals(quote)
    assert (result.net, result.vat, result.gross) == (D("2850.00"), D("0.00"), D("2850.00"))


def test_vat_of_three_times_33_33_at_21_percent_per_line_and_in_total(provider):
    """99.99 net; 21% is 20.9979 → 21.00; 120.99 in all."""
    quote = make_quote(
        provider,
        lines=lines(("Bijeenkomst", "3", "33.33"), ("Reader", "1", "2.50"), ("Boek", "2", "10.00", "0")),
    )

    result = document_totals(quote)

    # 2.50 at 21% = 0.525 → 0.53 on its own line: the total's VAT is the sum of the lines' VAT.
    assert (result.net, result.vat, result.gross) == (D("122.49"), D("21.53"), D("144.02"))
    assert result.vat_by_rate == {D("21.00"): D("21.53"), D("0.00"): D("0.00")}
    assert result.net_by_rate == {D("21.00"): D("102.49"), D("0.00"): D("20.00")}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (LineData("", D("1"), D("10")), "Regel 2: vul een omschrijving in."),
        (LineData("   ", D("1"), D("10")), "Regel 2: vul een omschrijving in."),
        (LineData("Reader", D("0"), D("10")), "Regel 2: het aantal moet groter zijn dan 0."),
        (LineData("Reader", D("-1"), D("10")), "Regel 2: het aantal moet groter zijn dan 0."),
        (LineData("Reader", D("1"), D("-0.01")), "Regel 2: de prijs mag niet negatief zijn."),
        (LineData("Reader", "veel", D("10")), "Regel 2: het aantal is geen getal."),
        (LineData("Reader", D("1"), 12.5), "Regel 2: de prijs is geen getal."),
        (LineData("Reader", D("1"), D("NaN")), "Regel 2: de prijs is geen getal."),
        (LineData("Reader", D("1"), D("10"), D("9")), "Regel 2: kies een btw-tarief van 0% of 21%."),
        (LineData("Reader", D("10000"), D("1")), "Regel 2: het aantal kan hoogstens 9999 zijn."),
        (LineData("Reader", D("1"), D("1000000")), "Regel 2: de prijs kan hoogstens € 999.999,99 zijn."),
        (
            LineData("Reader", D("1"), D("10.005")),
            "Regel 2: Zorg dat er niet meer dan 2 cijfers achter de komma staan.",
        ),
        (
            LineData("R" * 201, D("1"), D("10")),
            "Regel 2: Zorg dat deze waarde niet meer dan 200 tekens bevat (het zijn er nu 201).",
        ),
    ],
)
def test_create_quote_refuses_a_wrong_line_naming_it(provider, line, message):
    with pytest.raises(ValidationError) as refused:
        make_quote(provider, lines=[*lines(("Bijeenkomst", "6", "450.00")), line])

    assert refused.value.message_dict == {"lines": [message]}
    assert not Quote.objects.exists()
    assert not Counter.objects.exists()  # no number was taken


def test_create_quote_refuses_a_total_above_the_limit(provider, exempt_provider):
    """826,446.27 net is 999,999.99 with 21% VAT (173,553.72); one cent more is refused."""
    quote = make_quote(provider, lines=lines(("Bijeenkomst", "1", "826446.27")))
    assert document_totals(quote).gross == D("999999.99")

    with pytest.raises(ValidationError) as refused:
        make_quote(provider, lines=lines(("Bijeenkomst", "1", "826446.27"), ("Reader", "1", "0.01", "0")))

    assert refused.value.message_dict == {"lines": ["Het totaal kan hoogstens € 999.999,99 zijn."]}
    assert make_quote(exempt_provider, lines=lines(("Bijeenkomst", "1", "999999.99"))).vat_exempt


def test_create_quote_needs_a_line(provider):
    with pytest.raises(ValidationError) as refused:
        make_quote(provider, lines=[])

    assert refused.value.message_dict == {"lines": ["Voeg minstens één regel toe."]}


def test_create_quote_reports_every_field_at_once(provider):
    with pytest.raises(ValidationError) as refused:
        make_quote(
            provider,
            recipient={**RECIPIENT, "recipient_email": "geen-adres", "recipient_name": " "},
            subject="",
            valid_until=today() - dt.timedelta(days=1),
            lines=lines(("", "1", "10")),
        )

    assert refused.value.message_dict == {
        "recipient_email": ["Voer een geldig e-mailadres in."],
        "recipient_name": ["Dit veld kan niet leeg zijn"],
        "subject": ["Dit veld kan niet leeg zijn"],
        "valid_until": ["Kies een datum vanaf vandaag."],
        "lines": ["Regel 1: vul een omschrijving in."],
    }
    assert not Quote.objects.exists()


def test_create_quote_refuses_an_unknown_recipient_field(provider):
    with pytest.raises(TypeError):
        make_quote(provider, recipient={**RECIPIENT, "recipient_phone": "030"})


# --- Revisions ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [Q.DRAFT, Q.SENT, Q.CHANGE_REQUESTED, Q.EXPIRED])
def test_revision_keeps_the_number_and_supersedes_the_old_version(provider, begeleider_user, status):
    old = quote_in(provider, status)
    make_quote(provider)  # another quote takes number 2

    new = make_quote(
        provider, by=begeleider_user, supersedes=old, lines=lines(("Bijeenkomst", "5", "450.00"))
    )

    old.refresh_from_db()
    assert (new.number, new.version, new.code, new.status) == (1, 2, "OFF-0001-v2", Q.DRAFT)
    assert new.supersedes == old and old.superseded_by == new
    assert old.status == Q.SUPERSEDED
    assert actions(old)[-1] == "quote.superseded" and actions(new) == ["quote.created"]
    assert [line.quantity for line in new.lines.all()] == [D("5.00")]
    assert [line.quantity for line in old.lines.all()] == [D("6.00")]  # the old version is kept as it was
    assert make_quote(provider).number == 3  # a revision took no new number


def test_revision_of_a_revision_counts_the_versions(provider):
    first = make_quote(provider)
    second = make_quote(provider, supersedes=first)

    third = make_quote(provider, supersedes=second, lines=lines_of(second))

    assert [q.code for q in Quote.objects.order_by("version")] == [
        "OFF-0001-v1",
        "OFF-0001-v2",
        "OFF-0001-v3",
    ]
    assert third.supersedes == second
    assert Quote.objects.get(pk=second.pk).status == Q.SUPERSEDED


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (Q.ACCEPTED, "Een offerte met de status ‘Akkoord’ kun je niet meer herzien."),
        (Q.DECLINED, "Een offerte met de status ‘Afgewezen’ kun je niet meer herzien."),
        (
            Q.SUPERSEDED,
            "Een offerte met de status ‘Vervangen door een nieuwe versie’ kun je niet meer herzien.",
        ),
    ],
)
def test_revision_refused_for_an_answered_or_replaced_quote(provider, status, message):
    old = quote_in(provider, status)
    before = snapshot(old)

    with pytest.raises(QuoteTransitionRefused) as refused:
        make_quote(provider, supersedes=old)

    assert refused.value.messages == [message]
    assert snapshot(old) == before


def test_revision_refused_for_another_providers_quote(provider):
    other = make_quote(ProviderFactory())

    with pytest.raises(QuoteTransitionRefused) as refused:
        make_quote(provider, supersedes=other)

    assert refused.value.messages == ["Je kunt alleen een offerte van deze aanbieder herzien."]
    assert Quote.objects.count() == 1 and Quote.objects.get().status == Q.DRAFT


def test_revision_with_a_wrong_line_leaves_the_old_version_as_it_was(provider):
    old = quote_in(provider, Q.SENT)
    before = snapshot(old)

    with pytest.raises(ValidationError):
        make_quote(provider, supersedes=old, lines=lines(("Bijeenkomst", "0", "450.00")))

    assert snapshot(old) == before


# --- The quote's status ---------------------------------------------------------------------------------


def quote_in(provider, status, **fields):
    """A quote of ``provider`` brought to ``status`` through the domain."""
    quote = make_quote(provider, **fields)
    if status == Q.DRAFT:
        return quote
    if status == Q.SUPERSEDED:
        make_quote(provider, supersedes=quote)
        return Quote.objects.get(pk=quote.pk)
    quote = set_quote_status(quote=quote, status=Q.SENT)
    if status == Q.SENT:
        return quote
    if status == Q.EXPIRED:
        expire(quote)
        return set_quote_status(quote=quote, status=Q.EXPIRED)
    return set_quote_status(quote=quote, status=status, name="Noor", function="Directeur", note="Te duur.")


def test_sending_a_draft_records_when(provider, begeleider_user):
    quote = make_quote(provider)

    sent = set_quote_status(quote=quote, status=Q.SENT, by=begeleider_user)

    assert sent.status == Q.SENT and sent.sent_at is not None
    assert Quote.objects.get(pk=quote.pk).sent_at == sent.sent_at
    assert actions(quote) == ["quote.created", "quote.sent"]
    entry = AuditEntry.objects.get(action="quote.sent")
    assert entry.actor == begeleider_user


def test_acceptance_records_who_when_from_where(provider):
    quote = quote_in(provider, Q.SENT)

    accepted = set_quote_status(
        quote=quote,
        status=Q.ACCEPTED,
        name=" Noor Opdrachtgever ",
        function="Directeur",
        ip="192.0.2.10",
        note="Graag starten in september.",
    )

    fresh = Quote.objects.get(pk=quote.pk)
    assert fresh.status == Q.ACCEPTED == accepted.status
    assert (fresh.answered_name, fresh.answered_function, fresh.answered_ip, fresh.answer_note) == (
        "Noor Opdrachtgever",
        "Directeur",
        "192.0.2.10",
        "Graag starten in september.",
    )
    assert fresh.answered_at is not None
    entry = AuditEntry.objects.get(action="quote.accepted")
    assert entry.actor is None  # the client has no account
    assert entry.data == {"name": "Noor Opdrachtgever", "function": "Directeur"}


def test_acceptance_needs_name_and_function(provider):
    quote = quote_in(provider, Q.SENT)
    before = snapshot(quote)

    with pytest.raises(ValidationError) as refused:
        set_quote_status(quote=quote, status=Q.ACCEPTED, name=" ", function="")

    assert refused.value.message_dict == {"name": ["Vul je naam in."], "function": ["Vul je functie in."]}
    assert snapshot(quote) == before


def test_answer_fields_longer_than_they_can_be_stored_are_refused(provider):
    quote = quote_in(provider, Q.SENT)
    before = snapshot(quote)

    with pytest.raises(ValidationError) as refused:
        set_quote_status(
            quote=quote, status=Q.ACCEPTED, name="N" * 121, function="Directeur", note="x" * 2001
        )

    assert refused.value.message_dict == {
        "name": ["Gebruik hoogstens 120 tekens (nu 121)."],
        "note": ["Gebruik hoogstens 2000 tekens (nu 2001)."],
    }
    assert snapshot(quote) == before


def test_an_address_that_is_no_ip_is_not_recorded(provider):
    quote = quote_in(provider, Q.SENT)

    accepted = set_quote_status(
        quote=quote, status=Q.ACCEPTED, name="Noor", function="Directeur", ip="unknown"
    )

    assert accepted.status == Q.ACCEPTED and accepted.answered_ip is None


def test_declining_records_the_reason_which_may_be_empty(provider):
    declined = quote_in(provider, Q.SENT)
    declined = set_quote_status(quote=declined, status=Q.DECLINED, note="We kiezen een ander bureau.")
    silent = set_quote_status(quote=quote_in(provider, Q.SENT), status=Q.DECLINED)

    assert (declined.status, declined.answer_note) == (Q.DECLINED, "We kiezen een ander bureau.")
    assert (silent.status, silent.answer_note) == (Q.DECLINED, "")
    assert declined.answered_at is not None
    assert AuditEntry.objects.filter(action="quote.declined").count() == 2


def test_a_change_request_needs_the_change(provider):
    quote = quote_in(provider, Q.SENT)
    before = snapshot(quote)

    with pytest.raises(ValidationError) as refused:
        set_quote_status(quote=quote, status=Q.CHANGE_REQUESTED, note="  ")

    assert refused.value.message_dict == {"note": ["Schrijf welke wijziging je wilt."]}
    assert snapshot(quote) == before
    changed = set_quote_status(
        quote=quote, status=Q.CHANGE_REQUESTED, name="Noor", note="Vijf bijeenkomsten."
    )
    assert (changed.status, changed.answer_note, changed.answered_name) == (
        Q.CHANGE_REQUESTED,
        "Vijf bijeenkomsten.",
        "Noor",
    )


def test_a_sent_quote_expires_only_after_its_date(provider):
    quote = quote_in(provider, Q.SENT)
    before = snapshot(quote)

    with pytest.raises(QuoteTransitionRefused) as refused:
        set_quote_status(quote=quote, status=Q.EXPIRED)

    assert refused.value.messages == ["Deze offerte is nog geldig."]
    assert snapshot(quote) == before
    expire(quote)
    assert set_quote_status(quote=quote, status=Q.EXPIRED).status == Q.EXPIRED
    assert actions(quote)[-1] == "quote.expired"


def test_an_expired_quote_cannot_be_accepted_before_it_is_marked_expired(provider):
    quote = quote_in(provider, Q.SENT)
    expire(quote)
    before = snapshot(quote)

    with pytest.raises(QuoteAnswerRefused) as refused:
        set_quote_status(quote=quote, status=Q.ACCEPTED, name="Noor", function="Directeur")

    assert refused.value.messages == ["Deze offerte is verlopen. Vraag de aanbieder om een nieuwe."]
    assert snapshot(quote) == before


def test_a_draft_past_its_date_cannot_be_sent(provider):
    quote = make_quote(provider)
    expire(quote)
    before = snapshot(quote)

    with pytest.raises(QuoteTransitionRefused) as refused:
        set_quote_status(quote=quote, status=Q.SENT)

    assert refused.value.messages == [
        "Deze offerte is niet meer geldig. Maak een nieuwe versie met een nieuwe datum."
    ]
    assert snapshot(quote) == before


def test_a_second_acceptance_is_refused_and_the_first_stands(provider):
    """A double click or a second tab: the second answer changes nothing."""
    quote = quote_in(provider, Q.SENT)
    set_quote_status(quote=quote, status=Q.ACCEPTED, name="Noor", function="Directeur", ip="192.0.2.1")
    before = snapshot(quote)

    with pytest.raises(QuoteAnswerRefused) as refused:
        set_quote_status(quote=quote, status=Q.ACCEPTED, name="Piet", function="Teamleider", ip="192.0.2.2")

    assert refused.value.messages == ["Op deze offerte is al akkoord gegeven."]
    assert snapshot(quote) == before
    assert Quote.objects.get(pk=quote.pk).answered_name == "Noor"


ALL = list(Q)
ILLEGAL = [(old, new) for old in ALL for new in ALL if new not in QUOTE_TRANSITIONS[old]]
REFUSALS = {
    Q.DRAFT: "Deze offerte is nog niet verstuurd.",
    Q.ACCEPTED: "Op deze offerte is al akkoord gegeven.",
    Q.DECLINED: "Deze offerte is al beantwoord.",
    Q.CHANGE_REQUESTED: "Deze offerte is al beantwoord.",
    Q.SUPERSEDED: "Deze offerte is vervangen door een nieuwe versie.",
    Q.EXPIRED: "Deze offerte is verlopen.",
}


def test_the_transition_table_allows_what_the_route_needs():
    legal = {(old, new) for old in ALL for new in QUOTE_TRANSITIONS[old]}

    assert legal == {
        (Q.DRAFT, Q.SENT),
        (Q.SENT, Q.ACCEPTED),
        (Q.SENT, Q.DECLINED),
        (Q.SENT, Q.CHANGE_REQUESTED),
        (Q.SENT, Q.EXPIRED),
    }
    assert len(ILLEGAL) == 49 - 5


@pytest.mark.parametrize(("old", "new"), ILLEGAL, ids=[f"{old}-{new}" for old, new in ILLEGAL])
def test_every_illegal_quote_transition_is_refused_and_changes_nothing(provider, old, new):
    quote = quote_in(provider, old)
    before = snapshot(quote)

    with pytest.raises(QuoteTransitionRefused) as refused:
        set_quote_status(quote=quote, status=new, name="Noor", function="Directeur", note="Anders graag.")

    if new in (Q.ACCEPTED, Q.DECLINED, Q.CHANGE_REQUESTED):
        assert isinstance(refused.value, QuoteAnswerRefused)
        assert refused.value.messages == [REFUSALS[old]]
    elif new == Q.SUPERSEDED:
        assert refused.value.messages == ["Een offerte vervang je door een nieuwe versie te maken."]
    else:
        assert refused.value.messages == [f"Van ‘{Q(old).label}’ naar ‘{Q(new).label}’ kan niet."]
    assert snapshot(quote) == before


def test_an_unknown_status_is_refused(provider):
    quote = quote_in(provider, Q.SENT)

    with pytest.raises(QuoteTransitionRefused) as refused:
        set_quote_status(quote=quote, status="paid")

    assert refused.value.messages == ["Van ‘Verstuurd’ naar ‘paid’ kan niet."]


def _accept(quote, name):
    return set_quote_status(quote=quote, status=Q.ACCEPTED, name=name, function="Directeur")


@pytest.mark.django_db(transaction=True)
def test_concurrency_two_acceptances_at_once_give_exactly_one(provider):
    """Two tabs send their acceptance at the same moment. The row lock makes the second wait for the
    first and then see its answer (PostgreSQL); on SQLite the IMMEDIATE transactions serialise them."""
    quote = quote_in(provider, Q.SENT)

    results = in_threads(lambda: _accept(quote, "Noor"), lambda: _accept(quote, "Piet"))

    outcomes = sorted(kind for kind, _ in results)
    assert outcomes == ["error", "ok"], results
    (winner,) = [value for kind, value in results if kind == "ok"]
    (error,) = [value for kind, value in results if kind == "error"]
    assert isinstance(error, QuoteAnswerRefused)
    assert error.messages == ["Op deze offerte is al akkoord gegeven."]
    fresh = Quote.objects.get(pk=quote.pk)
    assert fresh.status == Q.ACCEPTED and fresh.answered_name == winner.answered_name
    assert AuditEntry.objects.filter(action="quote.accepted", object_id=str(quote.pk)).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrency_a_revision_and_an_acceptance_at_once_never_both_win(provider):
    """The client accepts version 1 while the begeleider replaces it: one of them is refused."""
    quote = quote_in(provider, Q.SENT)

    results = in_threads(lambda: _accept(quote, "Noor"), lambda: make_quote(provider, supersedes=quote))

    assert sorted(kind for kind, _ in results) == ["error", "ok"], results
    fresh = Quote.objects.get(pk=quote.pk)
    if results[0][0] == "ok":  # accepted first: the revision was refused
        assert fresh.status == Q.ACCEPTED and Quote.objects.count() == 1
        assert isinstance(results[1][1], QuoteTransitionRefused)
    else:
        assert fresh.status == Q.SUPERSEDED and Quote.objects.count() == 2
        assert isinstance(results[0][1], QuoteAnswerRefused)


# --- Invoices -------------------------------------------------------------------------------------------


def test_create_invoice_numbers_it_in_its_year_and_sets_the_due_date(provider, begeleider_user):
    quote = quote_in(provider, Q.ACCEPTED)

    invoice = make_invoice(
        provider,
        by=begeleider_user,
        issued_on=dt.date(2026, 3, 5),
        reference="PO-2026-17",
        quote=quote,
        lines=lines(("Bijeenkomst intervisie", "6", "450.00"), ("Reiskosten", "6", "23.45")),
    )

    assert (invoice.code, invoice.year, invoice.number, invoice.kind) == (
        "2026-0001",
        2026,
        1,
        InvoiceKind.INVOICE,
    )
    assert (invoice.issued_on, invoice.due_on) == (dt.date(2026, 3, 5), dt.date(2026, 3, 19))  # 14 days
    assert (invoice.status, invoice.paid_on, invoice.vat_exempt) == (InvoiceStatus.OPEN, None, False)
    assert (invoice.quote, invoice.reference, invoice.created_by) == (quote, "PO-2026-17", begeleider_user)
    result = document_totals(invoice)
    # 140.70 travel costs at 21% = 29.547 → 29.55; 2700 at 21% = 567.00.
    assert (result.net, result.vat, result.gross) == (D("2840.70"), D("596.55"), D("3437.25"))
    assert actions(invoice) == ["invoice.created"]
    assert AuditEntry.objects.get(action="invoice.created").data == {"quote": "OFF-0001-v1"}


def test_create_invoice_of_a_crkbo_provider_is_exempt(exempt_provider):
    invoice = make_invoice(exempt_provider, lines=lines(("Bijeenkomst", "3", "33.33", "21")))

    assert invoice.vat_exempt is True
    assert [line.vat_rate for line in invoice.lines.all()] == [D("0.00")]
    result = document_totals(invoice)
    assert (result.net, result.vat, result.gross) == (D("99.99"), D("0.00"), D("99.99"))


def test_invoice_numbers_start_again_each_year_and_keep_their_series(provider):
    codes = [
        make_invoice(provider, issued_on=day).code
        for day in (
            dt.date(2025, 12, 30),
            dt.date(2025, 12, 31),
            dt.date(2026, 1, 2),
            dt.date(2025, 12, 31),  # late: the 2025 series goes on
            dt.date(2026, 1, 3),
        )
    ]

    assert codes == ["2025-0001", "2025-0002", "2026-0001", "2025-0003", "2026-0002"]
    assert make_invoice(ProviderFactory(), issued_on=dt.date(2026, 1, 2)).code == "2026-0001"


def test_a_refused_invoice_takes_no_number(provider):
    make_invoice(provider, issued_on=dt.date(2026, 2, 1))

    with pytest.raises(ValidationError) as refused:
        make_invoice(
            provider,
            issued_on=dt.date(2026, 2, 2),
            recipient={**RECIPIENT, "recipient_organisation": ""},
            lines=[],
        )

    assert refused.value.message_dict == {
        "recipient_organisation": ["Dit veld kan niet leeg zijn"],
        "lines": ["Voeg minstens één regel toe."],
    }
    assert make_invoice(provider, issued_on=dt.date(2026, 2, 3)).code == "2026-0002"


def test_create_invoice_refuses_another_providers_quote(provider):
    quote = make_quote(ProviderFactory())

    with pytest.raises(ValidationError) as refused:
        make_invoice(provider, quote=quote)

    assert refused.value.message_dict == {"quote": ["Deze offerte is van een andere aanbieder."]}
    assert not Invoice.objects.exists()


def test_a_second_live_invoice_for_the_same_purpose_is_refused_until_the_first_is_credited(provider):
    """``purpose`` is the caller's key (a trajectory's moment or meeting): the database refuses a second
    live invoice for it, also when the caller's own check was raced; a credit note frees it."""
    first = make_invoice(provider, purpose="trajectory:1:acceptance")
    other_provider = make_invoice(ProviderFactory(), purpose="trajectory:1:acceptance")

    with pytest.raises(IntegrityError), transaction.atomic():
        make_invoice(provider, purpose="trajectory:1:acceptance")
    credit_note = credit_invoice(invoice=first, by=None, reason="Verkeerd adres.")
    again = make_invoice(provider, purpose="trajectory:1:acceptance")

    year = today().year
    assert (first.code, credit_note.code, again.code) == (f"{year}-0001", f"{year}-0002", f"{year}-0003")
    assert (credit_note.purpose, again.purpose) == ("", "trajectory:1:acceptance")
    assert other_provider.code == f"{year}-0001"


def test_marking_paid_records_the_date(provider, begeleider_user):
    invoice = make_invoice(provider, issued_on=today() - dt.timedelta(days=10))

    paid = mark_invoice_paid(invoice=invoice, paid_on=today(), by=begeleider_user)

    fresh = Invoice.objects.get(pk=invoice.pk)
    assert (fresh.status, fresh.paid_on) == (InvoiceStatus.PAID, today()) == (paid.status, paid.paid_on)
    entry = AuditEntry.objects.get(action="invoice.paid")
    assert (entry.actor, entry.data) == (begeleider_user, {"paid_on": today().isoformat()})


def test_a_payment_recorded_by_mistake_can_be_undone(provider):
    invoice = mark_invoice_paid(invoice=make_invoice(provider), paid_on=today(), by=None)

    reopened = set_invoice_status(invoice=invoice, status=InvoiceStatus.OPEN, by=None)

    assert (reopened.status, reopened.paid_on) == (InvoiceStatus.OPEN, None)
    assert actions(invoice) == ["invoice.created", "invoice.paid", "invoice.open"]


def invoice_snapshot(invoice) -> tuple:
    fresh = Invoice.objects.get(pk=invoice.pk)
    return fresh.status, fresh.paid_on, Invoice.objects.count(), AuditEntry.objects.count()


def test_a_payment_needs_a_date_not_in_the_future(provider):
    invoice = make_invoice(provider)
    before = invoice_snapshot(invoice)

    with pytest.raises(ValidationError) as future:
        mark_invoice_paid(invoice=invoice, paid_on=today() + dt.timedelta(days=1), by=None)
    with pytest.raises(ValidationError) as missing:
        set_invoice_status(invoice=invoice, status=InvoiceStatus.PAID, by=None)

    assert future.value.message_dict == {
        "paid_on": ["Een betaling in de toekomst kun je nog niet vastleggen."]
    }
    assert missing.value.message_dict == {"paid_on": ["Vul de datum van betaling in."]}
    assert invoice_snapshot(invoice) == before


@pytest.mark.parametrize(
    ("start", "status", "message"),
    [
        ("open", InvoiceStatus.OPEN, "Van ‘Open’ naar ‘Open’ kan niet."),
        ("open", InvoiceStatus.CREDITED, "Crediteren doe je met een creditnota."),
        ("paid", InvoiceStatus.PAID, "Deze factuur is al betaald."),
        ("paid", InvoiceStatus.CREDITED, "Crediteren doe je met een creditnota."),
        ("credited", InvoiceStatus.PAID, "Deze factuur is gecrediteerd; de status verandert niet meer."),
        ("credited", InvoiceStatus.OPEN, "Deze factuur is gecrediteerd; de status verandert niet meer."),
        ("credited", InvoiceStatus.CREDITED, "Crediteren doe je met een creditnota."),
        ("open", "sent", "Van ‘Open’ naar ‘sent’ kan niet."),
    ],
)
def test_every_illegal_invoice_transition_is_refused_and_changes_nothing(provider, start, status, message):
    invoice = make_invoice(provider)
    if start == "paid":
        invoice = mark_invoice_paid(invoice=invoice, paid_on=today(), by=None)
    elif start == "credited":
        credit_invoice(invoice=invoice, by=None, reason="Dubbel gefactureerd.")
    before = invoice_snapshot(invoice)

    with pytest.raises(InvoiceTransitionRefused) as refused:
        set_invoice_status(invoice=invoice, status=status, by=None, paid_on=today())

    assert refused.value.messages == [message]
    assert invoice_snapshot(invoice) == before


# --- Credit notes ---------------------------------------------------------------------------------------


def test_crediting_an_open_invoice_makes_a_settled_credit_note(provider, begeleider_user):
    quote = quote_in(provider, Q.ACCEPTED)
    invoice = make_invoice(
        provider,
        quote=quote,
        reference="PO-17",
        issued_on=today(),
        lines=lines(("Bijeenkomst", "3", "33.33"), ("Reader", "1", "2.50")),
    )

    note = credit_invoice(invoice=invoice, by=begeleider_user, reason=" Dubbel gefactureerd. ")

    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.CREDITED and invoice.paid_on is None
    assert (note.kind, note.credits, note.number, note.year) == (
        InvoiceKind.CREDIT_NOTE,
        invoice,
        2,
        today().year,
    )
    assert note.code == f"{today().year}-0002"
    assert (note.status, note.paid_on) == (InvoiceStatus.PAID, today())  # it settles the open invoice
    assert note.credit_reason == "Dubbel gefactureerd."
    assert (note.subject, note.reference, note.quote, note.vat_exempt) == (
        invoice.subject,
        "PO-17",
        quote,
        False,
    )
    assert {f: getattr(note, f) for f in RECIPIENT} == RECIPIENT
    assert [
        (line.position, line.description, line.quantity, line.unit_price, line.vat_rate)
        for line in note.lines.all()
    ] == [
        (1, "Bijeenkomst", D("-3.00"), D("33.33"), D("21.00")),
        (2, "Reader", D("-1.00"), D("2.50"), D("21.00")),
    ]
    original, credit = document_totals(invoice), document_totals(note)
    assert (credit.net, credit.vat, credit.gross) == (-original.net, -original.vat, -original.gross)
    assert (credit.net, credit.vat, credit.gross) == (D("-102.49"), D("-21.53"), D("-124.02"))
    assert actions(invoice) == ["invoice.created", "invoice.credited"]
    assert AuditEntry.objects.get(action="invoice.credited").data == {
        "credit_note": note.code,
        "reason": "Dubbel gefactureerd.",
    }
    assert actions(note) == ["invoice.created"]


def test_crediting_a_paid_invoice_leaves_the_refund_open(provider):
    invoice = mark_invoice_paid(invoice=make_invoice(provider), paid_on=today(), by=None)

    note = credit_invoice(invoice=invoice, by=None, reason="Traject gaat niet door.")

    assert (note.status, note.paid_on) == (InvoiceStatus.OPEN, None)
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid_on) == (
        InvoiceStatus.CREDITED,
        today(),
    )  # the payment stays on record
    refunded = mark_invoice_paid(invoice=note, paid_on=today(), by=None)
    assert (refunded.status, refunded.paid_on) == (InvoiceStatus.PAID, today())


def test_a_credit_note_takes_its_number_in_its_own_year(provider):
    invoice = make_invoice(provider, issued_on=dt.date(2025, 12, 15))
    make_invoice(provider, issued_on=dt.date(2025, 12, 16))

    note = credit_invoice(
        invoice=invoice, by=None, reason="Verkeerde organisatie.", issued_on=dt.date(2026, 1, 6)
    )

    assert note.code == "2026-0001"
    assert (note.issued_on, note.due_on) == (dt.date(2026, 1, 6), dt.date(2026, 1, 20))
    assert make_invoice(provider, issued_on=dt.date(2026, 1, 7)).code == "2026-0002"


def test_crediting_twice_is_refused(provider):
    invoice = make_invoice(provider)
    credit_invoice(invoice=invoice, by=None, reason="Dubbel.")
    before = invoice_snapshot(invoice)

    with pytest.raises(InvoiceTransitionRefused) as refused:
        credit_invoice(invoice=invoice, by=None, reason="Nog eens.")

    assert refused.value.messages == ["Deze factuur is al gecrediteerd."]
    assert invoice_snapshot(invoice) == before


def test_crediting_a_credit_note_is_refused(provider):
    note = credit_invoice(invoice=make_invoice(provider), by=None, reason="Dubbel.")
    before = invoice_snapshot(note)

    with pytest.raises(InvoiceTransitionRefused) as refused:
        credit_invoice(invoice=note, by=None, reason="Toch niet.")

    assert refused.value.messages == ["Een creditnota kun je niet crediteren."]
    assert invoice_snapshot(note) == before


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        (" ", "Schrijf waarom je deze factuur crediteert."),
        ("x" * 301, "Gebruik hoogstens 300 tekens (nu 301)."),
    ],
)
def test_crediting_needs_a_reason(provider, reason, message):
    invoice = make_invoice(provider)
    before = invoice_snapshot(invoice)

    with pytest.raises(ValidationError) as refused:
        credit_invoice(invoice=invoice, by=None, reason=reason)

    assert refused.value.message_dict == {"reason": [message]}
    assert invoice_snapshot(invoice) == before
    assert make_invoice(provider).number == 2  # no number was taken


def test_lines_of_gives_a_documents_lines_as_line_data(provider):
    quote = make_quote(provider, lines=lines(("Bijeenkomst", "6", "450.00"), ("Reader", "6", "12.50", "0")))

    assert lines_of(quote) == [
        LineData("Bijeenkomst", D("6.00"), D("450.00"), D("21.00")),
        LineData("Reader", D("6.00"), D("12.50"), D("0.00")),
    ]

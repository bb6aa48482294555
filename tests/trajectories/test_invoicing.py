"""Step 9 of a guided trajectory: invoices per the accepted quote, at acceptance, after completion or per
meeting held; never twice for the same moment or meeting (also when two requests race); a credit note
frees what it credits; the client gets an e-mail with the link to the PDF (issue 12)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone

from intervisie.billing.domain import lines_of
from intervisie.billing.enums import InvoiceKind, InvoiceStatus
from intervisie.billing.models import Invoice, Quote
from intervisie.billing.selectors import document_totals
from intervisie.common.models import AuditEntry
from intervisie.meetings.enums import MeetingStatus
from intervisie.trajectories.enums import TrajectoryState
from intervisie.trajectories.invoicing import (
    InvoiceRefused,
    agreed_meetings,
    credit_trajectory_invoice,
    invoice_due,
    invoice_due_for,
    invoice_purpose,
    make_trajectory_invoice,
    trajectory_invoices,
)
from intervisie.trajectories.models import Trajectory
from tests.concurrency import in_threads
from tests.factories import GroupFactory, MeetingFactory, past_meeting
from tests.trajectories.invoices import accepted, begeleider, hold, provider_of

pytestmark = pytest.mark.django_db
D = Decimal
S = TrajectoryState


@pytest.fixture
def bea(db):
    return begeleider()


def today():
    return timezone.localdate()


def line_tuples(lines) -> list[tuple]:
    return [(line.description, line.quantity, line.unit_price, line.vat_rate) for line in lines]


def code(number: int) -> str:
    return f"{today().year}-{number:04d}"


# --- At acceptance -------------------------------------------------------------------------------------------


def test_at_acceptance_the_whole_quote_is_due_once_with_its_lines(bea):
    trajectory = accepted(bea, moment="acceptance", meetings=4, travel=D("20.00"), reader=True)

    (due,) = invoice_due(trajectory=trajectory)

    assert due.purpose == f"trajectory:{trajectory.pk}:acceptance"
    assert due.label == f"De hele offerte {trajectory.quote.code}"
    assert line_tuples(due.lines) == line_tuples(lines_of(trajectory.quote))
    assert line_tuples(due.lines) == [
        ("Begeleiding van een intervisiebijeenkomst (150 minuten)", D("4.00"), D("325.00"), D("21.00")),
        ("Reiskosten per bijeenkomst", D("4.00"), D("20.00"), D("21.00")),
        ("Reader over intervisie, per deelnemer", D("6.00"), D("12.50"), D("21.00")),
    ]
    # 1300 + 80 + 75 = 1455 net, 305.55 VAT.
    assert (due.totals.net, due.totals.vat, due.totals.gross) == (D("1455.00"), D("305.55"), D("1760.55"))


def test_making_the_invoice_saves_logs_and_mails_the_client_the_link_to_the_pdf(bea):
    trajectory = accepted(bea, moment="acceptance", meetings=4)
    quote = trajectory.quote

    invoice = make_trajectory_invoice(trajectory=trajectory, by=bea, issued_on=today())

    assert (invoice.code, invoice.kind, invoice.status) == (code(1), InvoiceKind.INVOICE, InvoiceStatus.OPEN)
    assert (invoice.quote, invoice.purpose, invoice.created_by) == (
        quote,
        f"trajectory:{trajectory.pk}:acceptance",
        bea,
    )
    assert invoice.subject == "Begeleide intervisie voor Gezinshuizen De Linde"
    assert (invoice.recipient_organisation, invoice.recipient_name, invoice.recipient_email) == (
        "Gezinshuizen De Linde",
        "Noor Opdrachtgever",
        trajectory.contact_email,
    )
    assert invoice.due_on == today() + dt.timedelta(days=14)
    assert line_tuples(invoice.lines.all()) == line_tuples(lines_of(quote))
    entry = AuditEntry.objects.get(action="trajectory.invoiced")
    assert (entry.object_id, entry.data) == (str(trajectory.pk), {"invoice": code(1)})
    assert AuditEntry.objects.filter(action="invoice.created", object_id=str(invoice.pk)).count() == 1
    (message,) = mail.outbox
    assert message.to == [trajectory.contact_email]
    assert message.subject.endswith(f"Factuur {code(1)} van {trajectory.provider.name}")
    link = f"/trajecten/volg/{trajectory.follow_token}/factuur/{invoice.pk}/pdf/"
    assert link in message.body
    assert "Bedrag: € 1.573,00, te betalen uiterlijk op" in message.body  # 4 × 325 + 21 % VAT
    (html, mimetype) = message.alternatives[0]
    assert mimetype == "text/html" and link in html
    (name, content, mimetype) = message.attachments[0]
    assert (name, mimetype) == (f"factuur-{code(1)}.pdf", "application/pdf") and content.startswith(b"%PDF")
    assert invoice_due(trajectory=trajectory) == []


def test_a_second_invoice_for_the_same_moment_is_refused_and_changes_nothing(bea):
    trajectory = accepted(bea, moment="acceptance")
    make_trajectory_invoice(trajectory=trajectory, by=bea, issued_on=today())
    mail.outbox.clear()

    with pytest.raises(InvoiceRefused) as refused:
        make_trajectory_invoice(trajectory=trajectory, by=bea, issued_on=today())

    assert refused.value.messages == [f"Hiervoor is al een factuur gemaakt: {code(1)}."]
    assert Invoice.objects.count() == 1 and mail.outbox == []
    assert AuditEntry.objects.filter(action="trajectory.invoiced").count() == 1


@pytest.mark.parametrize(
    "state",
    [S.REQUESTED, S.INTRODUCTION_HELD, S.QUOTE_SENT, S.CHANGE_REQUESTED, S.QUOTE_DECLINED, S.CANCELLED],
)
def test_nothing_is_due_before_acceptance_or_after_a_cancellation(bea, state):
    trajectory = accepted(bea, moment="acceptance")
    Trajectory.objects.filter(pk=trajectory.pk).update(state=state)
    trajectory.refresh_from_db()

    assert invoice_due(trajectory=trajectory) == []
    with pytest.raises(InvoiceRefused) as refused:
        make_trajectory_invoice(trajectory=trajectory, by=bea, issued_on=today())

    assert refused.value.messages == [f"Dit kan nu niet: het traject staat op “{S(state).label}”."]
    assert not Invoice.objects.exists()


def test_a_quote_that_was_not_accepted_is_never_invoiced(bea):
    trajectory = accepted(bea, moment="acceptance")
    Quote.objects.filter(pk=trajectory.quote_id).update(status="sent")
    trajectory.refresh_from_db()

    assert invoice_due(trajectory=trajectory) == []


# --- After completion ------------------------------------------------------------------------------------------


def test_after_completion_the_quote_is_due_once_every_meeting_was_held(bea):
    trajectory = accepted(bea, moment="completion", meetings=3)
    assert invoice_due(trajectory=trajectory) == []
    hold(trajectory, 2)
    with pytest.raises(InvoiceRefused) as refused:
        invoice_due_for(trajectory=trajectory)
    assert refused.value.messages == [
        "Deze offerte factureer je na afronding: na de laatste bijeenkomst of als het rapport verstuurd is."
    ]

    hold(trajectory, 3)
    (due,) = invoice_due(trajectory=trajectory)

    assert due.purpose == f"trajectory:{trajectory.pk}:completion"
    assert line_tuples(due.lines) == line_tuples(lines_of(trajectory.quote))


@pytest.mark.parametrize("state", [S.REPORT_SENT, S.CLOSED])
def test_after_completion_the_quote_is_due_once_the_report_went_out(bea, state):
    trajectory = accepted(bea, moment="completion", meetings=3)
    hold(trajectory, 1)
    Trajectory.objects.filter(pk=trajectory.pk).update(state=state)
    trajectory.refresh_from_db()

    invoice = make_trajectory_invoice(trajectory=trajectory, by=bea, issued_on=today())

    assert invoice.purpose == f"trajectory:{trajectory.pk}:completion"
    assert invoice_due(trajectory=trajectory) == []


def test_the_whole_quote_is_not_invoiced_per_meeting(bea):
    trajectory = accepted(bea, moment="completion", meetings=3)
    meetings = hold(trajectory, 3)

    with pytest.raises(InvoiceRefused) as refused:
        make_trajectory_invoice(trajectory=trajectory, by=bea, issued_on=today(), meeting=meetings[0])

    assert refused.value.messages == ["Bij dit traject factureer je de hele offerte in één keer."]


# --- Per meeting ------------------------------------------------------------------------------------------------


def test_per_meeting_each_meeting_held_is_due_with_the_reader_on_the_first(bea):
    trajectory = accepted(bea, moment="per_meeting", meetings=4, travel=D("20.00"), reader=True)
    meetings = hold(trajectory, 2)

    first, second = invoice_due(trajectory=trajectory)

    date = [formats.date_format(timezone.localdate(m.starts_at), "j F Y") for m in meetings[:2]]
    assert (first.meeting, first.number, second.meeting, second.number) == (meetings[0], 1, meetings[1], 2)
    assert first.purpose == f"trajectory:{trajectory.pk}:meeting:{meetings[0].pk}"
    assert (first.label, second.label) == (
        f"Bijeenkomst 1 van 4 op {date[0]}",
        f"Bijeenkomst 2 van 4 op {date[1]}",
    )
    descriptions = [line.description for line in first.lines]
    assert descriptions == [
        f"Begeleiding van een intervisiebijeenkomst (150 minuten): bijeenkomst 1 van 4 op {date[0]}",
        f"Reiskosten per bijeenkomst: bijeenkomst 1 van 4 op {date[0]}",
        "Reader over intervisie, per deelnemer",
    ]
    assert [(line.quantity, line.unit_price) for line in first.lines] == [
        (D(1), D("325.00")),
        (D(1), D("20.00")),
        (D("6.00"), D("12.50")),
    ]
    assert [(line.quantity, line.unit_price) for line in second.lines] == [
        (D(1), D("325.00")),
        (D(1), D("20.00")),
    ]


def test_per_meeting_invoices_add_up_to_the_quote(bea):
    trajectory = accepted(bea, moment="per_meeting", meetings=4, travel=D("17.35"), reader=True)
    meetings = hold(trajectory, 4)

    invoices = [
        make_trajectory_invoice(trajectory=trajectory, by=bea, issued_on=today(), meeting=meeting)
        for meeting in meetings
    ]

    assert [invoice.code for invoice in invoices] == [code(n) for n in (1, 2, 3, 4)]
    assert sum(document_totals(invoice).net for invoice in invoices) == document_totals(trajectory.quote).net
    assert invoice_due(trajectory=trajectory) == []
    assert invoices[1].subject.startswith(
        "Begeleide intervisie voor Gezinshuizen De Linde, bijeenkomst 2 van 4 op"
    )


def test_a_total_fee_is_split_per_meeting_and_the_last_takes_the_rounding(bea):
    trajectory = accepted(bea, moment="per_meeting", meetings=3, fee_mode="total", fee=D("1000.00"))
    meetings = hold(trajectory, 3)

    dues = invoice_due(trajectory=trajectory)

    assert [due.lines[0].unit_price for due in dues] == [D("333.33"), D("333.33"), D("333.34")]
    assert (
        dues[0]
        .lines[0]
        .description.startswith(
            "Begeleid intervisietraject: 3 bijeenkomsten van 150 minuten: deel 1 van 3, bijeenkomst 1 van 3 op"
        )
    )
    made = [
        make_trajectory_invoice(trajectory=trajectory, by=bea, issued_on=today(), meeting=meeting)
        for meeting in meetings
    ]
    assert sum(document_totals(invoice).net for invoice in made) == D("1000.00")


def test_a_meeting_is_invoiced_once_and_only_after_it_took_place(bea):
    trajectory = accepted(bea, moment="per_meeting", meetings=4)
    meetings = hold(trajectory, 1)
    make_trajectory_invoice(trajectory=trajectory, by=bea, issued_on=today(), meeting=meetings[0])

    refusals = {}
    for name, meeting in (("again", meetings[0]), ("future", meetings[1]), ("none", None)):
        with pytest.raises(InvoiceRefused) as refused:
            make_trajectory_invoice(trajectory=trajectory, by=bea, issued_on=today(), meeting=meeting)
        refusals[name] = refused.value.messages

    assert refusals == {
        "again": [f"Hiervoor is al een factuur gemaakt: {code(1)}."],
        "future": ["Deze bijeenkomst is nog niet geweest."],
        "none": ["Bij dit traject maak je een factuur per bijeenkomst."],
    }
    assert Invoice.objects.count() == 1


def test_only_the_meetings_the_quote_pays_for_are_invoiced(bea):
    """An existing group's meetings before the acceptance are not the trajectory's; a meeting added
    beyond the quoted number is not in the quote; a cancelled meeting did not take place."""
    existing = GroupFactory(name="Intervisie Gezinshuizen Noord")
    before = past_meeting(existing, days_ago=90, title="Van voor het traject")
    trajectory = accepted(bea, moment="per_meeting", meetings=3, kind="new_impulse", existing_group=existing)
    hold(trajectory, 3)
    extra = MeetingFactory(group=existing, title="Extra", starts_at=timezone.now() - dt.timedelta(minutes=1))
    cancelled = past_meeting(existing, days_ago=30, title="Afgelast", status=MeetingStatus.CANCELLED)

    meetings = agreed_meetings(trajectory)
    dues = invoice_due(trajectory=trajectory)

    assert len(meetings) == 3 and not {before, extra, cancelled} & set(meetings)
    assert [due.meeting for due in dues] == meetings
    with pytest.raises(InvoiceRefused) as refused:
        make_trajectory_invoice(trajectory=trajectory, by=bea, issued_on=today(), meeting=before)
    assert refused.value.messages == ["Deze bijeenkomst hoort niet bij de offerte van dit traject."]
    other_group = MeetingFactory(starts_at=timezone.now() - dt.timedelta(days=3))
    with pytest.raises(InvoiceRefused):
        make_trajectory_invoice(trajectory=trajectory, by=bea, issued_on=today(), meeting=other_group)


# --- The invoice date ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (1, "Een factuurdatum in de toekomst kan niet."),
        (-61, "Kies een factuurdatum op of na het akkoord op de offerte ({date})."),
    ],
)
def test_an_invoice_date_in_the_future_or_before_the_acceptance_is_refused(bea, days, message):
    trajectory = accepted(bea, moment="acceptance")
    accepted_on = timezone.localdate(Quote.objects.get(pk=trajectory.quote_id).answered_at)

    with pytest.raises(ValidationError) as refused:
        make_trajectory_invoice(trajectory=trajectory, by=bea, issued_on=today() + dt.timedelta(days=days))

    assert refused.value.message_dict == {
        "issued_on": [message.format(date=formats.date_format(accepted_on, "j F Y"))]
    }
    assert not Invoice.objects.exists() and mail.outbox == []
    # No number was used: the next invoice is the first.
    assert make_trajectory_invoice(trajectory=trajectory, by=bea, issued_on=today()).code == code(1)


def test_a_meetings_invoice_is_not_dated_before_the_meeting(bea):
    trajectory = accepted(bea, moment="per_meeting", meetings=3)
    meetings = hold(trajectory, 1)
    held_on = timezone.localdate(meetings[0].starts_at)

    with pytest.raises(ValidationError) as refused:
        make_trajectory_invoice(
            trajectory=trajectory, by=bea, issued_on=held_on - dt.timedelta(days=1), meeting=meetings[0]
        )

    assert refused.value.message_dict == {
        "issued_on": [
            f"Kies een factuurdatum op of na de bijeenkomst ({formats.date_format(held_on, 'j F Y')})."
        ]
    }
    invoice = make_trajectory_invoice(trajectory=trajectory, by=bea, issued_on=held_on, meeting=meetings[0])
    assert invoice.issued_on == held_on


# --- Credit notes ---------------------------------------------------------------------------------------------


def test_a_credit_note_frees_the_moment_so_it_can_be_invoiced_again(bea):
    trajectory = accepted(bea, moment="acceptance")
    invoice = make_trajectory_invoice(trajectory=trajectory, by=bea, issued_on=today())
    mail.outbox.clear()

    credit_note = credit_trajectory_invoice(
        trajectory=trajectory, invoice=invoice, by=bea, reason="Verkeerde tenaamstelling."
    )

    assert (credit_note.code, credit_note.kind, credit_note.credits) == (
        code(2),
        InvoiceKind.CREDIT_NOTE,
        invoice,
    )
    assert Invoice.objects.get(pk=invoice.pk).status == InvoiceStatus.CREDITED
    entry = AuditEntry.objects.get(action="trajectory.credited")
    assert entry.data == {"invoice": code(1), "credit_note": code(2)}
    (message,) = mail.outbox
    assert message.to == [trajectory.contact_email]
    assert message.subject.endswith(f"Creditnota {code(2)} van {trajectory.provider.name}")
    assert f"creditnota {code(2)}. Daarmee vervalt factuur {code(1)}." in message.body
    assert "De reden: Verkeerde tenaamstelling." in message.body
    assert f"/trajecten/volg/{trajectory.follow_token}/factuur/{credit_note.pk}/pdf/" in message.body
    (due,) = invoice_due(trajectory=trajectory)
    again = make_trajectory_invoice(trajectory=trajectory, by=bea, issued_on=today())
    assert (due.purpose, again.code) == (invoice_purpose(trajectory), code(3))
    assert [i.code for i in trajectory_invoices(trajectory=trajectory)] == [code(1), code(2), code(3)]


def test_crediting_another_trajectorys_invoice_or_twice_is_refused(bea):
    trajectory = accepted(bea, moment="acceptance")
    other = accepted(bea, provider=trajectory.provider, moment="acceptance")
    invoice = make_trajectory_invoice(trajectory=other, by=bea, issued_on=today())

    with pytest.raises(InvoiceRefused) as refused:
        credit_trajectory_invoice(trajectory=trajectory, invoice=invoice, by=bea, reason="Fout.")
    assert refused.value.messages == ["Deze factuur hoort niet bij dit traject."]
    credit_trajectory_invoice(trajectory=other, invoice=invoice, by=bea, reason="Fout.")
    with pytest.raises(ValidationError) as twice:
        credit_trajectory_invoice(trajectory=other, invoice=invoice, by=bea, reason="Fout.")

    assert twice.value.messages == ["Deze factuur is al gecrediteerd."]
    assert Invoice.objects.filter(kind=InvoiceKind.CREDIT_NOTE).count() == 1


# --- VAT, reading ----------------------------------------------------------------------------------------------


def test_a_crkbo_provider_invoices_without_vat(bea):
    provider = provider_of(bea, crkbo_registered=True)
    trajectory = accepted(bea, provider=provider, moment="acceptance", meetings=3)

    invoice = make_trajectory_invoice(trajectory=trajectory, by=bea, issued_on=today())

    totals = document_totals(invoice)
    assert invoice.vat_exempt and {line.vat_rate for line in invoice.lines.all()} == {D("0.00")}
    assert (totals.net, totals.vat, totals.gross) == (D("975.00"), D("0.00"), D("975.00"))


def test_what_is_due_takes_three_queries_whatever_the_number_of_meetings(bea):
    trajectory = accepted(bea, moment="per_meeting", meetings=6, travel=D("10.00"))
    meetings = hold(trajectory, 6)
    make_trajectory_invoice(trajectory=trajectory, by=bea, issued_on=today(), meeting=meetings[0])
    trajectory = Trajectory.objects.select_related("provider", "quote", "group").get(pk=trajectory.pk)

    with CaptureQueriesContext(connection) as queries:
        dues = invoice_due(trajectory=trajectory)

    assert len(dues) == 5
    assert len(queries) == 3  # live invoices, the meetings, the quote's lines


# --- Races -----------------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_concurrency_two_requests_for_the_same_invoice_make_exactly_one():
    """A double click or two tabs: the trajectory's row lock makes the second wait for the first and then
    find its invoice (PostgreSQL); on SQLite the IMMEDIATE transactions serialise them."""
    bea = begeleider()
    trajectory = accepted(bea, moment="acceptance")

    results = in_threads(
        *[lambda: make_trajectory_invoice(trajectory=trajectory, by=bea, issued_on=today())] * 2
    )

    assert sorted(kind for kind, _ in results) == ["error", "ok"], results
    (error,) = [value for kind, value in results if kind == "error"]
    assert isinstance(error, InvoiceRefused)
    assert error.messages == [f"Hiervoor is al een factuur gemaakt: {code(1)}."]
    assert [invoice.code for invoice in Invoice.objects.all()] == [code(1)]
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_concurrency_two_meetings_invoiced_at_once_get_consecutive_numbers():
    bea = begeleider()
    trajectory = accepted(bea, moment="per_meeting", meetings=3)
    first, second, _third = hold(trajectory, 2)

    results = in_threads(
        lambda: make_trajectory_invoice(trajectory=trajectory, by=bea, issued_on=today(), meeting=first),
        lambda: make_trajectory_invoice(trajectory=trajectory, by=bea, issued_on=today(), meeting=second),
    )

    assert [kind for kind, _ in results] == ["ok", "ok"], results
    assert sorted(invoice.code for invoice in Invoice.objects.all()) == [code(1), code(2)]
    assert {invoice.purpose for invoice in Invoice.objects.all()} == {
        invoice_purpose(trajectory, first),
        invoice_purpose(trajectory, second),
    }

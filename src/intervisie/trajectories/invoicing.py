"""Step 9 of a guided trajectory: its invoices, made from the quote the client accepted (seed 001).

When to invoice is the provider's choice, fixed in the quote (``Trajectory.invoice_moment``):
- at acceptance: the whole quote, once, as soon as the client accepted it;
- after completion: the whole quote, once, when every meeting has been held or the report went out;
- per meeting: one invoice for each meeting held, with one meeting's share of the guidance and the travel
  costs of that meeting; the reader (and anything else quoted once) goes on the first meeting's invoice.

The accepted quote's lines are the source of truth (``billing.lines_of``): an invoice for the whole quote
has exactly its lines, and a meeting's invoice takes its prices and VAT rates from them. An invoice
remembers what it is for in ``Invoice.purpose`` ("trajectory:12:meeting:34"): the database refuses a
second live invoice for the same purpose, and a credited invoice frees it, so a wrong invoice is
corrected by crediting it and making it again.

Numbering, VAT, PDFs and credit notes are the billing app's; this module decides what is due, makes it
and tells the client.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from intervisie.billing.domain import RECIPIENT_FIELDS, LineData, create_invoice, credit_invoice, lines_of
from intervisie.billing.enums import InvoiceKind, InvoiceStatus, QuoteStatus
from intervisie.billing.models import Invoice
from intervisie.billing.money import CENT, Totals, format_euro, totals
from intervisie.billing.pdf import invoice_pdf, long_date
from intervisie.common.audit import log_action
from intervisie.common.email import email_queue
from intervisie.providers.enums import InvoiceMoment
from intervisie.trajectories.domain import follow_url
from intervisie.trajectories.enums import FeeMode, TrajectoryState
from intervisie.trajectories.models import Trajectory
from intervisie.trajectories.selectors import agreed_meetings

S = TrajectoryState

# The client accepted the quote (and did not cancel before that): the agreement can be invoiced.
INVOICEABLE_STATES = frozenset({S.RUNNING, S.REPORTING, S.REPORT_SENT, S.CLOSED})
# The route is done; "after completion" is due at the latest now.
COMPLETED_STATES = frozenset({S.REPORT_SENT, S.CLOSED})
# A document's descriptions and subjects have 200 characters (billing.Line, billing.Invoice).
TEXT_LIMIT = 200


class InvoiceRefused(ValidationError):
    """An invoice that cannot be made now; the message is Dutch and says why. Nothing changed."""


@dataclass(frozen=True)
class DueInvoice:
    """Something that may be invoiced now: the whole quote, or one meeting held."""

    purpose: str
    label: str
    lines: list[LineData]
    meeting: object = None  # the meeting, for an invoice per meeting
    number: int = 0  # the meeting's place among the quoted meetings (1, 2, …)
    subject: str = ""  # the invoice's subject

    @property
    def totals(self) -> Totals:
        return totals(self.lines)


def invoice_purpose(trajectory: Trajectory, meeting=None) -> str:
    """The key an invoice of ``trajectory`` carries in ``Invoice.purpose``."""
    if meeting is not None:
        return f"trajectory:{trajectory.pk}:meeting:{meeting.pk}"
    return f"trajectory:{trajectory.pk}:{trajectory.invoice_moment}"


def trajectory_invoices(*, trajectory: Trajectory):
    """The trajectory's invoices and credit notes (those of its quote), oldest first, with their lines,
    the invoice a credit note credits and the credit note of a credited invoice: two queries."""
    if trajectory.quote_id is None:
        return Invoice.objects.none()
    return (
        Invoice.objects.filter(provider_id=trajectory.provider_id, quote_id=trajectory.quote_id)
        .select_related("credits", "credit_note")
        .prefetch_related("lines")
        .order_by("year", "number")
    )


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _joined(text: str, addition: str, *, separator: str = ": ") -> str:
    """``text`` and ``addition`` in one description of at most 200 characters; ``text`` is shortened
    when needed, so what the line is for (the meeting and its date) is always there."""
    room = TEXT_LIMIT - len(separator) - len(addition)
    if len(text) > room:
        text = text[: max(room - 1, 0)].rstrip() + "…"
    return f"{text}{separator}{addition}"[:TEXT_LIMIT]


def _meeting_label(*, number: int, count: int, meeting) -> str:
    return _("bijeenkomst %(number)s van %(count)s op %(date)s") % {
        "number": number,
        "count": count,
        "date": long_date(timezone.localdate(meeting.starts_at)),
    }


def _meeting_lines(*, trajectory: Trajectory, quoted: list[LineData], number: int, label: str):
    """One meeting's invoice lines from the accepted quote's, which ``domain.quote_lines`` made in this
    order: the guidance (per meeting, or one total), the travel costs per meeting when agreed, then what
    is quoted once (the reader per participant).

    Per meeting: the guidance at the quoted price per meeting and one meeting's travel costs. A total fee
    is split evenly, rounded to cents, and the last quoted meeting gets what rounding left, so the
    invoices add up to the quote exactly. What is quoted once goes on the first meeting's invoice."""
    count = trajectory.meetings_count
    guidance, *rest = quoted
    travel = None
    if trajectory.travel_costs and rest:
        travel, *rest = rest
    if trajectory.fee_mode == FeeMode.TOTAL:
        whole = _cents(guidance.quantity * guidance.unit_price)
        share = _cents(whole / count)
        price = whole - share * (count - 1) if number == count else share
        description = _joined(
            guidance.description,
            _("deel %(number)s van %(count)s, %(meeting)s")
            % {"number": number, "count": count, "meeting": label},
        )
    else:
        price = guidance.unit_price
        description = _joined(guidance.description, label)
    lines = [
        LineData(description=description, quantity=Decimal(1), unit_price=price, vat_rate=guidance.vat_rate)
    ]
    if travel is not None:
        lines.append(
            LineData(
                description=_joined(travel.description, label),
                quantity=Decimal(1),
                unit_price=travel.unit_price,
                vat_rate=travel.vat_rate,
            )
        )
    if number == 1:
        lines.extend(rest)
    return lines


@dataclass(frozen=True)
class _Standing:
    """What ``invoice_due`` and ``make_trajectory_invoice`` both need to know."""

    due: list[DueInvoice]
    live: dict[str, str]  # purpose -> code of the live (not credited) invoice made for it
    meetings: list  # the agreed meetings
    held: list  # of those, the ones that took place


def _standing(trajectory: Trajectory, *, now) -> _Standing:
    quote = trajectory.quote
    if trajectory.state not in INVOICEABLE_STATES or quote is None or quote.status != QuoteStatus.ACCEPTED:
        return _Standing(due=[], live={}, meetings=[], held=[])
    # The purposes start with the trajectory's pk and a colon: "trajectory:1:" never matches trajectory 12.
    codes = {
        invoice.purpose: invoice.code
        for invoice in Invoice.objects.filter(
            provider_id=trajectory.provider_id,
            kind=InvoiceKind.INVOICE,
            purpose__startswith=f"trajectory:{trajectory.pk}:",
        )
        .exclude(status=InvoiceStatus.CREDITED)
        .only("purpose", "year", "number")
    }
    meetings = agreed_meetings(trajectory)
    held = [meeting for meeting in meetings if meeting.starts_at <= now]
    due: list[DueInvoice] = []
    moment = trajectory.invoice_moment
    with translation.override(settings.LANGUAGE_CODE):  # documents are in Dutch, whoever clicks
        if moment == InvoiceMoment.PER_MEETING:
            quoted = None
            for number, meeting in enumerate(meetings, start=1):
                purpose = invoice_purpose(trajectory, meeting)
                if meeting not in held or purpose in codes:
                    continue
                quoted = quoted if quoted is not None else lines_of(quote)
                label = _meeting_label(number=number, count=trajectory.meetings_count, meeting=meeting)
                due.append(
                    DueInvoice(
                        purpose=purpose,
                        label=label[:1].upper() + label[1:],
                        lines=_meeting_lines(
                            trajectory=trajectory, quoted=quoted, number=number, label=label
                        ),
                        meeting=meeting,
                        number=number,
                        subject=_joined(quote.subject, label, separator=", "),
                    )
                )
        else:
            purpose = invoice_purpose(trajectory)
            completed = trajectory.state in COMPLETED_STATES or (meetings and len(held) == len(meetings))
            if purpose not in codes and (moment == InvoiceMoment.ACCEPTANCE or completed):
                due.append(
                    DueInvoice(
                        purpose=purpose,
                        label=_("De hele offerte %(code)s") % {"code": quote.code},
                        lines=lines_of(quote),
                        subject=quote.subject,
                    )
                )
    return _Standing(due=due, live=codes, meetings=meetings, held=held)


def invoice_due(*, trajectory: Trajectory, now=None) -> list[DueInvoice]:
    """What may be invoiced now for ``trajectory``, per its invoice moment: the whole quote once (at
    acceptance; after completion, when every agreed meeting has been held or the report went out), or
    one invoice per agreed meeting held that has no live invoice yet. Nothing before the client accepted
    or after a cancellation. Reads only; three queries at most."""
    return _standing(trajectory, now=now or timezone.now()).due


def _refusal(trajectory: Trajectory, standing: _Standing, meeting) -> str:
    """Why nothing is due for ``meeting`` (or the whole quote), in Dutch."""
    if trajectory.state not in INVOICEABLE_STATES or trajectory.quote_id is None:
        return _("Dit kan nu niet: het traject staat op “%(state)s”.") % {
            "state": TrajectoryState(trajectory.state).label
        }
    per_meeting = trajectory.invoice_moment == InvoiceMoment.PER_MEETING
    if per_meeting and meeting is None:
        return _("Bij dit traject maak je een factuur per bijeenkomst.")
    if not per_meeting and meeting is not None:
        return _("Bij dit traject factureer je de hele offerte in één keer.")
    purpose = invoice_purpose(trajectory, meeting)
    if purpose in standing.live:
        return _("Hiervoor is al een factuur gemaakt: %(code)s.") % {"code": standing.live[purpose]}
    if meeting is not None and meeting not in standing.meetings:
        return _("Deze bijeenkomst hoort niet bij de offerte van dit traject.")
    if meeting is not None:
        return _("Deze bijeenkomst is nog niet geweest.")
    return _(
        "Deze offerte factureer je na afronding: na de laatste bijeenkomst of als het rapport verstuurd is."
    )


def invoice_due_for(*, trajectory: Trajectory, meeting=None, now=None) -> DueInvoice:
    """What may be invoiced now for ``meeting`` (or the whole quote) of ``trajectory``, or
    ``InvoiceRefused`` with the reason in Dutch (not accepted yet, not completed yet, the meeting was not
    held or is not the trajectory's, invoiced already). Reads only."""
    standing = _standing(trajectory, now=now or timezone.now())
    purpose = invoice_purpose(trajectory, meeting)
    for item in standing.due:
        if item.purpose == purpose:
            return item
    raise InvoiceRefused(_refusal(trajectory, standing, meeting))


def invoice_pdf_url(trajectory: Trajectory, invoice: Invoice) -> str:
    """The client's link to an invoice or credit note of their trajectory (the follow token is the key)."""
    return settings.SITE_URL + reverse(
        "trajectories:follow_invoice_pdf", args=[trajectory.follow_token, invoice.pk]
    )


def _mail_client(trajectory: Trajectory, invoice: Invoice) -> None:
    """The client gets the invoice (or credit note) as a PDF attachment, with its amount and the link to
    download it again."""
    email_queue(
        to=trajectory.contact_email,
        template="trajectories/invoices/email/invoice",
        context={
            "trajectory": trajectory,
            "provider": trajectory.provider,
            "invoice": invoice,
            "credit_note": invoice.kind == InvoiceKind.CREDIT_NOTE,
            "amount": format_euro(totals(invoice.lines.all()).gross),
            "pdf_link": invoice_pdf_url(trajectory, invoice),
            "follow_link": follow_url(trajectory),
        },
        attachments=[
            {
                "name": f"{'creditnota' if invoice.kind == InvoiceKind.CREDIT_NOTE else 'factuur'}-{invoice.code}.pdf",
                "mimetype": "application/pdf",
                "content": invoice_pdf(invoice),
            }
        ],
    )


def make_trajectory_invoice(*, trajectory: Trajectory, by, issued_on, meeting=None, now=None) -> Invoice:
    """Invoice what is due for ``trajectory`` (``invoice_due``): the whole quote, or ``meeting`` when the
    provider invoices per meeting. Never twice for the same moment or meeting.

    Side effects, in order (one transaction):
    1. lock the trajectory's row (its row only: PostgreSQL refuses FOR UPDATE on the nullable side of the
       quote and group joins) and read it again: a double click or a second tab waits here and then
       finds the first one's invoice;
    2. validate under the lock: it is due now (else ``InvoiceRefused`` with the reason: not accepted yet,
       not completed yet, the meeting was not held or is not the trajectory's, already invoiced); the
       invoice date is not in the future, nor before the acceptance or the meeting (``ValidationError``
       on ``issued_on``);
    3. ``billing.create_invoice`` with the quote's recipient, the lines due, the quote and the purpose:
       the next number of the year, the lines, audit log ``invoice.created`` (the database refuses a
       second live invoice for the same purpose, should anything get past the lock);
    4. audit log ``trajectory.invoiced`` with the invoice's code (and the meeting);
    5. e-mail to the client (``contact_email``) with the amount and the link to the PDF.
    Returns the invoice.
    """
    now = now or timezone.now()
    with transaction.atomic():
        current = (
            Trajectory.objects.select_for_update(of=("self",))
            .select_related("provider", "quote", "group")
            .get(pk=trajectory.pk)
        )
        due = invoice_due_for(trajectory=current, meeting=meeting, now=now)
        today = timezone.localdate(now)
        earliest = timezone.localdate(meeting.starts_at if meeting is not None else current.quote.answered_at)
        if issued_on > today:
            raise ValidationError({"issued_on": _("Een factuurdatum in de toekomst kan niet.")})
        if issued_on < earliest:
            raise ValidationError(
                {
                    "issued_on": (
                        _("Kies een factuurdatum op of na de bijeenkomst (%(date)s).")
                        if meeting is not None
                        else _("Kies een factuurdatum op of na het akkoord op de offerte (%(date)s).")
                    )
                    % {"date": long_date(earliest)}
                }
            )
        quote = current.quote
        invoice = create_invoice(
            provider=current.provider,
            recipient={name: getattr(quote, name) for name in RECIPIENT_FIELDS},
            subject=due.subject,
            lines=due.lines,
            issued_on=issued_on,
            quote=quote,
            by=by,
            purpose=due.purpose,
        )
        log_action(
            actor=by,
            action="trajectory.invoiced",
            obj=current,
            data={"invoice": invoice.code, **({"meeting": meeting.pk} if meeting is not None else {})},
        )
        _mail_client(current, invoice)
    return invoice


def credit_trajectory_invoice(*, trajectory: Trajectory, invoice: Invoice, by, reason: str) -> Invoice:
    """Cancel an invoice of ``trajectory`` with a credit note (invoices are never deleted); what it was
    for may then be invoiced again.

    Side effects, in order (one transaction):
    1. refused (``InvoiceRefused``) when the invoice is not one of the trajectory's;
    2. ``billing.credit_invoice``: lock the invoice, validate (not credited yet, not a credit note, a
       reason; Dutch messages), the credit note with the next number, the invoice credited, audit log;
    3. audit log ``trajectory.credited`` with both codes;
    4. e-mail to the client with the credit note's amount, the reason and the link to its PDF.
    Returns the credit note.
    """
    with transaction.atomic():
        if trajectory.quote_id is None or invoice.quote_id != trajectory.quote_id:
            raise InvoiceRefused(_("Deze factuur hoort niet bij dit traject."))
        credit_note = credit_invoice(invoice=invoice, by=by, reason=reason)
        log_action(
            actor=by,
            action="trajectory.credited",
            obj=trajectory,
            data={"invoice": invoice.code, "credit_note": credit_note.code},
        )
        _mail_client(trajectory, credit_note)
    return credit_note


# --- The provider's bookkeeping -----------------------------------------------------------------------------


def invoice_years(*, provider) -> list[int]:
    """The years the provider has invoices in, and this year, newest first."""
    years = set(
        Invoice.objects.filter(provider=provider).order_by().values_list("year", flat=True).distinct()
    )
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)

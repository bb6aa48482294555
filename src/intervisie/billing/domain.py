"""Billing logic: numbering, quotes with their versions and answers, invoices and credit notes.

A document carries a recipient and generic lines; what it is for (a trajectory) is the caller's business,
and so are e-mails: these functions validate, save and write the audit log, nothing more. Call them inside
the caller's transaction when the caller changes more (the trajectory's state): everything then commits
or rolls back together, numbers included.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from intervisie.billing.enums import CounterKind, InvoiceKind, InvoiceStatus, QuoteStatus
from intervisie.billing.models import VAT_RATES, Counter, Invoice, InvoiceLine, Quote, QuoteLine
from intervisie.billing.money import VAT_RATE_EXEMPT, VAT_RATE_STANDARD, format_euro, totals
from intervisie.common.audit import log_action


def next_number(*, provider, kind, year=0) -> int:
    """The next number of ``provider``'s quotes (``kind`` quote, ``year`` 0) or of its invoices in
    ``year``: 1, 2, 3, … without a gap or a duplicate, also when requests ask at the same moment.

    Side effects: increments (or creates, at 1) the ``Counter`` row for provider, kind and year.

    Race safety: the UPDATE comes first, before any read. On PostgreSQL it locks the counter row until
    the transaction ends (as ``select_for_update`` would), so a second caller waits and then adds one to
    the committed value. On SQLite it takes the database's write lock (the project opens transactions
    IMMEDIATE anyway), so writers are serialised. Reading after the UPDATE sees our own increment.
    When no row exists yet, two callers may both try to create it: the unique constraint lets one win;
    the other gets an IntegrityError inside its savepoint and then increments the winner's row.

    Call it inside the transaction that stores the document: if that rolls back, the number is given
    back too, so invoice numbers stay without gaps (a Dutch invoice requirement). The row stays locked
    until that transaction ends, so keep the work after it short.
    """
    counters = Counter.objects.filter(provider=provider, kind=kind, year=year)
    with transaction.atomic():
        if not counters.update(last_number=F("last_number") + 1):
            try:
                with transaction.atomic():  # a savepoint: a lost race must not break the outer transaction
                    Counter.objects.create(provider=provider, kind=kind, year=year, last_number=1)
                return 1
            except IntegrityError:
                # Another caller created the row and has committed (PostgreSQL made us wait on the
                # unique index until then): increment its row, which now locks it.
                counters.update(last_number=F("last_number") + 1)
        return counters.values_list("last_number", flat=True).get()


# --- Lines ----------------------------------------------------------------------------------------------

ALLOWED_VAT_RATES = frozenset(rate for rate, _label in VAT_RATES)
# Limits far above any guided trajectory, low enough that every amount fits its column on the PDF
# ("€ 999.999,99") and no typing slip (an extra zero or three) reaches a client.
MAX_QUANTITY = Decimal("9999")
MAX_UNIT_PRICE = Decimal("999999.99")
MAX_DOCUMENT_TOTAL = Decimal("999999.99")


@dataclass(frozen=True)
class LineData:
    """One line of a quote or invoice as the caller proposes it. Amounts are Decimal (an int or a
    string like "12.50" is taken too; a float is refused, it cannot hold cents exactly)."""

    description: str
    quantity: Decimal
    unit_price: Decimal
    vat_rate: Decimal = VAT_RATE_STANDARD


def lines_of(document) -> list[LineData]:
    """The lines of a quote or invoice as ``LineData``: to revise a quote or invoice what was quoted."""
    return [
        LineData(
            description=line.description,
            quantity=line.quantity,
            unit_price=line.unit_price,
            vat_rate=line.vat_rate,
        )
        for line in document.lines.all()
    ]


def _amount(value) -> Decimal | None:
    """``value`` as a finite Decimal, or None when it is no number (floats included: 0.1 is not 0.1)."""
    if isinstance(value, bool | float):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _clean_lines(line_model, lines: list[LineData], *, vat_exempt: bool) -> list:
    """Unsaved ``line_model`` objects for ``lines``, positions 1, 2, 3, …; every line's VAT rate is 0 on
    an exempt document. Raises a ValidationError on the field ``lines`` with one Dutch message per
    problem, each naming its line ("Regel 2: …"), when any line is wrong or there is none."""
    if not lines:
        raise ValidationError({"lines": _("Voeg minstens één regel toe.")})
    errors, objects = [], []
    for position, data in enumerate(lines, start=1):
        problems = []
        description = (data.description or "").strip()
        quantity, unit_price, vat_rate = (
            _amount(data.quantity),
            _amount(data.unit_price),
            _amount(data.vat_rate),
        )
        if not description:
            problems.append(_("vul een omschrijving in."))
        if quantity is None:
            problems.append(_("het aantal is geen getal."))
        elif quantity <= 0:
            problems.append(_("het aantal moet groter zijn dan 0."))
        elif quantity > MAX_QUANTITY:
            problems.append(_("het aantal kan hoogstens %(max)s zijn.") % {"max": MAX_QUANTITY})
        if unit_price is None:
            problems.append(_("de prijs is geen getal."))
        elif unit_price < 0:
            problems.append(_("de prijs mag niet negatief zijn."))
        elif unit_price > MAX_UNIT_PRICE:
            problems.append(_("de prijs kan hoogstens %(max)s zijn.") % {"max": format_euro(MAX_UNIT_PRICE)})
        if vat_exempt:
            vat_rate = VAT_RATE_EXEMPT  # CRKBO: the whole document is exempt, whatever the line said
        elif vat_rate is None or vat_rate not in ALLOWED_VAT_RATES:
            problems.append(_("kies een btw-tarief van 0% of 21%."))
        if not problems:
            line = line_model(
                position=position,
                description=description,
                quantity=quantity,
                unit_price=unit_price,
                vat_rate=vat_rate,
            )
            try:
                # The field limits (200 characters, two decimals, at most 9 digits): the database would
                # otherwise round quietly (SQLite) or refuse with a 500 (PostgreSQL).
                line.clean_fields(exclude=["quote", "invoice"])
            except ValidationError as error:
                problems.extend(message for messages in error.message_dict.values() for message in messages)
            else:
                objects.append(line)
        errors.extend(
            _("Regel %(number)s: %(problem)s") % {"number": position, "problem": problem}
            for problem in problems
        )
    if not errors and totals(objects).gross > MAX_DOCUMENT_TOTAL:
        errors.append(_("Het totaal kan hoogstens %(max)s zijn.") % {"max": format_euro(MAX_DOCUMENT_TOTAL)})
    if errors:
        raise ValidationError({"lines": errors})
    return objects


RECIPIENT_FIELDS = ("recipient_organisation", "recipient_name", "recipient_email", "recipient_address")


def _recipient(recipient: dict) -> dict:
    """The four recipient fields from ``recipient`` (missing ones empty, surrounding spaces removed);
    unknown keys are refused, so a typo cannot drop a field silently."""
    unknown = set(recipient) - set(RECIPIENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown recipient fields: {sorted(unknown)}")
    return {name: (recipient.get(name) or "").strip() for name in RECIPIENT_FIELDS}


# --- Quotes ---------------------------------------------------------------------------------------------

Q = QuoteStatus


class QuoteTransitionRefused(ValidationError):
    """A change of a quote's status that its current status does not allow; the message is Dutch."""


class QuoteAnswerRefused(QuoteTransitionRefused):
    """The client's answer (accept, decline, ask for a change) cannot be taken: the quote was answered
    already (a double click, a second tab), was replaced by a new version, has expired or was never
    sent. Nothing was changed; show the quote as it is."""


# Which status may follow which through ``set_quote_status``. Superseded comes only from
# ``create_quote`` (a new version replaces the old one in the same transaction).
QUOTE_TRANSITIONS: dict[str, frozenset[str]] = {
    Q.DRAFT: frozenset({Q.SENT}),
    Q.SENT: frozenset({Q.ACCEPTED, Q.DECLINED, Q.CHANGE_REQUESTED, Q.EXPIRED}),
    Q.ACCEPTED: frozenset(),
    Q.DECLINED: frozenset(),
    Q.CHANGE_REQUESTED: frozenset(),
    Q.SUPERSEDED: frozenset(),
    Q.EXPIRED: frozenset(),
}
QUOTE_ANSWERS = frozenset({Q.ACCEPTED, Q.DECLINED, Q.CHANGE_REQUESTED})
# A revision may replace a draft, a sent quote, one the client asked to change, or an expired one; not
# one the client has accepted or declined (that answer stands) nor one replaced already.
REVISABLE = frozenset({Q.DRAFT, Q.SENT, Q.CHANGE_REQUESTED, Q.EXPIRED})


def create_quote(
    *,
    provider,
    recipient: dict,
    subject: str,
    introduction: str = "",
    terms: str = "",
    valid_until: dt.date | None = None,
    lines: list[LineData],
    by,
    supersedes: Quote | None = None,
) -> Quote:
    """A new quote in status draft, or a new version of ``supersedes``.

    ``recipient`` holds recipient_organisation, recipient_name, recipient_email and
    recipient_address (optional). ``valid_until`` defaults to today plus the provider's validity days.
    The document is VAT-exempt when the provider is CRKBO-registered: then every line's rate is 0.

    Side effects, in order:
    1. validate the fields, the lines and the validity date (Dutch messages per field; lines on
       ``lines``); a revision only of the same provider's quote in a revisable status (locked first,
       so two revisions at once cannot both replace it);
    2. a first version takes the provider's next quote number; a revision keeps the number, with
       version + 1;
    3. save the quote and its lines;
    4. a revision sets the old quote's status to superseded;
    5. audit log ``quote.created`` (and ``quote.superseded`` on the old one).
    Nothing is sent: the caller sends it with ``set_quote_status(status=sent)`` and e-mails it.
    """
    today = timezone.localdate()
    if valid_until is None:
        valid_until = today + dt.timedelta(days=provider.validity_days)
    vat_exempt = provider.crkbo_registered
    with transaction.atomic():
        previous = None
        if supersedes is not None:
            previous = Quote.objects.select_for_update().get(pk=supersedes.pk)
            if previous.provider_id != provider.pk:
                raise QuoteTransitionRefused(_("Je kunt alleen een offerte van deze aanbieder herzien."))
            if previous.status not in REVISABLE:
                raise QuoteTransitionRefused(
                    _("Een offerte met de status ‘%(status)s’ kun je niet meer herzien.")
                    % {"status": previous.get_status_display()}
                )
        quote = Quote(
            provider=provider,
            number=previous.number if previous else 0,
            version=previous.version + 1 if previous else 1,
            supersedes=previous,
            subject=(subject or "").strip(),
            introduction=(introduction or "").strip(),
            terms=(terms or "").strip(),
            valid_until=valid_until,
            vat_exempt=vat_exempt,
            created_by=by if by is not None and by.is_authenticated else None,
            **_recipient(recipient),
        )
        errors = {}
        try:
            # Django's field checks (required, length, e-mail address), with their Dutch messages per field.
            quote.clean_fields(exclude=["provider", "number", "supersedes", "created_by"])
        except ValidationError as error:
            errors.update(error.message_dict)
        if valid_until < today:
            errors.setdefault("valid_until", []).append(_("Kies een datum vanaf vandaag."))
        try:
            line_objects = _clean_lines(QuoteLine, lines, vat_exempt=vat_exempt)
        except ValidationError as error:
            errors.update(error.message_dict)
        if errors:
            raise ValidationError(errors)
        if previous is None:
            quote.number = next_number(provider=provider, kind=CounterKind.QUOTE)
        quote.save()
        for line in line_objects:
            line.quote = quote
        QuoteLine.objects.bulk_create(line_objects)
        if previous is not None:
            previous.status = Q.SUPERSEDED
            previous.save(update_fields=["status"])
            log_action(actor=by, action="quote.superseded", obj=previous, data={"by_version": quote.version})
        log_action(
            actor=by,
            action="quote.created",
            obj=quote,
            data={"supersedes": previous.code if previous else None},
        )
    return quote


def _answer_refusal(quote: Quote) -> str:
    """Why a client's answer cannot be taken, for the quote's current status."""
    if quote.status == Q.ACCEPTED:
        return _("Op deze offerte is al akkoord gegeven.")
    if quote.status in (Q.DECLINED, Q.CHANGE_REQUESTED):
        return _("Deze offerte is al beantwoord.")
    if quote.status == Q.SUPERSEDED:
        return _("Deze offerte is vervangen door een nieuwe versie.")
    if quote.status == Q.EXPIRED:
        return _("Deze offerte is verlopen.")
    return _("Deze offerte is nog niet verstuurd.")


def _ip_or_none(ip) -> str | None:
    """The address as given by the request, or None when it is none: the record of an answer must not
    fail (or be refused) because a proxy passed something odd."""
    if not ip:
        return None
    try:
        validate_ipv46_address(ip)
    except ValidationError:
        return None
    return ip


def set_quote_status(
    *,
    quote: Quote,
    status: str,
    by=None,
    name: str = "",
    function: str = "",
    ip: str | None = None,
    note: str = "",
) -> Quote:
    """Move ``quote`` to ``status``: the one transition function of a quote (see QUOTE_TRANSITIONS).

    draft → sent (the provider sends it); sent → accepted, declined or change_requested (the client
    answers, no account needed: ``by`` may be None; accepting needs ``name`` and ``function``, asking
    for a change needs ``note``) or expired (after ``valid_until``). Superseded only comes from
    ``create_quote``.

    Side effects, in order:
    1. lock the quote's row and read it again (two tabs or a double click wait here, and the second
       sees the first's answer);
    2. validate: the transition is allowed (else ``QuoteAnswerRefused`` for an answer, else
       ``QuoteTransitionRefused``; nothing changes), a sent quote is still valid, an acceptance names
       who accepts and their function, field lengths (Dutch messages per field);
    3. save the status with sent_at (sent) or answered_at, answered_name, answered_function,
       answered_ip and answer_note (answers), with ``update_fields``;
    4. audit log ``quote.<status>``.
    Returns the quote as saved. E-mails are the caller's.
    """
    name, function, note = (name or "").strip(), (function or "").strip(), (note or "").strip()
    with transaction.atomic():
        current = Quote.objects.select_for_update().get(pk=quote.pk)
        if status not in QUOTE_TRANSITIONS.get(current.status, ()):
            if status in QUOTE_ANSWERS:
                raise QuoteAnswerRefused(_answer_refusal(current))
            if status == Q.SUPERSEDED:
                raise QuoteTransitionRefused(_("Een offerte vervang je door een nieuwe versie te maken."))
            raise QuoteTransitionRefused(
                _("Van ‘%(current)s’ naar ‘%(new)s’ kan niet.")
                % {"current": current.get_status_display(), "new": dict(Q.choices).get(status, status)}
            )
        today = timezone.localdate()
        errors: dict[str, list[str]] = {}
        if status == Q.SENT and current.valid_until < today:
            raise QuoteTransitionRefused(
                _("Deze offerte is niet meer geldig. Maak een nieuwe versie met een nieuwe datum.")
            )
        if status == Q.ACCEPTED and current.valid_until < today:
            raise QuoteAnswerRefused(_("Deze offerte is verlopen. Vraag de aanbieder om een nieuwe."))
        if status == Q.EXPIRED and current.valid_until >= today:
            raise QuoteTransitionRefused(_("Deze offerte is nog geldig."))
        if status == Q.ACCEPTED:
            if not name:
                errors.setdefault("name", []).append(_("Vul je naam in."))
            if not function:
                errors.setdefault("function", []).append(_("Vul je functie in."))
        if status == Q.CHANGE_REQUESTED and not note:
            errors.setdefault("note", []).append(_("Schrijf welke wijziging je wilt."))
        for field, value, model_field in (
            ("name", name, "answered_name"),
            ("function", function, "answered_function"),
            ("note", note, "answer_note"),
        ):
            limit = Quote._meta.get_field(model_field).max_length
            if len(value) > limit:
                errors.setdefault(field, []).append(
                    _("Gebruik hoogstens %(limit)s tekens (nu %(count)s).")
                    % {"limit": limit, "count": len(value)}
                )
        if errors:
            raise ValidationError(errors)

        now = timezone.now()
        current.status = status
        fields = ["status"]
        if status == Q.SENT:
            current.sent_at = now
            fields.append("sent_at")
        elif status in QUOTE_ANSWERS:
            current.answered_at = now
            current.answered_name = name
            current.answered_function = function
            current.answered_ip = _ip_or_none(ip)
            current.answer_note = note
            fields += ["answered_at", "answered_name", "answered_function", "answered_ip", "answer_note"]
        current.save(update_fields=fields)
        data = {"name": name, "function": function} if status in QUOTE_ANSWERS else {}
        log_action(actor=by, action=f"quote.{status}", obj=current, data=data)
    return current


# --- Invoices and credit notes ----------------------------------------------------------------------------

IS = InvoiceStatus


class InvoiceTransitionRefused(ValidationError):
    """A change of an invoice's status that is not possible; the message is Dutch. Nothing changed."""


# Through ``set_invoice_status``: paid when the money came in, open again when that was recorded by
# mistake. Credited comes only from ``credit_invoice`` (with the credit note, in one transaction).
INVOICE_TRANSITIONS: dict[str, frozenset[str]] = {
    IS.OPEN: frozenset({IS.PAID}),
    IS.PAID: frozenset({IS.OPEN}),
    IS.CREDITED: frozenset(),
}


def create_invoice(
    *,
    provider,
    recipient: dict,
    subject: str,
    reference: str = "",
    lines: list[LineData],
    issued_on: dt.date,
    quote: Quote | None = None,
    by,
    purpose: str = "",
) -> Invoice:
    """An invoice (status open) numbered in the provider's series of ``issued_on``'s year.

    Due ``provider.payment_days`` after ``issued_on``; VAT-exempt when the provider is CRKBO-registered
    (every line's rate 0). ``quote``, when given, must be the provider's. ``purpose`` is the caller's
    key for what the invoice is for (``Invoice.purpose``): while an invoice with that key is not
    credited, a second one is refused by the database (IntegrityError), even when two requests race.

    Side effects, in order:
    1. validate the fields and the lines (Dutch messages per field; lines on ``lines``);
    2. take the next invoice number of that year (in this transaction: a rollback gives it back, so
       the series keeps no gap);
    3. save the invoice and its lines;
    4. audit log ``invoice.created``.
    """
    if quote is not None and quote.provider_id != provider.pk:
        raise ValidationError({"quote": _("Deze offerte is van een andere aanbieder.")})
    vat_exempt = provider.crkbo_registered
    with transaction.atomic():
        invoice = Invoice(
            provider=provider,
            year=issued_on.year,
            number=0,
            kind=InvoiceKind.INVOICE,
            subject=(subject or "").strip(),
            reference=(reference or "").strip(),
            issued_on=issued_on,
            due_on=issued_on + dt.timedelta(days=provider.payment_days),
            vat_exempt=vat_exempt,
            quote=quote,
            purpose=purpose,
            created_by=by if by is not None and by.is_authenticated else None,
            **_recipient(recipient),
        )
        errors = {}
        try:
            invoice.clean_fields(exclude=["provider", "number", "credits", "quote", "created_by"])
        except ValidationError as error:
            errors.update(error.message_dict)
        try:
            line_objects = _clean_lines(InvoiceLine, lines, vat_exempt=vat_exempt)
        except ValidationError as error:
            errors.update(error.message_dict)
        if errors:
            raise ValidationError(errors)
        invoice.number = next_number(provider=provider, kind=CounterKind.INVOICE, year=invoice.year)
        invoice.save()
        for line in line_objects:
            line.invoice = invoice
        InvoiceLine.objects.bulk_create(line_objects)
        log_action(
            actor=by,
            action="invoice.created",
            obj=invoice,
            data={"quote": quote.code if quote else None},
        )
    return invoice


def set_invoice_status(*, invoice: Invoice, status: str, by, paid_on: dt.date | None = None) -> Invoice:
    """Move ``invoice`` (or credit note) to ``status``: the one transition function for payments (see
    INVOICE_TRANSITIONS). Paid needs ``paid_on`` (not in the future); open again clears it.

    Side effects, in order:
    1. lock the invoice's row and read it again;
    2. validate the transition (else ``InvoiceTransitionRefused``, nothing changes) and the date;
    3. save status and paid_on with ``update_fields``;
    4. audit log ``invoice.<status>``.
    """
    with transaction.atomic():
        current = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if status not in INVOICE_TRANSITIONS.get(current.status, ()):
            if status == IS.CREDITED:
                message = _("Crediteren doe je met een creditnota.")
            elif current.status == IS.CREDITED:
                message = _("Deze factuur is gecrediteerd; de status verandert niet meer.")
            elif status == current.status == IS.PAID:
                message = _("Deze factuur is al betaald.")
            else:
                message = _("Van ‘%(current)s’ naar ‘%(new)s’ kan niet.") % {
                    "current": current.get_status_display(),
                    "new": dict(IS.choices).get(status, status),
                }
            raise InvoiceTransitionRefused(message)
        if status == IS.PAID:
            if paid_on is None:
                raise ValidationError({"paid_on": _("Vul de datum van betaling in.")})
            if paid_on > timezone.localdate():
                raise ValidationError(
                    {"paid_on": _("Een betaling in de toekomst kun je nog niet vastleggen.")}
                )
        current.status = status
        current.paid_on = paid_on if status == IS.PAID else None
        current.save(update_fields=["status", "paid_on"])
        log_action(
            actor=by,
            action=f"invoice.{status}",
            obj=current,
            data={"paid_on": paid_on.isoformat()} if status == IS.PAID else {},
        )
    return current


def mark_invoice_paid(*, invoice: Invoice, paid_on: dt.date, by) -> Invoice:
    """Record that ``invoice`` was paid on ``paid_on`` (for a credit note: that the money was paid
    back). Through ``set_invoice_status``; its side effects apply."""
    return set_invoice_status(invoice=invoice, status=IS.PAID, by=by, paid_on=paid_on)


def credit_invoice(*, invoice: Invoice, by, reason: str, issued_on: dt.date | None = None) -> Invoice:
    """Cancel ``invoice`` with a credit note: invoices are never deleted (a Dutch bookkeeping rule).

    The credit note is dated ``issued_on`` (today by default) and numbered in that year's invoice series
    (one series for invoices and credit notes, so the numbers keep no gap). Its lines are the invoice's
    with the quantity negated (so net, VAT and gross are exactly the invoice's, negative); recipient,
    subject, reference and VAT exemption are the invoice's. When the invoice was still open, the credit
    note settles it: the credit note is paid on its own date and nobody pays anything. When it was paid,
    the money goes back: the credit note is open until ``mark_invoice_paid`` records the refund.

    Side effects, in order:
    1. lock the invoice's row and read it again;
    2. validate: not a credit note, not credited already; a reason of at most 300 characters;
    3. take the next invoice number of the credit note's year;
    4. save the credit note and its lines;
    5. set the invoice's status to credited (``update_fields``);
    6. audit log ``invoice.credited`` on the invoice and ``invoice.created`` on the credit note.
    """
    reason = (reason or "").strip()
    issued_on = issued_on or timezone.localdate()
    with transaction.atomic():
        current = Invoice.objects.select_for_update().select_related("provider").get(pk=invoice.pk)
        if current.kind == InvoiceKind.CREDIT_NOTE:
            raise InvoiceTransitionRefused(_("Een creditnota kun je niet crediteren."))
        if current.status == IS.CREDITED:
            raise InvoiceTransitionRefused(_("Deze factuur is al gecrediteerd."))
        limit = Invoice._meta.get_field("credit_reason").max_length
        if not reason:
            raise ValidationError({"reason": _("Schrijf waarom je deze factuur crediteert.")})
        if len(reason) > limit:
            raise ValidationError(
                {
                    "reason": _("Gebruik hoogstens %(limit)s tekens (nu %(count)s).")
                    % {"limit": limit, "count": len(reason)}
                }
            )
        settles = current.status == IS.OPEN
        provider = current.provider
        credit_note = Invoice.objects.create(
            provider=provider,
            year=issued_on.year,
            number=next_number(provider=provider, kind=CounterKind.INVOICE, year=issued_on.year),
            kind=InvoiceKind.CREDIT_NOTE,
            credits=current,
            status=IS.PAID if settles else IS.OPEN,
            paid_on=issued_on if settles else None,
            subject=current.subject,
            reference=current.reference,
            issued_on=issued_on,
            due_on=issued_on + dt.timedelta(days=provider.payment_days),
            vat_exempt=current.vat_exempt,
            quote=current.quote,
            credit_reason=reason,
            created_by=by if by is not None and by.is_authenticated else None,
            **{name: getattr(current, name) for name in RECIPIENT_FIELDS},
        )
        InvoiceLine.objects.bulk_create(
            InvoiceLine(
                invoice=credit_note,
                position=line.position,
                description=line.description,
                quantity=-line.quantity,
                unit_price=line.unit_price,
                vat_rate=line.vat_rate,
            )
            for line in current.lines.all()
        )
        current.status = IS.CREDITED
        current.save(update_fields=["status"])
        log_action(
            actor=by,
            action="invoice.credited",
            obj=current,
            data={"credit_note": credit_note.code, "reason": reason},
        )
        log_action(actor=by, action="invoice.created", obj=credit_note, data={"credits": current.code})
    return credit_note

"""Step 9, invoices: a trajectory's invoices for the begeleiders of its provider, the provider's
bookkeeping (every invoice of a year, CSV export) for its owners, and the client's PDFs through their
follow link. Everyone else gets 404, a superuser or staff admin too."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from intervisie.billing.domain import InvoiceTransitionRefused, mark_invoice_paid
from intervisie.billing.enums import InvoiceKind, InvoiceStatus
from intervisie.billing.export import invoices_csv, invoices_csv_filename
from intervisie.billing.models import Invoice
from intervisie.billing.money import Totals, format_euro
from intervisie.billing.pdf import invoice_pdf
from intervisie.billing.selectors import document_totals, invoices_of_year
from intervisie.common.htmx import is_htmx
from intervisie.meetings.models import Meeting
from intervisie.providers.models import Provider
from intervisie.trajectories.forms_invoices import (
    INVOICE_SORTS,
    BookkeepingForm,
    CreditForm,
    MakeInvoiceForm,
    PaidForm,
)
from intervisie.trajectories.invoicing import (
    DueInvoice,
    InvoiceRefused,
    credit_trajectory_invoice,
    invoice_due,
    invoice_due_for,
    invoice_years,
    make_trajectory_invoice,
    trajectory_invoices,
)
from intervisie.trajectories.models import Trajectory
from intervisie.trajectories.views import managed_trajectory_or_404

BOOKKEEPING_PAGE_SIZE = 25
# Years a bookkeeping export can be asked for: anything else in the address is no year of ours.
FIRST_YEAR, LAST_YEAR = 2000, 9999


def _invoice_or_404(trajectory: Trajectory, pk: int) -> Invoice:
    """An invoice or credit note of the trajectory (of its quote); any other is not there."""
    if trajectory.quote_id is None:
        raise Http404
    return get_object_or_404(
        Invoice.objects.select_related("provider", "quote", "credits"),
        pk=pk,
        provider_id=trajectory.provider_id,
        quote_id=trajectory.quote_id,
    )


def _pdf_response(invoice: Invoice) -> HttpResponse:
    kind = "creditnota" if invoice.kind == InvoiceKind.CREDIT_NOTE else "factuur"
    response = HttpResponse(invoice_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{kind}-{invoice.code}.pdf"'
    return response


@dataclass
class InvoiceRow:
    invoice: Invoice
    totals: Totals
    paid_form: PaidForm | None  # for an open invoice or credit note: record the payment

    @property
    def gross(self) -> str:
        return format_euro(self.totals.gross)


def _vat_number_warning(request, trajectory: Trajectory, due: list[DueInvoice]) -> dict:
    """Whether what is due charges VAT while the provider has no btw-identificatienummer to print on it,
    and whether this begeleider may fill it in on the provider's profile (its owners only).

    A warning, not a refusal: the begeleider who invoices is not always an owner who can add the number,
    and the number prints on every PDF of the provider's invoices as soon as it is filled in."""
    provider = trajectory.provider
    missing = provider.lacks_vat_number and any(item.totals.vat for item in due)
    return {
        "vat_number_missing": missing,
        # Asked only when the warning shows: one query that the usual page does not need.
        "may_edit_profile": missing and request.user.has_perm("providers.manage_provider", provider),
    }


def _list_context(request, trajectory: Trajectory, *, bound: tuple[int, PaidForm] | None = None) -> dict:
    """The invoices page; ``bound`` is the payment form of one invoice as posted (with its errors)."""
    rows = []
    for invoice in trajectory_invoices(trajectory=trajectory):
        form = None
        if invoice.status == InvoiceStatus.OPEN:
            form = bound[1] if bound and bound[0] == invoice.pk else PaidForm(prefix=f"f{invoice.pk}")
        rows.append(InvoiceRow(invoice=invoice, totals=document_totals(invoice), paid_form=form))
    due = invoice_due(trajectory=trajectory)
    return {
        "trajectory": trajectory,
        "rows": rows,
        "due": [(item, format_euro(item.totals.gross)) for item in due],
        **_vat_number_warning(request, trajectory, due),
    }


@login_required
def invoices(request, pk: int):
    """The trajectory's invoices and credit notes, and what may be invoiced now."""
    trajectory = managed_trajectory_or_404(request, pk)
    return render(request, "trajectories/invoices/list.html", _list_context(request, trajectory))


@login_required
@require_http_methods(["GET", "POST"])
def invoice_make(request, pk: int, meeting: int | None = None):
    """Make what is due (the whole quote, or one meeting held) after confirming: the invoice gets its
    number for good and the client gets an e-mail."""
    trajectory = managed_trajectory_or_404(request, pk)
    item = (
        get_object_or_404(Meeting, pk=meeting, group_id=trajectory.group_id) if meeting is not None else None
    )
    try:
        due = invoice_due_for(trajectory=trajectory, meeting=item)
    except InvoiceRefused as refused:
        messages.error(request, refused.messages[0])
        return redirect("trajectories:invoices", pk=trajectory.pk)
    form = MakeInvoiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invoice = make_trajectory_invoice(
                trajectory=trajectory, by=request.user, issued_on=form.cleaned_data["issued_on"], meeting=item
            )
        except InvoiceRefused as refused:
            messages.error(request, refused.messages[0])
            return redirect("trajectories:invoices", pk=trajectory.pk)
        except ValidationError as refused:
            for field, errors in refused.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request,
                _("Factuur %(code)s is gemaakt en gemaild naar %(email)s.")
                % {"code": invoice.code, "email": trajectory.contact_email},
            )
            return redirect("trajectories:invoices", pk=trajectory.pk)
    quote = trajectory.quote
    return render(
        request,
        "trajectories/invoices/make.html",
        {
            "trajectory": trajectory,
            "quote": quote,
            "due": due,
            "lines": [
                (line, format_euro(line.unit_price), format_euro(line.quantity * line.unit_price))
                for line in due.lines
            ],
            "totals": due.totals,
            "net": format_euro(due.totals.net),
            "vat": format_euro(due.totals.vat),
            "gross": format_euro(due.totals.gross),
            "form": form,
            **_vat_number_warning(request, trajectory, [due]),
        },
    )


@login_required
@require_POST
def invoice_paid(request, pk: int, invoice: int):
    """Record when an open invoice was paid (or a credit note's money went back)."""
    trajectory = managed_trajectory_or_404(request, pk)
    document = _invoice_or_404(trajectory, invoice)
    form = PaidForm(request.POST, prefix=f"f{document.pk}")
    if form.is_valid():
        try:
            mark_invoice_paid(invoice=document, paid_on=form.cleaned_data["paid_on"], by=request.user)
        except InvoiceTransitionRefused as refused:
            messages.error(request, refused.messages[0])
            return redirect("trajectories:invoices", pk=trajectory.pk)
        except ValidationError as refused:
            for field, errors in refused.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request,
                _("%(code)s staat op betaald (%(date)s).")
                % {"code": document.code, "date": form.cleaned_data["paid_on"].strftime("%d-%m-%Y")},
            )
            return redirect("trajectories:invoices", pk=trajectory.pk)
    if document.status != InvoiceStatus.OPEN:
        messages.error(request, _("%(code)s is niet meer open.") % {"code": document.code})
        return redirect("trajectories:invoices", pk=trajectory.pk)
    return render(
        request,
        "trajectories/invoices/list.html",
        _list_context(request, trajectory, bound=(document.pk, form)),
    )


@login_required
@require_http_methods(["GET", "POST"])
def invoice_credit(request, pk: int, invoice: int):
    """Cancel an invoice with a credit note, with a reason the client reads, after confirming."""
    trajectory = managed_trajectory_or_404(request, pk)
    document = _invoice_or_404(trajectory, invoice)
    if document.kind == InvoiceKind.CREDIT_NOTE or document.status == InvoiceStatus.CREDITED:
        messages.error(
            request,
            _("Een creditnota kun je niet crediteren.")
            if document.kind == InvoiceKind.CREDIT_NOTE
            else _("Deze factuur is al gecrediteerd."),
        )
        return redirect("trajectories:invoices", pk=trajectory.pk)
    form = CreditForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            credit_note = credit_trajectory_invoice(
                trajectory=trajectory, invoice=document, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as refused:
            if not hasattr(refused, "error_dict"):
                messages.error(request, refused.messages[0])
                return redirect("trajectories:invoices", pk=trajectory.pk)
            for field, errors in refused.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request,
                _("Creditnota %(credit)s crediteert factuur %(code)s en is gemaild naar %(email)s.")
                % {"credit": credit_note.code, "code": document.code, "email": trajectory.contact_email},
            )
            return redirect("trajectories:invoices", pk=trajectory.pk)
    return render(
        request,
        "trajectories/invoices/credit.html",
        {
            "trajectory": trajectory,
            "invoice": document,
            "gross": format_euro(document_totals(document).gross),
            "form": form,
        },
    )


@login_required
def invoice_pdf_download(request, pk: int, invoice: int):
    trajectory = managed_trajectory_or_404(request, pk)
    return _pdf_response(_invoice_or_404(trajectory, invoice))


def follow_invoice_pdf(request, token: str, invoice: int):
    """The client's copy of an invoice or credit note of their trajectory; the follow token is the key."""
    trajectory = get_object_or_404(Trajectory, follow_token=token)
    return _pdf_response(_invoice_or_404(trajectory, invoice))


# --- The provider's bookkeeping -------------------------------------------------------------------------------


def _provider_or_404(request, slug: str) -> Provider:
    """The provider's owners only (``providers.manage_provider``): the bookkeeping of a practice is its
    owners' business; no superuser or staff flag opens it."""
    provider = get_object_or_404(Provider, slug=slug)
    if not request.user.has_perm("providers.manage_provider", provider):
        raise Http404
    return provider


@dataclass
class BookkeepingRow:
    invoice: Invoice
    totals: Totals
    trajectory_id: int | None

    @property
    def gross(self) -> str:
        return format_euro(self.totals.gross)

    @property
    def net(self) -> str:
        return format_euro(self.totals.net)

    @property
    def vat(self) -> str:
        return format_euro(self.totals.vat)


def _matches(row: BookkeepingRow, words: list[str]) -> bool:
    invoice = row.invoice
    text = " ".join(
        (invoice.code, invoice.recipient_organisation, invoice.recipient_name, invoice.subject)
    ).casefold()
    return all(word in text for word in words)


ROW_SORTS = {
    "nummer": lambda row: (row.invoice.number,),
    "datum": lambda row: (row.invoice.issued_on, row.invoice.number),
    "relatie": lambda row: (row.invoice.recipient_organisation.casefold(), row.invoice.number),
    "bedrag": lambda row: (-row.totals.gross, row.invoice.number),
    "status": lambda row: (row.invoice.status, row.invoice.number),
}
assert set(ROW_SORTS) == set(INVOICE_SORTS)


def _bookkeeping_context(request, provider: Provider) -> dict:
    """A year's invoices and credit notes with their totals, searched, sorted and in pages.

    A practice makes a few hundred invoices a year at most: the year is loaded once (four queries,
    whatever its size) for the year's totals, and searched and sorted in Python, which also sorts by
    amount as the documents print it (rounded per line, not a database sum)."""
    years = invoice_years(provider=provider)
    form = BookkeepingForm(request.GET, years=years)
    params = form.values()
    year, query, status, sort = params["jaar"], params["q"], params["status"], params["sorteer"]
    documents = list(invoices_of_year(provider=provider, year=year).select_related("credit_note"))
    trajectories = dict(
        Trajectory.objects.filter(
            provider=provider, quote_id__in={d.quote_id for d in documents if d.quote_id}
        ).values_list("quote_id", "pk")
    )
    rows = [
        BookkeepingRow(invoice=d, totals=document_totals(d), trajectory_id=trajectories.get(d.quote_id))
        for d in documents
    ]
    zero = Decimal("0.00")
    open_ = [r for r in rows if r.invoice.status == InvoiceStatus.OPEN]
    # Money still to come in (open invoices) and to go back (open credit notes of paid invoices).
    to_receive = sum((r.totals.gross for r in open_ if r.invoice.kind == InvoiceKind.INVOICE), zero)
    to_refund = -sum((r.totals.gross for r in open_ if r.invoice.kind == InvoiceKind.CREDIT_NOTE), zero)
    summary = {
        "count": len(rows),
        "net": format_euro(sum((r.totals.net for r in rows), zero)),
        "vat": format_euro(sum((r.totals.vat for r in rows), zero)),
        "gross": format_euro(sum((r.totals.gross for r in rows), zero)),
        "to_receive": format_euro(to_receive),
        "to_refund": format_euro(to_refund) if to_refund else "",
    }
    words = query.casefold().split()
    shown = [r for r in rows if (not status or r.invoice.status == status) and _matches(r, words)]
    shown.sort(key=ROW_SORTS[sort])
    return {
        "provider": provider,
        "form": form,
        "years": years,
        "year": year,
        "query": query,
        "status": status,
        "sort": sort,
        "sorts": list(INVOICE_SORTS.items()),
        "statuses": InvoiceStatus.choices,
        "summary": summary,
        "page": Paginator(shown, BOOKKEEPING_PAGE_SIZE).get_page(request.GET.get("pagina")),
    }


@login_required
def bookkeeping(request, slug: str):
    """The provider's invoices and credit notes per year with the year's totals and the CSV export."""
    provider = _provider_or_404(request, slug)
    template = "trajectories/invoices/bookkeeping.html"
    response = render(
        request,
        f"{template}#invoices" if is_htmx(request) else template,
        _bookkeeping_context(request, provider),
    )
    response["Vary"] = "HX-Request"
    return response


@login_required
def bookkeeping_csv(request, slug: str, year: int):
    """Every invoice and credit note of ``year`` as CSV for the bookkeeping (billing.export)."""
    provider = _provider_or_404(request, slug)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    response = HttpResponse(
        invoices_csv(provider=provider, year=year), content_type="text/csv; charset=utf-8"
    )
    filename = invoices_csv_filename(provider=provider, year=year)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

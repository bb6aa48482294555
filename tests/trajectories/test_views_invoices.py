"""The invoice pages (issue 12, step 9): a trajectory's invoices for the begeleiders of its provider, the
provider's bookkeeping for its owners, the client's PDFs through the follow link. Everyone else gets 404,
a superuser or staff admin too; bad input gets a Dutch message at the field and keeps what was typed."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pypdf
import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone

from intervisie.billing.enums import InvoiceKind, InvoiceStatus
from intervisie.billing.models import Invoice
from intervisie.trajectories.invoicing import credit_trajectory_invoice, make_trajectory_invoice
from tests.billing.documents import lines, make_invoice
from tests.factories import MembershipFactory, UserFactory, give_totp
from tests.trajectories.invoices import accepted, begeleider, hold, provider_of

pytestmark = pytest.mark.django_db
D = Decimal


def today():
    return timezone.localdate()


def code(number: int, year: int | None = None) -> str:
    return f"{year or today().year}-{number:04d}"


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def bea(db):
    return begeleider()


@pytest.fixture
def running(bea):
    """Four meetings per meeting invoiced (€ 325 and € 20 travel; a reader of 6 × € 12,50), two held."""
    trajectory = accepted(bea, moment="per_meeting", meetings=4, travel=D("20.00"), reader=True)
    hold(trajectory, 2)
    return trajectory


def meetings_of(trajectory):
    return hold(trajectory, 2)


def url(trajectory, *parts) -> str:
    return f"/trajecten/traject/{trajectory.pk}/facturen/" + "".join(f"{part}/" for part in parts)


# --- Who gets in ----------------------------------------------------------------------------------------------


def _people(trajectory):
    colleague = begeleider(email="cor@example.nl", name="Cor Collega")
    trajectory.provider.members.create(user=colleague, is_owner=False)
    other = begeleider(email="olga@example.nl", name="Olga Ander")
    provider_of(other, name="Praktijk Anders")
    admin = UserFactory(email="adam@example.nl", roles=["beheerder"], is_staff=True, is_superuser=True)
    give_totp(admin)
    client_user = UserFactory(email=trajectory.contact_email)
    trajectory.client_user = client_user
    trajectory.save(update_fields=["client_user"])
    participant = UserFactory(email="sanne@example.nl")
    MembershipFactory(user=participant, group=trajectory.group)
    return {
        "colleague": colleague,
        "other_provider": other,
        "admin": admin,
        "client": client_user,
        "participant": participant,
    }


def test_only_the_providers_begeleiders_open_a_trajectorys_invoices(client, bea, running):
    invoice = make_trajectory_invoice(
        trajectory=running, by=bea, issued_on=today(), meeting=meetings_of(running)[0]
    )
    people = _people(running)
    pages = [url(running), url(running, "maken", meetings_of(running)[1].pk), url(running, invoice.pk, "pdf")]
    pages += [url(running, invoice.pk, "crediteren")]

    for page in pages:
        assert client.get(page)["Location"].startswith("/accounts/login/")
    for name, person in people.items():
        client.force_login(person)
        expected = 200 if name == "colleague" else 404
        assert [client.get(page).status_code for page in pages] == [expected] * 4, name
        assert client.post(url(running, invoice.pk, "betaald"), {}).status_code == expected, name


def test_the_bookkeeping_is_for_the_providers_owners_only(client, bea, running):
    people = _people(running)
    slug = running.provider.slug
    pages = [
        f"/trajecten/aanbieder/{slug}/facturen/",
        f"/trajecten/aanbieder/{slug}/facturen/{today().year}.csv",
    ]

    assert client.get(pages[0])["Location"].startswith("/accounts/login/")
    client.force_login(bea)
    assert [client.get(page).status_code for page in pages] == [200, 200]
    for name, person in people.items():
        client.force_login(person)
        assert [client.get(page).status_code for page in pages] == [404, 404], name
    client.force_login(bea)
    assert client.get("/trajecten/aanbieder/bestaat-niet/facturen/").status_code == 404


# --- The trajectory's invoices ---------------------------------------------------------------------------------


def test_the_page_lists_the_invoices_and_what_is_due_now(client, bea, running):
    first, second, *_ = meetings_of(running)
    invoice = make_trajectory_invoice(trajectory=running, by=bea, issued_on=today(), meeting=first)
    client.force_login(bea)

    page = client.get(url(running)).content.decode()

    assert f'Factuur <span class="num">{invoice.code}</span>' in page  # the code kept on one line
    # Meeting 1: 325 + 20 + 6 × 12,50 = 420 net, 508,20 with VAT.
    assert "€ 508,20" in page and "Open" in page
    date = formats.date_format(timezone.localdate(second.starts_at), "j F Y")
    assert f"Bijeenkomst 2 van 4 op {date}</strong>: € 417,45" in page  # 345 + 21 %
    assert f'href="{url(running, "maken", second.pk)}"' in page
    assert f'href="{url(running, invoice.pk, "pdf")}"' in page
    assert f'href="{url(running, invoice.pk, "crediteren")}"' in page
    assert f'action="{url(running, invoice.pk, "betaald")}"' in page


def test_a_trajectory_without_anything_due_says_when_it_will_be(client, bea):
    trajectory = accepted(bea, moment="completion", meetings=3)
    client.force_login(bea)

    page = client.get(url(trajectory)).content.decode()

    assert (
        "Nu niets. Na de laatste bijeenkomst, of als het rapport verstuurd is, factureer je de offerte."
        in page
    )
    assert "Voor dit traject is nog geen factuur gemaakt." in page


def test_making_an_invoice_asks_for_confirmation_then_makes_it_once(client, bea, running):
    first = meetings_of(running)[0]
    client.force_login(bea)
    address = url(running, "maken", first.pk)

    page = client.get(address).content.decode()
    assert "Reader over intervisie, per deelnemer" in page and "€ 508,20" in page
    # The quantity and the price under a line's description, its amount beside it.
    assert '<span class="muted">6 × € 12,50</span></td><td class="num">€ 75,00</td>' in page
    assert "Ja, maak de factuur en mail hem" in page
    assert f'value="{today().isoformat()}"' in page
    assert not Invoice.objects.exists()

    response = client.post(address, {"issued_on": today().isoformat()}, follow=True)
    assert messages_of(response) == [f"Factuur {code(1)} is gemaakt en gemaild naar {running.contact_email}."]
    assert len(mail.outbox) == 1
    again = client.post(address, {"issued_on": today().isoformat()}, follow=True)
    assert messages_of(again) == [f"Hiervoor is al een factuur gemaakt: {code(1)}."]
    assert Invoice.objects.count() == 1 and len(mail.outbox) == 1


VAT_NUMBER_WARNING = "Op een factuur met btw moet het btw-identificatienummer van"


def test_invoicing_vat_without_a_vat_number_is_warned_but_not_refused(client, bea, running):
    """The begeleider who invoices is not always an owner who can add the number: a warning, with the
    way to the profile for an owner; the invoice can still be made, and prints the number once it is
    filled in."""
    first = meetings_of(running)[0]
    colleague = begeleider(email="cor@example.nl", name="Cor Collega")
    running.provider.members.create(user=colleague, is_owner=False)
    profile = f"/aanbieders/{running.provider.slug}/profiel/#id_vat_number"
    client.force_login(bea)

    confirm = client.get(url(running, "maken", first.pk)).content.decode()
    listed = client.get(url(running)).content.decode()
    client.force_login(colleague)
    for_colleague = client.get(url(running, "maken", first.pk)).content.decode()

    assert (
        f"{VAT_NUMBER_WARNING} Praktijk Bea Begeleider staan. Dat nummer staat nog niet in het profiel."
        in confirm
    )
    assert f'href="{profile}"' in confirm and VAT_NUMBER_WARNING in listed
    assert VAT_NUMBER_WARNING in for_colleague and f'href="{profile}"' not in for_colleague
    assert "Vraag wie de praktijk beheert om het in te vullen." in for_colleague
    response = client.post(url(running, "maken", first.pk), {"issued_on": today().isoformat()}, follow=True)
    assert messages_of(response) == [f"Factuur {code(1)} is gemaakt en gemaild naar {running.contact_email}."]
    invoice = Invoice.objects.get()
    running.provider.vat_number = "NL123456782B01"
    running.provider.save(update_fields=["vat_number"])
    assert "Btw-id: NL123456782B01" in pdf_text(client.get(url(running, invoice.pk, "pdf")).content)


@pytest.mark.parametrize("provider_fields", [{"vat_number": "NL123456782B01"}, {"crkbo_registered": True}])
def test_no_vat_number_warning_with_a_vat_number_or_without_vat(client, bea, provider_fields):
    trajectory = accepted(bea, provider=provider_of(bea, **provider_fields), moment="acceptance")
    client.force_login(bea)

    confirm = client.get(url(trajectory, "maken")).content.decode()
    listed = client.get(url(trajectory)).content.decode()

    assert "Ja, maak de factuur en mail hem" in confirm  # the confirmation page itself
    assert VAT_NUMBER_WARNING not in confirm and VAT_NUMBER_WARNING not in listed


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Kies de factuurdatum."),
        ("31-02-2026", "Vul een geldige datum in, bijvoorbeeld 14-10-2025."),
        ("morgen", "Vul een geldige datum in, bijvoorbeeld 14-10-2025."),
        ("99999-01-01", "Vul een geldige datum in, bijvoorbeeld 14-10-2025."),
        ("abc\x00def", "Vul een geldige datum in, bijvoorbeeld 14-10-2025."),
        ("future", "Een datum in de toekomst kan niet."),
        ("before", "Kies een factuurdatum op of na de bijeenkomst ({date})."),
    ],
)
def test_a_bad_invoice_date_gets_a_message_at_the_field_and_nothing_is_made(
    client, bea, running, typed, message
):
    first = meetings_of(running)[0]
    held_on = timezone.localdate(first.starts_at)
    typed = {
        "future": (today() + dt.timedelta(days=1)).isoformat(),
        "before": (held_on - dt.timedelta(days=1)).isoformat(),
    }.get(typed, typed)
    client.force_login(bea)

    response = client.post(url(running, "maken", first.pk), {"issued_on": typed})

    assert response.status_code == 200
    expected = message.format(date=formats.date_format(held_on, "j F Y"))
    assert response.context["form"].errors == {"issued_on": [expected]}
    page = response.content.decode()
    assert 'id="id_issued_on_error"' in page and expected in page
    if "\x00" not in typed:
        assert f'value="{typed}"' in page
    assert not Invoice.objects.exists() and mail.outbox == []


def test_a_meeting_not_held_or_of_another_group_cannot_be_invoiced(client, bea, running):
    meetings = meetings_of(running)
    other = accepted(bea, provider=running.provider, moment="per_meeting")
    client.force_login(bea)

    response = client.get(url(running, "maken", meetings[2].pk), follow=True)

    assert messages_of(response) == ["Deze bijeenkomst is nog niet geweest."]
    assert client.get(url(running, "maken", other.group.meetings.first().pk)).status_code == 404
    assert client.post(url(running, "maken"), {"issued_on": today().isoformat()}).status_code == 302
    assert not Invoice.objects.exists()


def test_marking_paid_records_the_date_and_bad_dates_get_a_message(client, bea, running):
    invoice = make_trajectory_invoice(
        trajectory=running, by=bea, issued_on=today(), meeting=meetings_of(running)[0]
    )
    client.force_login(bea)
    address = url(running, invoice.pk, "betaald")
    field = f"f{invoice.pk}-paid_on"

    future = client.post(address, {field: (today() + dt.timedelta(days=2)).isoformat()})
    bad = client.post(address, {field: "32-01-2026"})
    assert (future.status_code, bad.status_code) == (200, 200)
    assert "Een datum in de toekomst kan niet." in future.content.decode()
    page = bad.content.decode()
    assert "Vul een geldige datum in, bijvoorbeeld 14-10-2025." in page and 'value="32-01-2026"' in page
    assert Invoice.objects.get(pk=invoice.pk).status == InvoiceStatus.OPEN

    done = client.post(address, {field: today().isoformat()}, follow=True)
    assert messages_of(done) == [f"{invoice.code} staat op betaald ({today():%d-%m-%Y})."]
    fresh = Invoice.objects.get(pk=invoice.pk)
    assert (fresh.status, fresh.paid_on) == (InvoiceStatus.PAID, today())
    again = client.post(address, {field: today().isoformat()}, follow=True)
    assert messages_of(again) == ["Deze factuur is al betaald."]


def test_crediting_asks_a_reason_and_makes_a_credit_note(client, bea, running):
    invoice = make_trajectory_invoice(
        trajectory=running, by=bea, issued_on=today(), meeting=meetings_of(running)[0]
    )
    mail.outbox.clear()
    client.force_login(bea)
    address = url(running, invoice.pk, "crediteren")

    page = client.get(address).content.decode()
    assert f"Factuur {invoice.code} van" in page and "(€ 508,20) vervalt met een creditnota" in page
    empty = client.post(address, {"reason": "  "})
    long = client.post(address, {"reason": "x" * 301})
    assert empty.context["form"].errors == {"reason": ["Schrijf waarom je deze factuur crediteert."]}
    assert long.context["form"].errors == {
        "reason": ["Je tekst is te lang. Gebruik maximaal 300 tekens (nu 301)."]
    }
    assert "x" * 301 in long.content.decode()
    assert not Invoice.objects.filter(kind=InvoiceKind.CREDIT_NOTE).exists()

    done = client.post(address, {"reason": "Dubbel gefactureerd."}, follow=True)

    credit_note = Invoice.objects.get(kind=InvoiceKind.CREDIT_NOTE)
    assert messages_of(done) == [
        f"Creditnota {credit_note.code} crediteert factuur {invoice.code} en is gemaild naar {running.contact_email}."
    ]
    assert credit_note.credit_reason == "Dubbel gefactureerd." and len(mail.outbox) == 1
    assert "met creditnota" in done.content.decode()
    twice = client.get(address, follow=True)
    assert messages_of(twice) == ["Deze factuur is al gecrediteerd."]
    of_credit_note = client.get(url(running, credit_note.pk, "crediteren"), follow=True)
    assert messages_of(of_credit_note) == ["Een creditnota kun je niet crediteren."]


def test_the_invoice_pdf_reads_back_with_its_lines_and_amount(client, bea, running):
    first = meetings_of(running)[0]
    invoice = make_trajectory_invoice(trajectory=running, by=bea, issued_on=today(), meeting=first)
    other = accepted(bea, provider=running.provider, moment="acceptance")
    foreign = make_trajectory_invoice(trajectory=other, by=bea, issued_on=today())
    client.force_login(bea)

    response = client.get(url(running, invoice.pk, "pdf"))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="factuur-{invoice.code}.pdf"'
    text = pdf_text(response.content)
    date = formats.date_format(timezone.localdate(first.starts_at), "j F Y")
    assert f"Factuurnummer {invoice.code}" in text
    assert f"Offerte {running.quote.code}" in text
    assert f"bijeenkomst 1 van 4 op {date}" in text
    assert "Reader over intervisie, per deelnemer" in text
    assert "Totaal te betalen € 508,20" in text
    assert client.get(url(running, foreign.pk, "pdf")).status_code == 404


def test_the_client_downloads_their_invoices_with_the_follow_token(client, bea, running):
    invoice = make_trajectory_invoice(
        trajectory=running, by=bea, issued_on=today(), meeting=meetings_of(running)[0]
    )
    other = accepted(bea, provider=running.provider, moment="acceptance")
    foreign = make_trajectory_invoice(trajectory=other, by=bea, issued_on=today())
    token = running.follow_token

    response = client.get(f"/trajecten/volg/{token}/factuur/{invoice.pk}/pdf/")

    assert response.status_code == 200 and f"Factuurnummer {invoice.code}" in pdf_text(response.content)
    assert client.get(f"/trajecten/volg/{token}/factuur/{foreign.pk}/pdf/").status_code == 404
    assert client.get(f"/trajecten/volg/{other.follow_token}/factuur/{invoice.pk}/pdf/").status_code == 404
    assert client.get(f"/trajecten/volg/{'x' * 43}/factuur/{invoice.pk}/pdf/").status_code == 404
    # A credit note of the trajectory is the client's too.
    note = credit_trajectory_invoice(trajectory=running, invoice=invoice, by=bea, reason="Fout bedrag.")
    text = pdf_text(client.get(f"/trajecten/volg/{token}/factuur/{note.pk}/pdf/").content)
    assert f"Creditnotanummer {note.code}" in text and "Reden Fout bedrag." in text


def test_the_invoices_page_takes_the_same_queries_for_one_or_three_invoices(client, bea):
    trajectory = accepted(bea, moment="per_meeting", meetings=4, travel=D("20.00"))
    meetings = hold(trajectory, 4)
    client.force_login(bea)
    make_trajectory_invoice(trajectory=trajectory, by=bea, issued_on=today(), meeting=meetings[0])
    client.get(url(trajectory))  # the session and anything cached per process

    with CaptureQueriesContext(connection) as one:
        client.get(url(trajectory))
    for meeting in meetings[1:3]:
        make_trajectory_invoice(trajectory=trajectory, by=bea, issued_on=today(), meeting=meeting)
    with CaptureQueriesContext(connection) as three:
        page = client.get(url(trajectory)).content.decode()

    assert page.count('class="num">€') == 3
    # Fixed: session, user, roles, two-factor, the page's own (see the view), the menu's two.
    assert len(three) == len(one) <= 14


# --- The bookkeeping ------------------------------------------------------------------------------------------


def bookkeeping(trajectory, **params) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"/trajecten/aanbieder/{trajectory.provider.slug}/facturen/" + (f"?{query}" if query else "")


NAMES = [
    "Alfa",
    "Bravo",
    "Charlie",
    "Delta",
    "Echo",
    "Foxtrot",
    "Golf",
    "Hotel",
    "India",
    "Juliett",
    "Kilo",
    "Lima",
    "Mike",
    "November",
    "Oscar",
    "Papa",
    "Quebec",
    "Romeo",
    "Sierra",
    "Tango",
    "Uniform",
    "Victor",
    "Whiskey",
    "Xray",
    "Yankee",
    "Zulu",
]


def _invoices_of_a_year(trajectory, bea, count, *, year=None):
    """``count`` invoices of the trajectory's provider, for its quote: € 100 × n to "Organisatie Alfa",
    "Organisatie Bravo", … (n = 1, 2, …)."""
    issued_on = dt.date(year, 6, 1) if year else today()
    return [
        make_invoice(
            trajectory.provider,
            by=bea,
            issued_on=issued_on,
            quote=trajectory.quote,
            recipient={
                "recipient_organisation": f"Organisatie {NAMES[n - 1]}",
                "recipient_name": "Noor",
                "recipient_email": "noor@example.nl",
            },
            subject=f"Begeleide intervisie {NAMES[n - 1]}",
            lines=lines(("Begeleiding", "1", f"{100 * n}.00")),
        )
        for n in range(1, count + 1)
    ]


def test_the_bookkeeping_shows_the_years_invoices_with_totals_and_the_export(client, bea, running):
    invoices = _invoices_of_a_year(running, bea, 3)
    older = _invoices_of_a_year(running, bea, 1, year=today().year - 1)[0]
    client.force_login(bea)
    client.post(url(running, invoices[0].pk, "betaald"), {f"f{invoices[0].pk}-paid_on": today().isoformat()})

    page = client.get(bookkeeping(running)).content.decode()

    assert [code(n) in page for n in (1, 2, 3)] == [True] * 3 and older.code not in page
    assert "3 facturen en creditnota's" in page
    assert "Omzet exclusief btw: € 600,00" in page and "Btw: € 126,00" in page and "Totaal: € 726,00" in page
    assert "Nog te ontvangen: € 605,00" in page  # 242 + 363, the first was paid
    assert f'href="/trajecten/aanbieder/{running.provider.slug}/facturen/{today().year}.csv"' in page
    assert f'href="{url(running, invoices[0].pk, "pdf")}"' in page
    assert f'<option value="{today().year - 1}"' in page
    last_year = client.get(bookkeeping(running, jaar=today().year - 1)).content.decode()
    assert older.code in last_year and code(1) not in last_year.replace(older.code, "")


def test_the_bookkeeping_searches_filters_sorts_and_pages(client, bea, running):
    _invoices_of_a_year(running, bea, 26)
    client.force_login(bea)

    def codes(response):
        return [row.invoice.code for row in response.context["page"].object_list]

    assert codes(client.get(bookkeeping(running, q="organisatie+golf"))) == [code(7)]
    assert codes(client.get(bookkeeping(running, q=f"{today().year}-0012"))) == [code(12)]
    assert codes(client.get(bookkeeping(running, status="paid"))) == []
    by_amount = client.get(bookkeeping(running, sorteer="bedrag"))
    assert codes(by_amount)[:2] == [code(26), code(25)] and len(codes(by_amount)) == 25
    second = client.get(bookkeeping(running, sorteer="bedrag", pagina=2))
    assert codes(second) == [code(1)]
    assert "Pagina 2 van 2" in second.content.decode()
    # Values only an edited address has fall back to their defaults; unusable words get a message.
    odd = client.get(bookkeeping(running, jaar="1850", sorteer="gewicht", status="weg", pagina="abc"))
    assert odd.status_code == 200 and len(codes(odd)) == 25 and odd.context["year"] == today().year
    nul = client.get(bookkeeping(running, q="abc%00def"))
    assert nul.status_code == 200
    assert "In je zoekwoorden staat een teken dat niet kan. Typ ze opnieuw." in nul.content.decode()


def test_the_bookkeeping_filters_answer_htmx_with_the_list_only(client, bea, running):
    _invoices_of_a_year(running, bea, 2)
    client.force_login(bea)

    response = client.get(bookkeeping(running, q="bravo"), HTTP_HX_REQUEST="true")

    page = response.content.decode()
    assert "<html" not in page and code(2) in page and code(1) not in page
    assert "HX-Request" in response["Vary"]


def test_the_bookkeeping_takes_the_same_queries_for_one_or_three_invoices(client, bea, running):
    client.force_login(bea)
    _invoices_of_a_year(running, bea, 1)
    client.get(bookkeeping(running))

    with CaptureQueriesContext(connection) as one:
        client.get(bookkeeping(running))
    Invoice.objects.all().delete()
    _invoices_of_a_year(running, bea, 3)
    with CaptureQueriesContext(connection) as three:
        client.get(bookkeeping(running))

    # Fixed: session, user, roles, two-factor, the page's own (see the view), the menu's two.
    assert len(three) == len(one) <= 14


def test_the_csv_export_has_a_row_per_invoice_and_credit_note(client, bea, running):
    invoice = make_trajectory_invoice(
        trajectory=running, by=bea, issued_on=today(), meeting=meetings_of(running)[0]
    )
    credit_trajectory_invoice(trajectory=running, invoice=invoice, by=bea, reason="Fout.")
    client.force_login(bea)

    response = client.get(f"/trajecten/aanbieder/{running.provider.slug}/facturen/{today().year}.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="facturen-{running.provider.slug}-{today().year}.csv"'
    )
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert [row[0] for row in rows] == ["Nummer", code(1), code(2)]
    assert [row[1] for row in rows[1:]] == ["Factuur", "Creditnota"]
    assert [row[10] for row in rows[1:]] == ["508,20", "-508,20"]
    assert rows[2][7] == code(1) and rows[1][14] == "Gecrediteerd"
    for year in (1999, 10000, 99999999999):
        assert (
            client.get(f"/trajecten/aanbieder/{running.provider.slug}/facturen/{year}.csv").status_code == 404
        )

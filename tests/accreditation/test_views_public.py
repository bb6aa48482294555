"""The public verification page: genuine, revoked, unknown, forged and mistyped codes."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from intervisie.accreditation import domain
from intervisie.accreditation.codes import normalize_code
from tests.factories import CertificateFactory, MembershipFactory, UserFactory, attend, past_meeting


def _main(response) -> str:
    """The page's own content, without the per-request bits of the layout (CSRF token, language form)."""
    html = response.content.decode()
    return re.search(r"<main.*?</main>", html, re.S).group(0)


@pytest.fixture
def certificate(group):
    person = UserFactory(
        name="Fatima el Amrani",
        email="fatima@example.nl",
        skj_number="123456789",
        registerplein_number="461012345",
    )
    return CertificateFactory(
        user=person,
        group=group,
        title="Intervisie voor gezinshuisouders 2025",
        period_start=dt.date(2025, 1, 14),
        period_end=dt.date(2025, 12, 9),
        meetings_attended=6,
        hours=Decimal("11.50"),
    )


def _swap_one_character(code: str) -> str:
    last = code[-1]
    return code[:-1] + ("A" if last != "A" else "B")


def test_verify_form_without_login(client):
    response = client.get("/verifieer/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Certificaat of verklaring controleren</h1>" in html
    assert '<label for="id_code">Code van het certificaat of de verklaring' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_verify_form_accepts_lower_case_without_dashes(client, certificate):
    typed = certificate.code.replace("-", "").lower()
    response = client.get("/verifieer/", {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/verifieer/{certificate.code}/"


def test_verify_form_without_prefix_and_with_spaces(client, certificate):
    typed = " ".join(certificate.code.split("-")[1:])
    response = client.get("/verifieer/", {"code": typed})
    assert response["Location"] == f"/verifieer/{certificate.code}/"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Vul de code van het certificaat of de verklaring in."),
        ("IVW-ABCD", "Een code heeft 12 letters en cijfers na IVW"),
        ("x" * 41, "Deze code is te lang."),
    ],
)
def test_verify_form_wrong_shape_explains_at_the_field(client, typed, message):
    response = client.get("/verifieer/", {"code": typed})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert '<ul class="errorlist" id="id_code_error">' in html


def test_verify_genuine_certificate_shows_only_what_it_should(client, certificate):
    response = client.get(reverse("verify:certificate", args=[certificate.code]))
    assert response.status_code == 200
    html = _main(response)
    assert "Dit certificaat is echt." in html
    assert "<dd>Fatima el Amrani</dd>" in html
    assert "<dd>Intervisie voor gezinshuisouders 2025</dd>" in html
    assert "<dd>Intervisie Utrecht Oost</dd>" in html
    assert "<dd>14 januari 2025 tot en met 9 december 2025</dd>" in html
    assert "<dd>6</dd>" in html
    assert "<dd>11,5</dd>" in html
    assert "Uitgegeven op" in html
    for private in ("fatima@example.nl", "123456789", "461012345", "Gezinshuis Netwerk Midden"):
        assert private not in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_verify_lower_case_url_without_dashes_finds_it(client, certificate):
    code = certificate.code.replace("-", "").lower()
    response = client.get(f"/verifieer/{code}/")
    assert response.status_code == 200
    assert "Dit certificaat is echt." in response.content.decode()


def test_verify_revoked_certificate_says_so(client, certificate):
    certificate.revoked_at = dt.datetime(2026, 2, 3, 12, tzinfo=dt.UTC)
    certificate.revoked_reason = "Vertrouwelijke reden"
    certificate.save(update_fields=["revoked_at", "revoked_reason"])
    response = client.get(reverse("verify:certificate", args=[certificate.code]))
    assert response.status_code == 200
    html = _main(response)
    assert "Dit certificaat is ingetrokken." in html
    assert "Het is ingetrokken op 3 februari 2026 en is niet meer geldig." in html
    assert "Dit certificaat is echt." not in html
    assert "Vertrouwelijke reden" not in html
    assert "11,5" not in html


def test_verify_unknown_code_is_404_not_found(client, certificate):
    response = client.get("/verifieer/IVW-AAAA-BBBB-CCCC/")
    assert response.status_code == 404
    html = _main(response)
    assert "<h1>Code niet gevonden</h1>" in html
    assert "IVW-AAAA-BBBB-CCCC" not in html


def test_verify_one_wrong_character_is_not_found(client, certificate):
    response = client.get(f"/verifieer/{_swap_one_character(certificate.code)}/")
    assert response.status_code == 404
    assert "Code niet gevonden" in response.content.decode()
    assert "Fatima" not in response.content.decode()


def test_verify_not_found_is_identical_for_every_non_existing_code(client, certificate):
    codes = [
        "IVW-AAAA-BBBB-CCCC",
        _swap_one_character(certificate.code),
        "ivw-zzzz-zzzz-zzz",  # too short
        "IVW-0000-OOOO-1111",  # characters a code never has
        "<script>alert(1)</script>",
        "x" * 300,
    ]
    pages = {_main(client.get(f"/verifieer/{code}/")) for code in codes}
    assert len(pages) == 1
    statuses = {client.get(f"/verifieer/{code}/").status_code for code in codes}
    assert statuses == {404}


def test_normalize_code_variants():
    assert normalize_code("ivw-abcd-efgh-jkmn") == "IVW-ABCD-EFGH-JKMN"
    assert normalize_code("IVWABCDEFGHJKMN") == "IVW-ABCD-EFGH-JKMN"
    assert normalize_code("abcd efgh jkmn") == "IVW-ABCD-EFGH-JKMN"
    assert normalize_code("IVW-ABCD-EFGH") is None
    assert normalize_code("") is None


# --- Signed reflection statements ---------------------------------------------------------------------


@pytest.fixture
def statement(guided_group, begeleider):
    """A statement Bea signed for Fatma, with her numbers on file (which the check never shows)."""
    person = UserFactory(
        name="Fatma Yılmaz",
        email="fatma@example.nl",
        skj_number="987654321",
        registerplein_number="461054321",
    )
    MembershipFactory(user=person, group=guided_group)
    for day in (dt.date(2025, 9, 9), dt.date(2025, 10, 21)):
        attend(past_meeting(guided_group, day), person)
    return domain.reflection_statement_sign(
        group=guided_group,
        person=person,
        by=begeleider,
        period_start=dt.date(2025, 9, 1),
        period_end=dt.date(2025, 12, 31),
    )


def test_verify_genuine_statement_shows_its_public_facts_only(client, statement):
    response = client.get(reverse("verify:certificate", args=[statement.code]))
    assert response.status_code == 200
    html = _main(response)
    assert "<h1>Reflectieverklaring controleren</h1>" in html
    assert "Deze reflectieverklaring is echt." in html
    assert f'<dd class="monospace">{statement.code}</dd>' in html
    assert "<dd>Fatma Yılmaz</dd>" in html
    assert "<dd>Reflectieverklaring voor intervisie, ondertekend door de begeleider</dd>" in html
    assert "<dd>Intervisie Utrecht Oost</dd>" in html
    assert "<dd>Bea Begeleider (LVSC)</dd>" in html
    assert "<dd>1 september 2025 tot en met 31 december 2025</dd>" in html
    assert "<dd>4</dd>" in html
    assert "Ondertekend op" in html
    body = response.content.decode()
    for private in (
        "fatma@example.nl",
        "bea@example.nl",
        "987654321",
        "461054321",
        "Gezinshuis Netwerk Midden",
    ):
        assert private not in body
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_verify_statement_by_typed_code(client, statement):
    typed = statement.code.replace("-", " ").lower()
    response = client.get("/verifieer/", {"code": typed})
    assert response["Location"] == f"/verifieer/{statement.code}/"
    assert "Deze reflectieverklaring is echt." in client.get(response["Location"]).content.decode()


def test_verify_revoked_statement_says_so_without_the_reason(client, statement, begeleider):
    domain.reflection_statement_revoke(statement=statement, by=begeleider, reason="Vertrouwelijke reden")
    response = client.get(reverse("verify:certificate", args=[statement.code]))
    assert response.status_code == 200
    html = _main(response)
    assert "Deze reflectieverklaring is ingetrokken." in html
    assert "Ze is ingetrokken op " in html
    assert "Deze reflectieverklaring is echt." not in html
    assert "Vertrouwelijke reden" not in html
    assert "Bea Begeleider" not in html
    assert "<dd>4</dd>" not in html


def test_verify_unknown_code_page_is_the_same_with_statements_around(client, statement, certificate):
    pages = {
        _main(client.get(f"/verifieer/{code}/"))
        for code in ("IVW-AAAA-BBBB-CCCC", _swap_one_character(statement.code))
    }
    assert len(pages) == 1
    page = pages.pop()
    assert "Fatma" not in page
    assert "Fatima" not in page


def test_verify_pages_query_count(client, statement, certificate, django_assert_num_queries):
    with django_assert_num_queries(1):  # the certificate
        client.get(reverse("verify:certificate", args=[certificate.code]))
    with django_assert_num_queries(2):  # no certificate, then the statement
        client.get(reverse("verify:certificate", args=[statement.code]))

"""The begeleider's signing page and the planners' certificates pages, as begeleider, planner,
manager, member, member of another group and outsider."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from intervisie.accreditation.models import Certificate, ReflectionStatement
from intervisie.common.models import AuditEntry
from tests.factories import (
    CertificateFactory,
    GroupFactory,
    MembershipFactory,
    UserFactory,
    attend,
    give_totp,
    past_meeting,
)


def _text(response) -> str:
    return response.content.decode()


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def recent(guided_group, member, danielle, today):
    """Two meetings in the last months: Bob at both, Daniëlle at one."""
    first = past_meeting(guided_group, today - dt.timedelta(days=70))
    second = past_meeting(guided_group, today - dt.timedelta(days=28))
    attend(first, member)
    attend(second, member)
    attend(second, danielle)
    return [first, second]


@pytest.fixture
def outsider_of_other_group(db, today):
    """Olga is a member (and planner) of another group, with meetings there."""
    olga = UserFactory(email="olga@example.nl", name="Olga Anders")
    other = GroupFactory(name="Andere groep")
    MembershipFactory(user=olga, group=other, is_planner=True)
    attend(past_meeting(other, today - dt.timedelta(days=10)), olga)
    return olga


# --- Signing reflection statements --------------------------------------------------------------------


def test_statements_page_lists_participants_with_hours(client, begeleider, guided_group, recent):
    client.force_login(begeleider)
    response = client.get(reverse("accreditation:statements", args=[guided_group.slug]))
    assert response.status_code == 200
    html = _text(response)
    assert "<h1>Reflectieverklaringen voor Intervisie Utrecht Oost</h1>" in html
    bob_row = '<th scope="row">Bob de Vries</th>\n        <td data-label="Bijeenkomsten bijgewoond">2</td>\n        <td data-label="Uren die meetellen">4</td>'
    danielle_row = '<th scope="row">Daniëlle Özdemir</th>\n        <td data-label="Bijeenkomsten bijgewoond">1</td>\n        <td data-label="Uren die meetellen">2</td>'
    assert bob_row in html
    assert danielle_row in html
    assert html.count(">Ondertekenen<") == 2


def test_statements_sign_creates_statement_and_shows_it(
    client, begeleider, guided_group, member, recent, today
):
    client.force_login(begeleider)
    start = today - dt.timedelta(days=90)
    url = reverse("accreditation:statements", args=[guided_group.slug])
    response = client.post(url, {"person": member.pk, "start": start.isoformat(), "end": today.isoformat()})
    assert response.status_code == 302
    assert response["Location"] == f"{url}?start={start.isoformat()}&end={today.isoformat()}"
    assert _messages(response) == [
        "Je hebt de reflectieverklaring van Bob de Vries ondertekend. Bob de Vries krijgt een e-mail."
    ]
    statement = ReflectionStatement.objects.get()
    assert (statement.user, statement.period_start, statement.period_end) == (member, start, today)
    html = _text(client.get(response["Location"]))
    assert f"Ondertekend op {timezone.localdate():%-d}" in html
    assert html.count(">Ondertekenen<") == 1


def test_statements_sign_for_someone_outside_the_group_refused(
    client, begeleider, guided_group, charlie, recent, today
):
    client.force_login(begeleider)
    url = reverse("accreditation:statements", args=[guided_group.slug])
    response = client.post(
        url, {"person": charlie.pk, "start": "2025-01-01", "end": today.isoformat()}, follow=True
    )
    assert "Deze persoon hoort niet bij de groep." in _text(response)
    assert "Charlie" not in _text(response)
    assert not ReflectionStatement.objects.exists()


def test_statements_sign_bad_period_says_so(client, begeleider, guided_group, member, recent):
    client.force_login(begeleider)
    url = reverse("accreditation:statements", args=[guided_group.slug])
    response = client.post(url, {"person": member.pk, "start": "gisteren", "end": ""}, follow=True)
    assert "Kies eerst een goede periode." in _text(response)
    assert not ReflectionStatement.objects.exists()


def test_statements_page_future_end_shows_field_error(client, begeleider, guided_group, recent, today):
    client.force_login(begeleider)
    url = reverse("accreditation:statements", args=[guided_group.slug])
    response = client.get(url, {"start": "2025-01-01", "end": (today + dt.timedelta(days=3)).isoformat()})
    assert response.status_code == 400
    assert "De einddatum ligt in de toekomst. Kies vandaag of eerder." in _text(response)


def test_statements_begeleider_with_other_register_sees_why_not(
    client, begeleider, guided_group, member, recent, today
):
    begeleider.supervisor_register = "SKJ"
    begeleider.save(update_fields=["supervisor_register"])
    client.force_login(begeleider)
    url = reverse("accreditation:statements", args=[guided_group.slug])
    html = _text(client.get(url))
    assert "Je kunt hier niet ondertekenen. In je profiel staat dat je bent ingeschreven bij SKJ." in html
    assert "de reflectieverklaring zonder begeleider" in html
    assert ">Ondertekenen<" not in html
    response = client.post(
        url, {"person": member.pk, "start": "2025-01-01", "end": today.isoformat()}, follow=True
    )
    assert "Je kunt niet ondertekenen: alleen een begeleider die staat ingeschreven bij LVSC" in _text(
        response
    )
    assert not ReflectionStatement.objects.exists()


def test_statements_page_404_for_everyone_but_the_begeleider(
    client, guided_group, member, alice, charlie, outsider_of_other_group, recent, today
):
    planner = UserFactory(name="Piet Planner")
    MembershipFactory(user=planner, group=guided_group, is_planner=True)
    url = reverse("accreditation:statements", args=[guided_group.slug])
    for user in (member, planner, alice, charlie, outsider_of_other_group):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert (
            client.post(
                url, {"person": member.pk, "start": "2025-01-01", "end": today.isoformat()}
            ).status_code
            == 404
        )
    assert not ReflectionStatement.objects.exists()


def _signed(guided_group, member, begeleider, today):
    from intervisie.accreditation import domain

    return domain.reflection_statement_sign(
        group=guided_group,
        person=member,
        by=begeleider,
        period_start=today - dt.timedelta(days=90),
        period_end=today,
    )


def test_statement_revoke_asks_for_a_reason_then_revokes(
    client, begeleider, guided_group, member, recent, today
):
    statement = _signed(guided_group, member, begeleider, today)
    client.force_login(begeleider)
    page = reverse("accreditation:statements", args=[guided_group.slug])
    listed = _text(client.get(page, {"start": statement.period_start.isoformat(), "end": today.isoformat()}))
    url = reverse("accreditation:statement_revoke", args=[guided_group.slug, statement.pk])
    assert f'href="{url}"' in listed
    assert statement.code in listed
    start = statement.period_start.strftime("%-d")
    html = _text(client.get(url))
    assert f"Weet je zeker dat je de reflectieverklaring van Bob de Vries over {start} " in html
    assert f"({statement.code}) wilt intrekken?" in html
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert "Schrijf kort waarom je de verklaring intrekt." in _text(response)
    response = client.post(url, {"reason": "Verkeerde periode."})
    assert response.status_code == 302
    assert (
        response["Location"] == f"{page}?start={statement.period_start.isoformat()}&end={today.isoformat()}"
    )
    assert _messages(response) == [
        f"De reflectieverklaring {statement.code} van Bob de Vries is ingetrokken. Bob de Vries krijgt een e-mail."
    ]
    statement.refresh_from_db()
    assert statement.revoked_reason == "Verkeerde periode."
    # The person can be signed for again: the button is back.
    assert _text(client.get(response["Location"])).count(">Ondertekenen<") == 2
    # Revoking twice only says it is done.
    again = client.post(url, {"reason": "nog eens"})
    assert _messages(again) == ["Deze verklaring is al ingetrokken."]


def test_statement_revoke_404_for_everyone_but_the_signer(
    client, begeleider, guided_group, member, danielle, recent, today, alice, charlie
):
    statement = _signed(guided_group, member, begeleider, today)
    url = reverse("accreditation:statement_revoke", args=[guided_group.slug, statement.pk])
    other_group = GroupFactory(name="Andere groep")
    wrong_group = reverse("accreditation:statement_revoke", args=[other_group.slug, statement.pk])
    for person in (member, danielle, alice, charlie):
        client.force_login(person)
        assert client.get(url).status_code == 404
        assert client.post(url, {"reason": "weg"}).status_code == 404
    other_begeleider = UserFactory(supervisor_register="LVSC")
    give_totp(other_begeleider)
    other_group.begeleider = other_begeleider
    other_group.save(update_fields=["begeleider"])
    client.force_login(other_begeleider)
    assert client.get(wrong_group).status_code == 404
    client.force_login(begeleider)
    assert client.get(wrong_group).status_code == 404
    statement.refresh_from_db()
    assert not statement.is_revoked


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_statements_page_query_count_does_not_grow(client, begeleider, guided_group, member, today):
    client.force_login(begeleider)
    url = reverse("accreditation:statements", args=[guided_group.slug])
    attend(past_meeting(guided_group, today - dt.timedelta(days=20)), member)
    one = _queries(client, url)
    for _ in range(2):
        person = UserFactory()
        MembershipFactory(user=person, group=guided_group)
        attend(past_meeting(guided_group, today - dt.timedelta(days=30)), person)
    assert _queries(client, url) == one


# --- Certificates -------------------------------------------------------------------------------------


def _issue_data(today, **overrides):
    data = {
        "start": (today - dt.timedelta(days=100)).isoformat(),
        "end": today.isoformat(),
        "title": "Intervisie 2025",
        "min_meetings": "2",
    }
    data.update(overrides)
    return data


def test_certificates_page_for_begeleider_planner_and_manager(
    client, begeleider, alice, guided_group, recent
):
    planner = UserFactory(name="Piet Planner")
    MembershipFactory(user=planner, group=guided_group, is_planner=True)
    url = reverse("accreditation:certificates", args=[guided_group.slug])
    for user in (begeleider, planner, alice):
        client.force_login(user)
        html = _text(client.get(url))
        assert "<h1>Certificaten voor Intervisie Utrecht Oost</h1>" in html
        assert 'value="Deelname aan Intervisie Utrecht Oost"' in html


def test_certificates_page_404_for_member_other_group_and_outsider(
    client, member, charlie, outsider_of_other_group, guided_group, recent, today
):
    url = reverse("accreditation:certificates", args=[guided_group.slug])
    certificate = CertificateFactory(user=member, group=guided_group)
    revoke = reverse("accreditation:certificate_revoke", args=[guided_group.slug, certificate.pk])
    for user in (member, charlie, outsider_of_other_group):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, _issue_data(today)).status_code == 404
        assert client.post(revoke, {"reason": "weg"}).status_code == 404
    assert Certificate.objects.count() == 1
    assert not Certificate.objects.filter(revoked_at__isnull=False).exists()


def test_certificates_issue_from_the_form(client, begeleider, guided_group, member, recent, today):
    client.force_login(begeleider)
    url = reverse("accreditation:certificates", args=[guided_group.slug])
    response = client.post(url, _issue_data(today))
    assert response.status_code == 302
    assert _messages(response) == [
        "1 certificaat uitgegeven. De deelnemer krijgt een e-mail. 1 persoon was bij minder bijeenkomsten dan je koos."
    ]
    certificate = Certificate.objects.get()
    assert certificate.user == member
    assert certificate.title == "Intervisie 2025"
    html = _text(client.get(url))
    assert certificate.code in html
    assert f'href="/uren/groep/{guided_group.slug}/certificaten/{certificate.pk}/intrekken/"' in html


def test_certificates_issue_without_period_or_series_keeps_input(
    client, begeleider, guided_group, recent, today
):
    client.force_login(begeleider)
    url = reverse("accreditation:certificates", args=[guided_group.slug])
    response = client.post(url, _issue_data(today, start="", end="", title="Mijn titel"))
    assert response.status_code == 400
    html = _text(response)
    assert "Kies een reeks, of vul een begin- en einddatum in." in html
    assert 'value="Mijn titel"' in html
    assert not Certificate.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "Geef het certificaat een titel."),
        ({"title": "x" * 201}, "Je tekst is te lang. Gebruik maximaal 200 tekens (nu 201)."),
        ({"min_meetings": "0"}, "Vul 1 of meer in."),
        ({"min_meetings": "twee"}, "Vul een heel getal in, bijvoorbeeld 4."),
        ({"end": "2099-01-01"}, "De einddatum ligt in de toekomst. Kies vandaag of eerder."),
        ({"start": "2026-13-01"}, "Dit is geen goede datum. Schrijf hem zo: 31-12-2025."),
    ],
)
def test_certificates_issue_bad_input_at_the_field(
    client, begeleider, guided_group, recent, today, overrides, message
):
    client.force_login(begeleider)
    url = reverse("accreditation:certificates", args=[guided_group.slug])
    response = client.post(url, _issue_data(today, **overrides))
    assert response.status_code == 400
    assert message in _text(response)
    assert not Certificate.objects.exists()


def test_certificates_page_query_count_does_not_grow(client, begeleider, guided_group, member, today):
    client.force_login(begeleider)
    url = reverse("accreditation:certificates", args=[guided_group.slug])
    CertificateFactory(user=member, group=guided_group)
    one = _queries(client, url)
    CertificateFactory(user=UserFactory(), group=guided_group)
    CertificateFactory(user=UserFactory(), group=guided_group, revoked_at=timezone.now())
    assert _queries(client, url) == one


def test_certificate_revoke_asks_for_a_reason_then_revokes(client, begeleider, guided_group, member):
    certificate = CertificateFactory(user=member, group=guided_group)
    client.force_login(begeleider)
    url = reverse("accreditation:certificate_revoke", args=[guided_group.slug, certificate.pk])
    html = _text(client.get(url))
    assert (
        f'Weet je zeker dat je het certificaat "Intervisie voor gezinshuisouders" van Bob de Vries ({certificate.code}) wilt intrekken?'
        in html
    )
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert "Schrijf kort waarom je het certificaat intrekt." in _text(response)
    response = client.post(url, {"reason": "Bob was er maar één keer."})
    assert response.status_code == 302
    assert _messages(response) == [f"Het certificaat {certificate.code} van Bob de Vries is ingetrokken."]
    certificate.refresh_from_db()
    assert certificate.is_revoked
    assert certificate.revoked_reason == "Bob was er maar één keer."
    assert AuditEntry.objects.filter(action="certificate.revoked", actor=begeleider).count() == 1


def test_certificate_revoke_of_another_groups_certificate_is_404(client, begeleider, guided_group):
    certificate = CertificateFactory(group=GroupFactory(name="Andere groep"))
    client.force_login(begeleider)
    url = reverse("accreditation:certificate_revoke", args=[guided_group.slug, certificate.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "weg"}).status_code == 404


def test_group_attendance_list_pdf_for_planner(client, guided_group, recent):
    planner = UserFactory(name="Piet Planner")
    MembershipFactory(user=planner, group=guided_group, is_planner=True)
    give_totp(planner)
    client.force_login(planner)
    response = client.get(reverse("accreditation:attendance_list_pdf", args=[guided_group.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"

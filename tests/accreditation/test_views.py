"""The person's hours overview, registration periods, the CSV export and the evidence page."""

import csv
import datetime as dt
import io

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intervisie.accreditation.models import Enrolment
from intervisie.common.models import AuditEntry
from intervisie.groups.enums import Format
from intervisie.meetings.enums import MeetingStatus
from tests.factories import (
    EnrolmentFactory,
    GroupFactory,
    MembershipFactory,
    UserFactory,
    at,
    attend,
    past_meeting,
    register,
)

OVERVIEW = "/uren/"


def _text(response) -> str:
    return response.content.decode()


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def enrolled(member, today):
    """Bob's SKJ period started a year ago."""
    return EnrolmentFactory(user=member, register=register(), period_start=today - dt.timedelta(days=365))


def _meetings(group, user, today, count, *, method=None):
    days = [today - dt.timedelta(days=30 + 42 * i) for i in range(count)]
    meetings = []
    for day in days:
        meeting = past_meeting(group, day, method=method)
        attend(meeting, user)
        meetings.append(meeting)
    return meetings


# --- Overview -----------------------------------------------------------------------------------------


def test_overview_anonymous_redirects_to_login(client):
    response = client.get(OVERVIEW)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={OVERVIEW}"


def test_overview_without_enrolment_invites_to_add_one(client, bob):
    client.force_login(bob)
    html = _text(client.get(OVERVIEW))
    assert "<h1>Mijn reflectie-uren</h1>" in html
    assert "Voeg hieronder je registratieperiode toe." in html
    assert "Er is nog geen aanwezigheid van je geregistreerd." in html
    assert "Uren downloaden voor je portfolio (CSV)" not in html


def test_overview_shows_progress_counted_and_not_counted(
    client, member, guided_group, enrolled, method, today
):
    counted = past_meeting(guided_group, today - dt.timedelta(days=60), method=method)
    late = past_meeting(guided_group, today - dt.timedelta(days=102), method=method)
    short = past_meeting(guided_group, today - dt.timedelta(days=20), minutes=50)
    cancelled = past_meeting(guided_group, today - dt.timedelta(days=10), status=MeetingStatus.CANCELLED)
    missed = past_meeting(guided_group, today - dt.timedelta(days=5))
    attend(counted, member, confirmed_at=at(today - dt.timedelta(days=59), 9))
    # Came 20 minutes late and left 5 minutes early: 95 minutes.
    attend(
        late,
        member,
        arrived_at=late.starts_at + dt.timedelta(minutes=20),
        left_at=late.ends_at - dt.timedelta(minutes=5),
    )
    attend(short, member)
    attend(cancelled, member)
    attend(missed, member, present=False)
    client.force_login(member)
    html = _text(client.get(OVERVIEW))
    assert f'<h2 id="ledger-{enrolled.pk}">SKJ – jeugd- en gezinsprofessional</h2>' in html
    assert "<strong>3,58 van 60 uur</strong> (5%)" in html
    assert '<progress class="ledger-progress" max="100" value="5"' in html
    assert '<td data-label="Minuten">95</td>' in html
    assert '<td data-label="Uren">1,58</td>' in html
    assert '<td data-label="Minuten">120</td>' in html
    assert '<td data-label="Methode">Incidentmethode</td>' in html
    assert '<td data-label="Bevestigd">ja</td>' in html
    assert '<td data-label="Bevestigd">nee</td>' in html
    assert "19:00–21:00" in html
    assert "3 bijeenkomsten tellen niet mee" in html
    assert "De bijeenkomst was korter dan 60 minuten" in html
    assert "De bijeenkomst is afgelast" in html
    assert "Je was er niet bij" in html
    assert 'reflectieverslag (PDF)</a> <span class="muted">(3 bijeenkomsten bijgewoond)' in html


def test_overview_warns_when_behind_schedule(client, member, guided_group, today):
    # Halfway through the period with 2 of 60 hours.
    EnrolmentFactory(user=member, register=register(), period_start=today - dt.timedelta(days=913))
    _meetings(guided_group, member, today, 1)
    client.force_login(member)
    html = _text(client.get(OVERVIEW))
    assert "Je loopt achter: je hebt 2 uur, op dit moment zou je rond 30 uur moeten hebben." in html
    assert "haal je het nog." in html


def test_overview_on_schedule_has_no_warning(client, member, guided_group, today):
    EnrolmentFactory(user=member, register=register(), period_start=today - dt.timedelta(days=60))
    _meetings(guided_group, member, today, 1)
    client.force_login(member)
    html = _text(client.get(OVERVIEW))
    assert "Je loopt achter" not in html
    assert "Je ligt op schema." in html


def test_overview_registerplein_shows_hours_without_target(client, member, guided_group, today):
    EnrolmentFactory(
        user=member,
        register=register("registerplein-gezinshuisouders"),
        period_start=today - dt.timedelta(days=400),
    )
    _meetings(guided_group, member, today, 2)
    client.force_login(member)
    html = _text(client.get(OVERVIEW))
    assert "<strong>4 uur</strong>" in html
    assert "staat nog niet vast hoeveel uren reflectie je nodig hebt" in html
    assert "<progress" not in html
    assert "Je loopt achter" not in html


def test_overview_lists_certificates_and_revoked_ones(client, member, guided_group):
    from tests.factories import CertificateFactory

    valid = CertificateFactory(user=member, group=guided_group, title="Najaar 2025")
    CertificateFactory(
        user=member,
        group=guided_group,
        title="Voorjaar 2025",
        revoked_at=dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC),
    )
    client.force_login(member)
    html = _text(client.get(OVERVIEW))
    assert f'href="/uren/certificaat/{valid.code}.pdf"' in html
    assert (
        'Voorjaar 2025 (Intervisie Utrecht Oost) <span class="badge badge-closed">ingetrokken op 5 januari 2026</span>'
        in html
    )


def _overview_queries(client, user) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(OVERVIEW)
    assert response.status_code == 200
    return len(queries)


def test_overview_query_count_does_not_grow_with_meetings(
    client, member, guided_group, enrolled, today, method, django_assert_max_num_queries
):
    client.force_login(member)
    _meetings(guided_group, member, today, 1, method=method)
    one = _overview_queries(client, member)
    other = GroupFactory(name="Tweede groep")
    MembershipFactory(user=member, group=other)
    _meetings(other, member, today - dt.timedelta(days=3), 2, method=method)
    EnrolmentFactory(
        user=member, register=register("skj-jeugdzorgwerker"), period_start=today - dt.timedelta(days=30)
    )
    three = _overview_queries(client, member)
    assert one == three
    with django_assert_max_num_queries(12):
        client.get(OVERVIEW)


# --- Registration periods -----------------------------------------------------------------------------


def _add(client, register_obj, start):
    return client.post(
        reverse("accreditation:enrolment_add"),
        {"register": register_obj.pk if register_obj else "", "period_start": start},
    )


def test_enrolment_add_creates_period_with_audit(client, bob):
    client.force_login(bob)
    response = _add(client, register(), "2024-03-01")
    assert response.status_code == 302
    assert response["Location"] == OVERVIEW
    enrolment = Enrolment.objects.get(user=bob)
    assert enrolment.period_start == dt.date(2024, 3, 1)
    assert _messages(response) == [
        "Je registratieperiode bij SKJ – jeugd- en gezinsprofessional is toegevoegd."
    ]
    entry = AuditEntry.objects.get(action="enrolment.created")
    assert entry.actor == bob
    assert entry.data == {"register": "skj-jeugd-en-gezinsprofessional", "period_start": "2024-03-01"}


def test_enrolment_add_accepts_a_dutch_date(client, bob):
    client.force_login(bob)
    _add(client, register(), "01-03-2024")
    assert Enrolment.objects.get(user=bob).period_start == dt.date(2024, 3, 1)


def test_enrolment_add_empty_shows_errors_at_the_fields(client, bob):
    client.force_login(bob)
    response = _add(client, None, "")
    assert response.status_code == 400
    html = _text(response)
    assert "Kies bij welk register je staat ingeschreven." in html
    assert "Vul een datum in." in html
    assert not Enrolment.objects.exists()


def test_enrolment_add_wrong_date_keeps_what_was_typed(client, bob):
    client.force_login(bob)
    response = _add(client, register(), "31-02-2024")
    html = _text(response)
    assert "Dit is geen goede datum. Schrijf hem zo: 31-12-2025." in html
    assert 'value="31-02-2024"' in html


def test_enrolment_add_more_than_a_year_ahead_refused(client, bob, today):
    client.force_login(bob)
    start = today + dt.timedelta(days=400)
    response = _add(client, register(), start.isoformat())
    assert response.status_code == 400
    html = _text(response)
    assert "Deze datum ligt meer dan een jaar in de toekomst." in html
    assert f'value="{start.isoformat()}"' in html
    assert not Enrolment.objects.exists()


def test_enrolment_add_next_year_allowed(client, bob, today):
    client.force_login(bob)
    _add(client, register(), (today + dt.timedelta(days=300)).isoformat())
    assert Enrolment.objects.filter(user=bob).count() == 1


def test_enrolment_add_duplicate_refused(client, bob):
    EnrolmentFactory(user=bob, register=register(), period_start=dt.date(2024, 3, 1))
    client.force_login(bob)
    response = _add(client, register(), "2024-03-01")
    assert "Je hebt deze registratieperiode al toegevoegd." in _text(response)
    assert Enrolment.objects.filter(user=bob).count() == 1


def test_enrolment_add_overlapping_period_refused(client, bob):
    EnrolmentFactory(user=bob, register=register(), period_start=dt.date(2022, 1, 1))
    client.force_login(bob)
    response = _add(client, register(), "2024-03-01")
    assert (
        "Je hebt al een periode bij SKJ – jeugd- en gezinsprofessional die dan loopt (vanaf 01-01-2022)."
        in _text(response)
    )
    # The next period, after the first ends, is fine; another register too.
    assert _add(client, register(), "2027-01-01").status_code == 302
    assert _add(client, register("skj-jeugdzorgwerker"), "2024-03-01").status_code == 302


def test_enrolment_delete_asks_then_deletes(client, bob):
    enrolment = EnrolmentFactory(user=bob, register=register(), period_start=dt.date(2024, 3, 1))
    client.force_login(bob)
    url = reverse("accreditation:enrolment_delete", args=[enrolment.pk])
    html = _text(client.get(url))
    assert (
        "Weet je zeker dat je je registratieperiode bij SKJ – jeugd- en gezinsprofessional vanaf 1 maart 2024 wilt verwijderen?"
        in html
    )
    response = client.post(url)
    assert response["Location"] == OVERVIEW
    assert not Enrolment.objects.exists()
    assert AuditEntry.objects.filter(action="enrolment.deleted", actor=bob).count() == 1


def test_enrolment_delete_someone_elses_is_404(client, bob, charlie):
    enrolment = EnrolmentFactory(user=bob, register=register())
    client.force_login(charlie)
    url = reverse("accreditation:enrolment_delete", args=[enrolment.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Enrolment.objects.count() == 1


# --- CSV ------------------------------------------------------------------------------------------------


def _csv_rows(response) -> list[list[str]]:
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:]), delimiter=";"))


def test_export_csv_counted_hours_for_dutch_excel(client, member, guided_group, enrolled, method, today):
    day = today - dt.timedelta(days=40)
    meeting = past_meeting(guided_group, day, method=method)
    attend(meeting, member, arrived_at=at(day, 19, 20), left_at=at(day, 20, 55), confirmed_at=at(day, 22))
    attend(past_meeting(guided_group, today - dt.timedelta(days=20), minutes=50), member)
    client.force_login(member)
    response = client.get(reverse("accreditation:export_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="reflectie-uren.csv"'
    assert b";" in response.content.splitlines()[0]
    rows = _csv_rows(response)
    assert rows == [
        [
            "Datum",
            "Groep",
            "Begeleider en register",
            "Methode",
            "Begin",
            "Eind",
            "Minuten",
            "Uren",
            "Register",
            "Bevestigd",
        ],
        [
            day.strftime("%d-%m-%Y"),
            "Intervisie Utrecht Oost",
            "Bea Begeleider (LVSC)",
            "Incidentmethode",
            "19:20",  # Bob's own times (he came late and left early), from which the 95 minutes follow
            "20:55",
            "95",
            "1,58",
            "SKJ – jeugd- en gezinsprofessional",
            "ja",
        ],
    ]


def test_export_csv_own_times_fall_back_to_the_meetings_times(client, member, guided_group, enrolled, today):
    winter = dt.date(today.year - 1, 12, 16) if today.month < 12 else dt.date(today.year, 1, 13)
    late = past_meeting(guided_group, winter, start=(18, 30))
    attend(late, member, arrived_at=at(winter, 18, 45))
    summer_day = today - dt.timedelta(days=30)
    attend(past_meeting(guided_group, summer_day, start=(9, 0), minutes=180), member)
    client.force_login(member)
    rows = {row[0]: row for row in _csv_rows(client.get(reverse("accreditation:export_csv")))[1:]}
    # Dutch local time, whatever the season; an arrival only moves the start.
    assert rows[winter.strftime("%d-%m-%Y")][4:7] == ["18:45", "20:30", "105"]
    assert rows[summer_day.strftime("%d-%m-%Y")][4:7] == ["09:00", "12:00", "180"]


def test_export_csv_online_meeting_left_out_when_register_refuses_online(
    client, member, guided_group, enrolled, today
):
    skj = register()
    skj.online_counts = False
    skj.save(update_fields=["online_counts"])
    attend(past_meeting(guided_group, today - dt.timedelta(days=40), format=Format.ONLINE), member)
    attend(past_meeting(guided_group, today - dt.timedelta(days=30)), member)
    client.force_login(member)
    rows = _csv_rows(client.get(reverse("accreditation:export_csv")))
    assert len(rows) == 2
    assert rows[1][0] == (today - dt.timedelta(days=30)).strftime("%d-%m-%Y")


def test_export_csv_defuses_formulas(client, member, enrolled, today):
    group = GroupFactory(name='=HYPERLINK("x")')
    attend(past_meeting(group, today - dt.timedelta(days=40)), member)
    client.force_login(member)
    rows = _csv_rows(client.get(reverse("accreditation:export_csv")))
    assert rows[1][1] == '\'=HYPERLINK("x")'


def test_export_csv_anonymous_redirects(client):
    assert client.get(reverse("accreditation:export_csv")).status_code == 302


# --- Evidence page --------------------------------------------------------------------------------------


def test_evidence_page_for_someone_who_attended(client, member, guided_group, today):
    attend(past_meeting(guided_group, today - dt.timedelta(days=40)), member)
    client.force_login(member)
    html = _text(client.get(reverse("accreditation:evidence", args=[guided_group.slug])))
    assert "<h1>Bewijs voor Intervisie Utrecht Oost</h1>" in html
    assert "Presentielijst downloaden (PDF)" in html
    assert f'formaction="/uren/groep/{guided_group.slug}/reflectieverklaring.pdf"' in html


def test_evidence_after_leaving_the_group_still_available(client, bob, guided_group, today):
    # Bob was at a meeting and has left: his evidence stays his.
    MembershipFactory(user=bob, group=guided_group, state="left")
    attend(past_meeting(guided_group, today - dt.timedelta(days=40)), bob)
    client.force_login(bob)
    assert client.get(reverse("accreditation:evidence", args=[guided_group.slug])).status_code == 200


def test_evidence_page_for_a_new_participant_without_meetings_yet(client, member, guided_group):
    client.force_login(member)
    response = client.get(reverse("accreditation:evidence", args=[guided_group.slug]))
    assert response.status_code == 200
    assert "<h1>Bewijs voor Intervisie Utrecht Oost</h1>" in response.content.decode()


@pytest.mark.parametrize("name", ["evidence", "attendance_list_pdf", "reflection_pdf"])
def test_evidence_outsider_and_other_group_get_404(client, member, charlie, guided_group, today, name):
    attend(past_meeting(guided_group, today - dt.timedelta(days=40)), member)
    other_group = GroupFactory(name="Andere groep")
    other_member = UserFactory(name="Olga Anders")
    MembershipFactory(user=other_member, group=other_group)
    attend(past_meeting(other_group, today - dt.timedelta(days=40)), other_member)
    url = reverse(f"accreditation:{name}", args=[guided_group.slug])
    for user in (charlie, other_member):
        client.force_login(user)
        assert client.get(url).status_code == 404
    assert client.get(reverse(f"accreditation:{name}", args=["bestaat-niet"])).status_code == 404

"""The event screens as the organiser (olga, the owner), a registered participant (bob, the bob_registration),
an outsider (charlie) and an anonymous visitor see them (events/views.py)."""

import datetime as dt
from html import unescape

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from intervisie.common.models import AuditEntry
from intervisie.events import composition, domain
from intervisie.events.enums import EventStatus, ParticipantRole, RegistrationKind, RegistrationStatus
from intervisie.events.models import Breakout, CoachInvite, Event, Registration
from tests.events.conftest import at_phase, fill, person_fields
from tests.factories import EventFactory, OrganisationFactory, RegistrationFactory, UserFactory, give_totp

HTMX = {"HTTP_HX_REQUEST": "true"}


def _text(response) -> str:
    """The page as text, with HTML entities read back: generated names may hold an apostrophe
    ("'s Gravensande"), which the page escapes."""
    return unescape(response.content.decode())


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _url(name, event, *args):
    return reverse(f"events:{name}", args=[event.slug, *args])


def _login_url(path):
    return f"{reverse('account_login')}?next={path}"


def _count_queries(client, url, **extra) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def board(event, bob_registration):
    """Two breakouts, each with a coach and a gezinshuisouder plus a jeugdzorgwerker; bob is in group 1."""
    event.group_min, event.group_max = 2, 3
    event.save()
    coaches = [
        RegistrationFactory(
            event=event, kind=RegistrationKind.COACH, role="", organisation_other=f"Coachbureau {n}"
        )
        for n in (1, 2)
    ]
    one = Breakout.objects.create(
        event=event, number=1, coach=coaches[0], room="intervisiewijzer-groepeen0000000001"
    )
    two = Breakout.objects.create(
        event=event, number=2, coach=coaches[1], room="intervisiewijzer-groeptwee000000002"
    )
    bob_registration.breakout = one
    bob_registration.organisation_other, bob_registration.region, bob_registration.gezinshuis = (
        "Organisatie A",
        "UT",
        "Gezinshuis A",
    )
    bob_registration.save()
    jzw_one = RegistrationFactory(
        event=event,
        role=ParticipantRole.JEUGDZORGWERKER,
        breakout=one,
        organisation_other="Organisatie B",
        region="GE",
        gezinshuis="Gezinshuis B",
    )
    gho_two = RegistrationFactory(
        event=event,
        role=ParticipantRole.GEZINSHUISOUDER,
        breakout=two,
        organisation_other="Organisatie C",
        region="NH",
        gezinshuis="Gezinshuis C",
    )
    jzw_two = RegistrationFactory(
        event=event,
        role=ParticipantRole.JEUGDZORGWERKER,
        breakout=two,
        organisation_other="Organisatie D",
        region="ZH",
        gezinshuis="Gezinshuis D",
    )
    return {
        "breakouts": (one, two),
        "coaches": coaches,
        "people": (bob_registration, jzw_one, gho_two, jzw_two),
    }


# --- Permissions of the organiser's pages ------------------------------------------------------------

ORGANISER_VIEWS = [
    ("manage", "get"),
    ("edit", "get"),
    ("publish", "post"),
    ("cancel", "get"),
    ("invite_coach", "post"),
    ("composition", "get"),
    ("compose", "post"),
    ("move", "post"),
    ("lock", "post"),
    ("publish_composition", "post"),
    ("attendance", "get"),
    ("results", "get"),
]


def _request(client, name, method, event, data=None):
    url = _url(name, event)
    return client.post(url, data or {}) if method == "post" else client.get(url)


@pytest.mark.parametrize(("name", "method"), ORGANISER_VIEWS)
def test_organiser_view_member_gets_404_and_changes_nothing(
    client, event, bob_registration, bob, name, method
):
    client.force_login(bob)
    data = {"email": "coach@example.nl", "registration": bob_registration.pk, "breakout": "", "locked": "1"}
    response = _request(client, name, method, event, data)
    assert response.status_code == 404
    assert not AuditEntry.objects.exclude(action__startswith="user.").exists()
    assert not CoachInvite.objects.exists()


@pytest.mark.parametrize(("name", "method"), ORGANISER_VIEWS)
def test_organiser_view_outsider_gets_404(client, event, bob_registration, charlie, name, method):
    client.force_login(charlie)
    data = {"email": "coach@example.nl", "registration": bob_registration.pk, "breakout": "", "locked": "1"}
    response = _request(client, name, method, event, data)
    assert response.status_code == 404
    assert not AuditEntry.objects.exclude(action__startswith="user.").exists()


@pytest.mark.parametrize(("name", "method"), ORGANISER_VIEWS)
def test_organiser_view_of_a_draft_outsider_gets_404(client, olga, charlie, name, method):
    draft = EventFactory(status=EventStatus.DRAFT, organisers=[olga])
    client.force_login(charlie)
    assert _request(client, name, method, draft).status_code == 404
    draft.refresh_from_db()
    assert draft.status == EventStatus.DRAFT


@pytest.mark.parametrize(("name", "method"), ORGANISER_VIEWS)
def test_organiser_view_anonymous_redirected_to_login(client, event, name, method):
    response = _request(client, name, method, event)
    assert response.status_code == 302
    assert response["Location"] == _login_url(_url(name, event))


def test_organiser_view_other_events_organiser_gets_404(client, event, olga):
    other = UserFactory(email="otto@example.nl", roles=["organisator"])
    EventFactory(organisers=[other])
    client.force_login(other)
    assert client.get(_url("manage", event)).status_code == 404
    assert client.get(_url("composition", event)).status_code == 404


OWNER_PAGES = [
    ("manage", '<h2 id="registrations-heading">Aanmeldingen</h2>'),
    ("edit", "<h1>GGZ in het gezinshuis wijzigen</h1>"),
    ("cancel", "<h1>GGZ in het gezinshuis afzeggen?</h1>"),
    ("composition", "<h1>Indeling: GGZ in het gezinshuis</h1>"),
    ("attendance", "<h1>Aanwezigheid: GGZ in het gezinshuis</h1>"),
    ("results", "<h1>Evaluatie: GGZ in het gezinshuis</h1>"),
]


@pytest.mark.parametrize(("name", "heading"), OWNER_PAGES)
def test_organiser_page_owner_sees_it(client, event, olga, bob_registration, name, heading):
    client.force_login(olga)
    response = client.get(_url(name, event))
    assert response.status_code == 200
    assert heading in _text(response)


def test_publish_owner_opens_a_draft(client, olga):
    draft = EventFactory(status=EventStatus.DRAFT, organisers=[olga])
    client.force_login(olga)
    response = client.post(_url("publish", draft))
    assert response["Location"] == _url("manage", draft)
    draft.refresh_from_db()
    assert draft.status == EventStatus.PUBLISHED
    assert _messages(response) == ["De bijeenkomst staat online. Mensen kunnen zich nu aanmelden."]


def test_publish_already_published_says_so(client, event, olga):
    client.force_login(olga)
    response = client.post(_url("publish", event))
    assert response["Location"] == _url("manage", event)
    assert _messages(response) == ["Deze bijeenkomst is al gepubliceerd of afgelast."]


def test_publish_by_get_not_allowed(client, olga):
    draft = EventFactory(status=EventStatus.DRAFT, organisers=[olga])
    client.force_login(olga)
    assert client.get(_url("publish", draft)).status_code == 405
    draft.refresh_from_db()
    assert draft.status == EventStatus.DRAFT


def test_cancel_event_owner_cancels_with_reason(client, event, olga, bob_registration):
    client.force_login(olga)
    response = client.post(_url("cancel", event), {"reason": "De deskundige is ziek."})
    assert response["Location"] == _url("manage", event)
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED


def test_cancel_event_without_reason_keeps_event(client, event, olga):
    client.force_login(olga)
    response = client.post(_url("cancel", event), {"reason": "  "})
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "reason": ["Schrijf kort waarom de bijeenkomst niet doorgaat."]
    }
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED


def test_invite_coach_owner_sends_invitation(client, event, olga):
    client.force_login(olga)
    response = client.post(_url("invite_coach", event), {"email": "coach@example.nl"})
    assert response["Location"] == _url("manage", event) + "#coaches"
    assert _messages(response) == ["De uitnodiging is verstuurd."]
    assert list(CoachInvite.objects.values_list("email", flat=True)) == ["coach@example.nl"]


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Vul een e-mailadres in."),
        ("geen-adres", "Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl."),
        ("a" * 250 + "@x.nl", "Je tekst is te lang. Gebruik maximaal 254 tekens (nu 255)."),
    ],
)
def test_invite_coach_bad_address_says_why(client, event, olga, email, message):
    client.force_login(olga)
    response = client.post(_url("invite_coach", event), {"email": email})
    assert response.status_code == 400
    assert response.context["invite_form"].errors["email"] == [message]
    assert f'value="{email}"' in _text(response) or not email  # what was typed stays in the field
    assert not CoachInvite.objects.exists()


def test_invite_coach_twice_sends_the_invitation_again(client, event, olga):
    client.force_login(olga)
    client.post(_url("invite_coach", event), {"email": "coach@example.nl"}, follow=True)
    response = client.post(_url("invite_coach", event), {"email": "Coach@example.nl"})
    assert _messages(response) == ["De uitnodiging is opnieuw verstuurd."]
    assert CoachInvite.objects.count() == 1


# --- Public pages ------------------------------------------------------------------------------------


def test_detail_draft_is_404_for_outsiders_and_anonymous(client, olga, charlie):
    draft = EventFactory(status=EventStatus.DRAFT, organisers=[olga])
    assert client.get(_url("detail", draft)).status_code == 404
    assert client.get(_url("ics", draft)).status_code == 404
    client.force_login(charlie)
    assert client.get(_url("detail", draft)).status_code == 404
    assert client.get(_url("register", draft)).status_code == 404


def test_detail_draft_organiser_sees_concept_notice(client, olga):
    draft = EventFactory(status=EventStatus.DRAFT, organisers=[olga])
    client.force_login(olga)
    html = _text(client.get(_url("detail", draft)))
    assert "Concept: alleen organisatoren zien deze pagina." in html
    assert "Beheer deze bijeenkomst" in html


def test_detail_anonymous_sees_seats_and_register_link(client, event, bob_registration):
    html = _text(client.get(_url("detail", event)))
    assert "1 van de 40 plaatsen bezet." in html
    assert f'href="{_url("register", event)}"' in html
    assert "Je hebt een account nodig om je aan te melden." in html
    assert "Beheer deze bijeenkomst" not in html


def test_detail_member_sees_registration_and_live_link(client, event, bob_registration, bob):
    client.force_login(bob)
    html = _text(client.get(_url("detail", event)))
    assert "Je bent aangemeld." in html
    assert f'href="{_url("live", event)}"' in html
    assert f'href="{_url("cancel_registration", event)}"' in html


def test_detail_waitlisted_sees_position(client, bob):
    event = EventFactory(capacity=2)
    RegistrationFactory(event=event), RegistrationFactory(event=event)
    RegistrationFactory(event=event, status=RegistrationStatus.WAITLIST)
    domain.registration_create(event=event, user=bob, fields=person_fields())
    client.force_login(bob)
    html = _text(client.get(_url("detail", event)))
    assert "Je staat op de wachtlijst (plaats 2)." in html
    assert "2 mensen op de wachtlijst." in html


def test_detail_unknown_slug_is_404(client, db):
    assert client.get(reverse("events:detail", args=["bestaat-niet"])).status_code == 404


# --- The public list ---------------------------------------------------------------------------------


def _titles(response) -> list[str]:
    return [e.title for e in response.context["page"].object_list]


def test_list_shows_published_and_cancelled_upcoming_not_drafts_or_past(client, db):
    EventFactory(title="Open bijeenkomst")
    EventFactory(title="Afgelaste bijeenkomst", status=EventStatus.CANCELLED)
    EventFactory(title="Concept bijeenkomst", status=EventStatus.DRAFT)
    at_phase(EventFactory(title="Vorige bijeenkomst"), "after")
    response = client.get(reverse("events:list"))
    assert sorted(_titles(response)) == ["Afgelaste bijeenkomst", "Open bijeenkomst"]
    html = _text(response)
    assert "2 bijeenkomsten" in html
    assert "Concept bijeenkomst" not in html


def test_list_past_shows_only_past_newest_first(client, db):
    EventFactory(title="Komend")
    older = at_phase(EventFactory(title="Lang geleden"), "after")
    older.plenary_starts_at -= dt.timedelta(days=30)
    older.plenary_ends_at -= dt.timedelta(days=30)
    older.breakout_starts_at -= dt.timedelta(days=30)
    older.breakout_ends_at -= dt.timedelta(days=30)
    older.save()
    at_phase(EventFactory(title="Net geweest"), "after")
    response = client.get(reverse("events:list"), {"wanneer": "voorbij"})
    assert _titles(response) == ["Net geweest", "Lang geleden"]
    assert response.context["when"] == "voorbij"


def test_list_event_going_on_stays_under_upcoming(client, db):
    at_phase(EventFactory(title="Nu bezig"), "breakout")
    at_phase(EventFactory(title="Net geweest"), "after")
    assert _titles(client.get(reverse("events:list"))) == ["Nu bezig"]
    assert _titles(client.get(reverse("events:list"), {"wanneer": "voorbij"})) == ["Net geweest"]


def test_list_search_on_title_description_and_expert(client, db):
    EventFactory(title="Hechting", expert_name="Dr. Ans de Boer")
    EventFactory(title="Trauma", description="Over loyaliteit van kinderen.")
    EventFactory(title="Rouw")
    assert _titles(client.get(reverse("events:list"), {"q": "ans de boer"})) == ["Hechting"]
    assert _titles(client.get(reverse("events:list"), {"q": "LOYALITEIT"})) == ["Trauma"]
    response = client.get(reverse("events:list"), {"q": "onbekend"})
    assert _titles(response) == []
    assert "Geen bijeenkomsten gevonden. Probeer een ander woord." in _text(response)


def test_list_search_with_a_nul_byte_shows_a_message_at_the_field(client, db):
    EventFactory(title="Rouw")
    EventFactory(title="Hechting")
    # Percent-encoded as a browser or bot sends it; PostgreSQL refuses a NUL byte in a query (a 500).
    response = client.get(f"{reverse('events:list')}?q=abc%00def&sorteer=thema")
    assert response.status_code == 200
    html = _text(response)
    assert (
        '<ul class="errorlist" id="event-q-error"><li>In je zoekwoorden staat een teken dat niet kan. Typ ze opnieuw.</li></ul>'
        in html
    )
    assert 'aria-invalid="true" aria-describedby="event-q-error"' in html
    # The search is left out, the other choices still apply.
    assert _titles(response) == ["Hechting", "Rouw"]


def test_list_search_too_long_is_cut_not_an_error(client, db):
    EventFactory(title="Rouw")
    response = client.get(reverse("events:list"), {"q": "x" * 5000})
    assert response.status_code == 200
    assert response.context["query"] == "x" * 100


def test_list_sort_by_theme(client, db):
    for title in ("Trauma", "Autisme", "Hechting"):
        EventFactory(title=title)
    assert _titles(client.get(reverse("events:list"), {"sorteer": "thema"})) == [
        "Autisme",
        "Hechting",
        "Trauma",
    ]
    response = client.get(reverse("events:list"), {"sorteer": "onzin"})
    assert response.context["sort"] == "datum"
    assert _titles(response) == ["Trauma", "Autisme", "Hechting"]  # same day and time: by id


def test_list_pages_of_twenty(client, db):
    for n in range(23):
        EventFactory(title=f"Thema {n:02d}")
    first = client.get(reverse("events:list"), {"sorteer": "thema"})
    assert _titles(first) == [f"Thema {n:02d}" for n in range(20)]
    html = _text(first)
    assert "23 bijeenkomsten" in html
    assert "Pagina 1 van 2" in html
    assert 'href="?q=&wanneer=komend&sorteer=thema&pagina=2"' in html
    second = client.get(reverse("events:list"), {"sorteer": "thema", "pagina": "2"})
    assert _titles(second) == ["Thema 20", "Thema 21", "Thema 22"]
    assert _titles(client.get(reverse("events:list"), {"pagina": "onzin"}))[0] == "Thema 00"
    assert _titles(client.get(reverse("events:list"), {"sorteer": "thema", "pagina": "99"})) == [
        "Thema 20",
        "Thema 21",
        "Thema 22",
    ]


def test_list_full_event_says_waitlist(client, db):
    event = EventFactory(title="Vol", capacity=2)
    RegistrationFactory(event=event), RegistrationFactory(event=event)
    RegistrationFactory(event=event, kind=RegistrationKind.COACH, role="")
    html = _text(client.get(reverse("events:list")))
    assert "Vol: wachtlijst" in html


def test_list_counts_only_confirmed_participants(client, db):
    event = EventFactory(title="Half", capacity=10)
    RegistrationFactory(event=event)
    RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED)
    RegistrationFactory(event=event, status=RegistrationStatus.WAITLIST)
    RegistrationFactory(event=event, kind=RegistrationKind.COACH, role="")
    assert "1 van 10 plaatsen bezet" in _text(client.get(reverse("events:list")))


def test_list_htmx_renders_only_the_results(client, db):
    EventFactory(title="Rouw")
    response = client.get(reverse("events:list"), **HTMX)
    html = _text(response)
    assert html.lstrip().startswith('<p class="results-header">1 bijeenkomst</p>')
    assert "<h1>" not in html
    assert "<form" not in html
    assert "HX-Request" in response["Vary"]


def test_list_query_count_same_for_one_and_three_events(client, db):
    def events(n):
        for _ in range(n):
            event = EventFactory()
            RegistrationFactory(event=event)

    events(1)
    one = _count_queries(client, reverse("events:list"))
    events(2)
    three = _count_queries(client, reverse("events:list"))
    assert one == three == 2  # the count for the paginator and the page itself


# --- Registration form -------------------------------------------------------------------------------


def test_register_anonymous_redirected_to_login(client, event):
    response = client.get(_url("register", event))
    assert response["Location"] == _login_url(_url("register", event))


def test_register_valid_gets_a_seat(client, event, charlie):
    client.force_login(charlie)
    data = {
        "role": "jeugdzorgwerker",
        "organisation_other": "Jeugdzorg Oost",
        "gezinshuis": "De Linde",
        "region": "UT",
    }
    response = client.post(_url("register", event), data)
    assert response["Location"] == _url("detail", event)
    assert _messages(response) == ["Je bent aangemeld. Je krijgt een bevestiging per e-mail."]
    registration = Registration.objects.get(event=event, user=charlie)
    assert (registration.status, registration.role) == (RegistrationStatus.CONFIRMED, "jeugdzorgwerker")


def test_register_without_role_keeps_what_was_typed(client, event, charlie):
    client.force_login(charlie)
    data = {
        "organisation_other": "Jeugdzorg Oost",
        "gezinshuis": "De Linde",
        "region": "UT",
        "preferences": "Graag 's avonds.",
    }
    response = client.post(_url("register", event), data)
    assert response.status_code == 400
    assert response.context["form"].errors == {"role": ["Kies je rol."]}
    html = _text(response)
    assert 'value="Jeugdzorg Oost"' in html
    assert 'value="De Linde"' in html
    assert "Graag 's avonds.</textarea>" in html
    assert not Registration.objects.filter(user=charlie).exists()


def test_register_youth_care_worker_without_gezinshuis_error_at_the_field(client, event, charlie):
    client.force_login(charlie)
    data = {
        "role": "jeugdzorgwerker",
        "organisation_other": "Jeugdzorg Oost",
        "gezinshuis": " ",
        "region": "GE",
    }
    response = client.post(_url("register", event), data)
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "gezinshuis": ["Vul in bij welk gezinshuis je betrokken bent."]
    }
    html = _text(response)
    assert (
        '<ul class="errorlist" id="id_gezinshuis_error"><li>Vul in bij welk gezinshuis je betrokken bent.</li></ul>'
        in html
    )
    assert 'value="Jeugdzorg Oost"' in html
    assert '<option value="GE" selected>' in html
    assert '<input type="radio" name="role" value="jeugdzorgwerker" id="id_role_1" required checked>' in html


def test_register_bad_choices_and_too_long_text_say_why(client, event, charlie):
    client.force_login(charlie)
    data = {"role": "baas", "organisation": "99999", "organisation_other": "x" * 151, "region": "XX"}
    response = client.post(_url("register", event), data)
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "role": ["Kies een van de rollen."],
        "organisation": ["Kies een organisatie uit de lijst."],
        "organisation_other": ["Je tekst is te lang. Gebruik maximaal 150 tekens (nu 151)."],
        "region": ["Kies een provincie uit de lijst."],
    }


def test_register_when_full_goes_on_the_waitlist(client, charlie):
    event = EventFactory(capacity=2)
    RegistrationFactory(event=event), RegistrationFactory(event=event)
    client.force_login(charlie)
    data = {"role": "other", "organisation_other": "GGZ Noord", "region": "GR"}
    response = client.post(_url("register", event), data)
    assert _messages(response) == ["De bijeenkomst is vol. Je staat op de wachtlijst."]
    assert Registration.objects.get(user=charlie).status == RegistrationStatus.WAITLIST


def test_register_after_the_deadline_says_it_is_closed(client, event, charlie):
    event.registration_deadline = timezone.now() - dt.timedelta(minutes=5)
    event.save()
    client.force_login(charlie)
    data = {"role": "other", "organisation_other": "GGZ Noord", "region": "GR"}
    opened = client.get(_url("register", event))
    assert opened["Location"] == _url("detail", event)
    assert _messages(opened) == ["Aanmelden voor deze bijeenkomst kan niet (meer)."]
    sent = client.post(_url("register", event), data)
    assert sent["Location"] == _url("detail", event)
    assert not Registration.objects.filter(user=charlie).exists()


def test_register_twice_redirects_with_notice(client, event, bob_registration, bob):
    client.force_login(bob)
    response = client.post(
        _url("register", event), {"role": "other", "organisation_other": "X", "region": "UT"}
    )
    assert response["Location"] == _url("detail", event)
    assert _messages(response) == ["Je bent al aangemeld voor deze bijeenkomst."]
    assert Registration.objects.filter(user=bob).count() == 1


def test_cancel_registration_frees_seat_for_waitlist(client, bob):
    event = EventFactory(capacity=1)
    seated = RegistrationFactory(event=event, user=bob)
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITLIST)
    client.force_login(bob)
    assert "Afmelden" in _text(client.get(_url("cancel_registration", event)))
    response = client.post(_url("cancel_registration", event))
    assert response["Location"] == _url("detail", event)
    seated.refresh_from_db(), waiting.refresh_from_db()
    assert (seated.status, waiting.status) == (RegistrationStatus.CANCELLED, RegistrationStatus.CONFIRMED)


def test_cancel_registration_without_registration_is_404(client, event, charlie):
    client.force_login(charlie)
    assert client.post(_url("cancel_registration", event)).status_code == 404


# --- Event form --------------------------------------------------------------------------------------


def _day(days=10):
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def _event_data(**overrides):
    return {
        "title": "Hechting en trauma",
        "description": "Over hechting bij pleegkinderen.",
        "expert_name": "Dr. Ans de Boer",
        "date": _day(),
        "plenary_start": "19:00",
        "plenary_end": "19:45",
        "breakout_start": "20:00",
        "breakout_end": "21:15",
        "capacity": "60",
        "registration_deadline": f"{_day(8)}T12:00",
        "audiences": ["gezinshuisouders", "jeugdzorgwerkers"],
        "video_provider": "jitsi",
        "hours_eligible": "on",
        "group_min": "4",
        "group_max": "8",
        "pair_rule": "apart",
        **overrides,
    }


def _create(client, **overrides):
    return client.post(reverse("events:create"), _event_data(**overrides))


def test_create_outsider_without_organiser_role_gets_404(client, charlie):
    client.force_login(charlie)
    assert client.get(reverse("events:create")).status_code == 404
    assert client.post(reverse("events:create"), _event_data()).status_code == 404
    assert not Event.objects.exists()


def test_create_anonymous_redirected_to_login(client, db):
    response = client.get(reverse("events:create"))
    assert response["Location"] == _login_url(reverse("events:create"))


def test_create_valid_saves_a_draft_and_goes_to_manage(client, olga):
    client.force_login(olga)
    response = _create(client)
    event = Event.objects.get()
    assert response["Location"] == _url("manage", event)
    assert event.status == EventStatus.DRAFT
    assert list(event.organisers.all()) == [olga]
    assert timezone.localtime(event.plenary_starts_at).strftime("%H:%M") == "19:00"
    assert event.breakout_minutes == 75
    assert event.audiences == ["gezinshuisouders", "jeugdzorgwerkers"]


def test_create_empty_form_shows_dutch_errors_at_every_field(client, olga):
    client.force_login(olga)
    empty = {name: "" for name in _event_data() if name not in ("audiences", "hours_eligible")}
    response = client.post(reverse("events:create"), empty)
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "title": ["Vul het thema in."],
        "description": ["Vertel kort waar de bijeenkomst over gaat."],
        "expert_name": ["Vul in wie het plenaire deel verzorgt."],
        "date": ["Kies een datum."],
        "plenary_start": ["Vul de begintijd van het plenaire deel in."],
        "plenary_end": ["Vul de eindtijd van het plenaire deel in."],
        "breakout_start": ["Vul in wanneer de kleine groepen beginnen."],
        "breakout_end": ["Vul in wanneer de kleine groepen eindigen."],
        "capacity": ["Vul een getal in."],
        "registration_deadline": ["Vul in tot wanneer mensen zich kunnen aanmelden."],
        "audiences": ["Kies voor wie de bijeenkomst is."],
        "video_provider": ["Dit veld is verplicht."],
        "group_min": ["Vul een getal in."],
        "group_max": ["Vul een getal in."],
        "pair_rule": ["Kies een van de twee."],
    }
    assert "Er gaat iets mis. Kijk bij de velden hieronder wat er anders moet." in _text(response)
    assert not Event.objects.exists()


def test_create_error_keeps_everything_typed(client, olga):
    client.force_login(olga)
    response = _create(client, title="", expert_bio="Dertig jaar ervaring.")
    assert response.status_code == 400
    assert response.context["form"].errors == {"title": ["Vul het thema in."]}
    html = _text(response)
    assert "Over hechting bij pleegkinderen.</textarea>" in html
    assert 'value="Dr. Ans de Boer"' in html
    assert "Dertig jaar ervaring.</textarea>" in html
    assert f'value="{_day()}"' in html
    assert 'value="19:45"' in html
    assert f'value="{_day(8)}T12:00"' in html


def test_create_title_too_long(client, olga):
    client.force_login(olga)
    response = _create(client, title="x" * 121)
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "title": ["Je tekst is te lang. Gebruik maximaal 120 tekens (nu 121)."]
    }
    assert 'value="' + "x" * 121 + '"' in _text(response)


def test_create_plenary_end_before_start_error_at_the_end(client, olga):
    client.force_login(olga)
    response = _create(client, plenary_end="18:30")
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "plenary_end": ["Het plenaire deel moet eindigen na het begin."]
    }


def test_create_breakout_end_before_start_error_at_the_end(client, olga):
    client.force_login(olga)
    response = _create(client, breakout_end="19:59")
    assert response.context["form"].errors == {
        "breakout_end": ["De kleine groepen moeten eindigen na hun begin."]
    }


def test_create_breakouts_during_plenary_error_at_breakout_start(client, olga):
    client.force_login(olga)
    response = _create(client, breakout_start="19:30")
    assert response.context["form"].errors == {
        "breakout_start": ["De kleine groepen beginnen pas als het plenaire deel klaar is."]
    }


def test_create_in_the_past_error_at_the_date(client, olga):
    client.force_login(olga)
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    response = _create(client, date=yesterday, registration_deadline=f"{yesterday}T08:00")
    assert response.context["form"].errors == {
        "date": ["Kies een moment in de toekomst."],
        "registration_deadline": ["Kies een moment in de toekomst, anders kan niemand zich aanmelden."],
    }


def test_create_deadline_after_start_error_at_the_deadline(client, olga):
    client.force_login(olga)
    response = _create(client, registration_deadline=f"{_day()}T19:30")
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "registration_deadline": ["Aanmelden moet sluiten voordat de bijeenkomst begint."]
    }


def test_create_group_min_above_max_error_at_max(client, olga):
    client.force_login(olga)
    response = _create(client, group_min="9", group_max="5")
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "group_max": ["Het maximum per groep moet minstens zo groot zijn als het minimum."]
    }


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"date": "31-02-2026"}, {"date": ["Vul een geldige datum in, bijvoorbeeld 14-10-2025."]}),
        ({"plenary_start": "25:00"}, {"plenary_start": ["Vul een geldige tijd in, bijvoorbeeld 19:30."]}),
        ({"capacity": "veel"}, {"capacity": ["Vul een heel getal in, zonder letters."]}),
        ({"capacity": "1"}, {"capacity": ["Kies minstens 2."]}),
        ({"capacity": "5000"}, {"capacity": ["Kies hoogstens 2000."]}),
        (
            {"registration_deadline": "morgen"},
            {"registration_deadline": ["Vul een geldige datum en tijd in, bijvoorbeeld 14-10-2025 12:00."]},
        ),
        ({"audiences": ["iedereen"]}, {"audiences": ["Kies uit de lijst."]}),
        ({"pair_rule": "soms"}, {"pair_rule": ["Kies een van de twee."]}),
    ],
)
def test_create_wrong_format_says_why_at_the_field(client, olga, overrides, errors):
    client.force_login(olga)
    response = _create(client, **overrides)
    assert response.status_code == 400
    assert response.context["form"].errors == errors
    assert not Event.objects.exists()


def test_edit_times_raise_sequence_and_keep_the_form_filled(client, event, olga, bob_registration):
    client.force_login(olga)
    form = client.get(_url("edit", event)).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("on" if v is True else v) for k, v in data.items() if v not in (None, False)}
    data["date"] = timezone.localtime(event.plenary_starts_at).date().isoformat()
    data["registration_deadline"] = timezone.localtime(event.registration_deadline).strftime("%Y-%m-%dT%H:%M")
    data["plenary_start"] = "18:30"
    response = client.post(_url("edit", event), data)
    assert response["Location"] == _url("manage", event)
    event.refresh_from_db()
    assert timezone.localtime(event.plenary_starts_at).strftime("%H:%M") == "18:30"
    assert event.sequence == 1


def test_edit_capacity_below_taken_seats_error_at_capacity(client, olga):
    event = EventFactory(capacity=5, organisers=[olga])
    for _ in range(3):
        RegistrationFactory(event=event)
    client.force_login(olga)
    local = timezone.localtime
    data = _event_data(
        title=event.title,
        date=local(event.plenary_starts_at).date().isoformat(),
        registration_deadline=local(event.registration_deadline).strftime("%Y-%m-%dT%H:%M"),
        capacity="2",
    )
    response = client.post(_url("edit", event), data)
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "capacity": ["Er zijn al 3 mensen aangemeld. Kies minstens 3 plaatsen."]
    }
    event.refresh_from_db()
    assert event.capacity == 5


# --- The organiser's registrations page ------------------------------------------------------------


def test_manage_lists_participants_with_counts_and_coaches(client, event, olga, bob_registration):
    RegistrationFactory(event=event, status=RegistrationStatus.WAITLIST)
    RegistrationFactory(event=event, status=RegistrationStatus.WAITLIST)
    RegistrationFactory(event=event)
    RegistrationFactory(
        event=event, kind=RegistrationKind.COACH, role="", user=UserFactory(name="Cees Coach")
    )
    client.force_login(olga)
    response = client.get(_url("manage", event))
    html = _text(response)
    assert "2 van 40 plaatsen bezet" in html
    assert "2 op de wachtlijst" in html
    assert "1 coach" in html
    assert "Cees Coach" in html
    assert "4 aanmeldingen" in html
    assert "bob@example.nl" in html


def test_manage_filter_search_and_sort(client, event, olga, bob_registration):
    RegistrationFactory(
        event=event, user=UserFactory(name="Anna Aalbers"), status=RegistrationStatus.WAITLIST
    )
    RegistrationFactory(event=event, user=UserFactory(name="Zeger Zwart"))
    client.force_login(olga)

    def names(**params):
        return [
            str(r.user.name) for r in client.get(_url("manage", event), params).context["page"].object_list
        ]

    assert names(sorteer="naam") == ["Anna Aalbers", "Bob de Vries", "Zeger Zwart"]
    assert names(status="waitlist") == ["Anna Aalbers"]
    assert names(q="ZEGER") == ["Zeger Zwart"]
    assert names(q="bob@example") == ["Bob de Vries"]
    assert sorted(names(status="onzin", sorteer="onzin")) == ["Anna Aalbers", "Bob de Vries", "Zeger Zwart"]


def test_manage_search_with_a_nul_byte_shows_a_message_at_the_field(client, event, olga, bob_registration):
    RegistrationFactory(event=event, user=UserFactory(name="Zeger Zwart"), status=RegistrationStatus.WAITLIST)
    client.force_login(olga)
    # Percent-encoded as a browser or bot sends it; PostgreSQL refuses a NUL byte in a query (a 500).
    response = client.get(f"{_url('manage', event)}?q=bob%00&status=waitlist")
    assert response.status_code == 200
    html = _text(response)
    assert (
        '<ul class="errorlist" id="reg-q-error"><li>In je zoekwoorden staat een teken dat niet kan. Typ ze opnieuw.</li></ul>'
        in html
    )
    assert 'aria-invalid="true" aria-describedby="reg-q-error"' in html
    # The search is left out; the valid status filter still applies.
    assert [r.user.name for r in response.context["page"].object_list] == ["Zeger Zwart"]
    assert response.context["query"] == ""
    assert response.context["status"] == "waitlist"


@pytest.mark.parametrize(
    ("phase", "label"),
    [("before", "Open voor aanmelden"), ("plenary", "Nu bezig"), ("after", "Geweest")],
)
def test_manage_says_where_the_event_stands(client, event, olga, phase, label):
    at_phase(event, phase)
    if phase == "before":  # at_phase puts the deadline two days back: open it again
        event.registration_deadline = timezone.now() + dt.timedelta(hours=1)
        event.save()
    client.force_login(olga)
    html = _text(client.get(_url("manage", event)))
    assert f'<span class="badge badge-neutral">{label}</span>' in html
    assert ("Open voor aanmelden" in html) == (label == "Open voor aanmelden")


def test_manage_and_mine_say_registration_closed_after_the_deadline(client, event, olga):
    event.registration_deadline = timezone.now() - dt.timedelta(hours=1)
    event.save()
    client.force_login(olga)
    for url in (_url("manage", event), reverse("events:mine")):
        html = _text(client.get(url))
        assert '<span class="badge badge-neutral">Aanmelden gesloten</span>' in html
        assert "Open voor aanmelden" not in html


def test_mine_shows_a_past_event_as_past_not_open(client, event, olga):
    at_phase(event, "after")
    draft = EventFactory(title="Nog een concept", organisers=[olga], status=EventStatus.DRAFT)
    client.force_login(olga)
    html = _text(client.get(reverse("events:mine")))
    assert '<span class="badge badge-neutral">Geweest</span>' in html
    assert '<span class="badge badge-neutral">Concept</span>' in html
    assert "Open voor aanmelden" not in html
    assert draft.title in html


def test_manage_htmx_renders_only_the_registrations(client, event, olga, bob_registration):
    client.force_login(olga)
    response = client.get(_url("manage", event), **HTMX)
    html = _text(response)
    assert html.lstrip().startswith('<p class="results-header" role="status">1 aanmelding</p>')
    assert "<h1>" not in html
    assert "Coaches" not in html


def test_manage_query_count_same_for_one_and_three_registrations(client, event, olga, bob_registration):
    RegistrationFactory(event=event, kind=RegistrationKind.COACH, role="")
    client.force_login(olga)
    one = _count_queries(client, _url("manage", event))
    RegistrationFactory(event=event, organisation=OrganisationFactory(), organisation_other="")
    RegistrationFactory(event=event, status=RegistrationStatus.WAITLIST)
    RegistrationFactory(event=event, kind=RegistrationKind.COACH, role="")
    CoachInvite.objects.create(event=event, email="x@example.nl")
    three = _count_queries(client, _url("manage", event))
    assert one == three


def test_mine_query_count_same_for_one_and_three_registrations(client, bob):
    RegistrationFactory(user=bob)
    client.force_login(bob)
    one = _count_queries(client, reverse("events:mine"))
    RegistrationFactory(user=bob)
    at_phase(RegistrationFactory(user=bob).event, "after")
    three = _count_queries(client, reverse("events:mine"))
    assert one == three


# --- Composition -------------------------------------------------------------------------------------


def _move(client, event, registration, breakout, **extra):
    data = {"registration": registration.pk if hasattr(registration, "pk") else registration}
    data["breakout"] = breakout.pk if hasattr(breakout, "pk") else breakout
    return client.post(_url("move", event), data, **extra)


def test_composition_shows_groups_with_coaches_and_members(client, event, olga, board):
    client.force_login(olga)
    html = _text(client.get(_url("composition", event)))
    assert 'id="group-{}"'.format(board["breakouts"][0].pk) in html
    assert f"Coach: {board['coaches'][0].user}" in html
    assert "Bob de Vries" in html
    assert "Alle harde regels kloppen" in html


def test_move_that_breaks_a_rule_says_so(client, event, olga, board):
    one, two = board["breakouts"]
    jzw_one = board["people"][1]
    client.force_login(olga)
    response = _move(client, event, jzw_one, two, **HTMX)
    assert response.status_code == 200
    html = _text(response)
    assert f"{jzw_one.user} zit nu in groep 2." in html
    assert "Deze verplaatsing breekt een regel:" in html
    assert "<h1>" not in html  # the board partial only
    jzw_one.refresh_from_db()
    assert jzw_one.breakout == two
    assert AuditEntry.objects.get(action="event_registration.moved").data == {"from": one.pk, "to": two.pk}


def test_move_back_breaks_no_rules_and_mends(client, event, olga, board):
    one, two = board["breakouts"]
    jzw_one = board["people"][1]
    client.force_login(olga)
    _move(client, event, jzw_one, two)
    html = _text(_move(client, event, jzw_one, one))
    assert "Deze verplaatsing breekt geen regels." in html
    assert "Opgelost door deze verplaatsing:" in html


def test_move_out_of_all_groups(client, event, olga, board, bob_registration):
    client.force_login(olga)
    html = _text(_move(client, event, bob_registration, ""))
    assert "Bob de Vries zit nu in geen groep." in html
    bob_registration.refresh_from_db()
    assert bob_registration.breakout is None


def test_move_registration_of_another_event_is_400_with_dutch_message(client, event, olga, board):
    stranger = RegistrationFactory()
    client.force_login(olga)
    response = _move(client, event, stranger, board["breakouts"][0])
    assert response.status_code == 400
    assert '<p class="message message-error">Deze deelnemer hoort niet bij deze bijeenkomst.</p>' in _text(
        response
    )
    stranger.refresh_from_db()
    assert stranger.breakout is None


def test_move_to_a_breakout_that_does_not_exist_is_400(client, event, olga, board, bob_registration):
    client.force_login(olga)
    response = _move(client, event, bob_registration, "999999")
    assert response.status_code == 400
    assert '<p class="message message-error">Kies een groep uit de lijst.</p>' in _text(response)
    bob_registration.refresh_from_db()
    assert bob_registration.breakout == board["breakouts"][0]


def test_move_to_a_breakout_of_another_event_is_400(client, event, olga, board, bob_registration):
    other = Breakout.objects.create(event=EventFactory(), number=1, room="elders")
    client.force_login(olga)
    response = _move(client, event, bob_registration, other)
    assert response.status_code == 400
    assert "Kies een groep uit de lijst." in _text(response)


def test_move_bad_input_over_htmx_shows_the_message_on_the_board(
    client, event, olga, board, bob_registration
):
    client.force_login(olga)
    response = _move(client, event, bob_registration, "999999", **HTMX)
    assert response.status_code == 200  # HTMX does not swap a 4xx answer
    html = _text(response)
    # The board, and the message out of band into the page's live region (which stays in place).
    assert html.lstrip().startswith('<div id="board-feedback" hx-swap-oob="innerHTML">')
    assert '<div id="board" class="composition-board">' in html
    assert "<h1>" not in html
    assert '<p class="message message-error">Kies een groep uit de lijst.</p>' in html
    bob_registration.refresh_from_db()
    assert bob_registration.breakout == board["breakouts"][0]


def test_move_nonsense_registration_is_400(client, event, olga, board):
    client.force_login(olga)
    response = _move(client, event, "abc", "")
    assert response.status_code == 400
    assert "Deze deelnemer hoort niet bij deze bijeenkomst." in _text(response)


def test_move_a_coach_is_400(client, event, olga, board):
    client.force_login(olga)
    response = _move(client, event, board["coaches"][0], board["breakouts"][1])
    assert response.status_code == 400
    assert "Alleen aangemelde deelnemers kun je verplaatsen." in _text(response)


def test_lock_person_and_group(client, event, olga, board, bob_registration):
    one = board["breakouts"][0]
    client.force_login(olga)
    assert (
        client.post(_url("lock", event), {"registration": bob_registration.pk, "locked": "1"}).status_code
        == 200
    )
    assert client.post(_url("lock", event), {"breakout": one.pk, "locked": "1"}).status_code == 200
    bob_registration.refresh_from_db(), one.refresh_from_db()
    assert (bob_registration.locked, one.locked) == (True, True)


def test_lock_unplaced_person_is_400_with_reason(client, event, olga, board):
    loose = RegistrationFactory(event=event)
    client.force_login(olga)
    response = client.post(_url("lock", event), {"registration": loose.pk, "locked": "1"})
    assert response.status_code == 400
    assert "Zet iemand eerst in een groep voordat je hem of haar vastzet." in _text(response)


def test_lock_other_events_breakout_is_404(client, event, olga, board):
    other = Breakout.objects.create(event=EventFactory(), number=1, room="elders")
    client.force_login(olga)
    assert client.post(_url("lock", event), {"breakout": other.pk, "locked": "1"}).status_code == 404
    other.refresh_from_db()
    assert other.locked is False


def test_compose_without_participants_is_400_with_reason(client, event, olga):
    client.force_login(olga)
    response = client.post(_url("compose", event))
    assert response.status_code == 400
    assert "Er zijn nog geen deelnemers om in te delen." in _text(response)
    assert not event.breakouts.exists()


def test_compose_error_over_htmx_reaches_the_board(client, event, olga):
    """HTMX does not swap a 4xx answer, so the board with the message comes back as 200."""
    client.force_login(olga)
    response = client.post(_url("compose", event), **HTMX)
    assert response.status_code == 200
    html = _text(response)
    # The board, and the message out of band into the page's live region (which stays in place).
    assert html.lstrip().startswith('<div id="board-feedback" hx-swap-oob="innerHTML">')
    assert '<div id="board" class="composition-board">' in html
    assert "<h1>" not in html
    assert '<p class="message message-error">Er zijn nog geen deelnemers om in te delen.</p>' in html


def test_publish_composition_asks_first_then_mails_everyone_once(client, event, olga, board):
    client.force_login(olga)
    mail.outbox.clear()
    ask = client.post(_url("publish_composition", event))
    assert "6 mensen krijgen een e-mail met hun groep en videolink." in _text(ask)
    assert mail.outbox == []
    response = client.post(_url("publish_composition", event), {"confirm": "1"})
    assert response.status_code == 200
    assert "De indeling is verstuurd: 6 mensen kregen een e-mail." in _text(response)
    assert len(mail.outbox) == 6
    again = client.post(_url("publish_composition", event), {"confirm": "1"})
    assert "De indeling is verstuurd: 0 mensen kregen een e-mail." in _text(again)


def test_publish_composition_with_unplaced_people_is_400(client, event, olga, board):
    RegistrationFactory(event=event)
    client.force_login(olga)
    response = client.post(_url("publish_composition", event), {"confirm": "1"})
    assert response.status_code == 400
    assert "1 deelnemer zit nog in geen groep. Deel eerst iedereen in." in _text(response)
    event.refresh_from_db()
    assert event.published_at is None


def test_composition_query_count_same_for_one_and_three_per_group(client, event, olga, board):
    client.force_login(olga)
    one = _count_queries(client, _url("composition", event))
    for breakout in board["breakouts"]:
        for _n in range(2):
            RegistrationFactory(
                event=event,
                breakout=breakout,
                role=ParticipantRole.OTHER,
                organisation=OrganisationFactory(),
                organisation_other="",
            )
    three = _count_queries(client, _url("composition", event))
    assert one == three


def test_composition_board_shows_pairs_against_a_hand_deal(client, event, olga, board):
    client.force_login(olga)

    html = _text(client.get(_url("composition", event)))

    # Four people of four organisations: no pairs, and none with the hand either.
    assert "<strong>Paren uit dezelfde organisatie: 0 (met de hand verdelen: 0)</strong>" in html
    assert "Minder paren kan niet met dit aantal groepen." in html
    assert "Wat is het belangrijkst bij het indelen?" in html
    assert 'value="organisation" form="compose-form" id="id_priority_0" checked' in html


def test_move_over_htmx_tells_the_change_in_pairs_and_the_board_compares(client, event, olga, board):
    one, _two = board["breakouts"]
    same_as_bob = RegistrationFactory(
        event=event,
        role=ParticipantRole.GEZINSHUISOUDER,
        breakout=board["breakouts"][1],
        organisation_other="Organisatie A",
        gezinshuis="Gezinshuis E",
    )
    client.force_login(olga)

    html = _text(_move(client, event, same_as_bob, one, **HTMX))

    assert f"{same_as_bob.user} zit nu in groep 1." in html
    assert "Deze verplaatsing breekt geen regels. Paren uit dezelfde organisatie: van 0 naar 1." in html
    assert "<strong>Paren uit dezelfde organisatie: 1 (met de hand verdelen: 0)</strong>" in html
    assert "Dat zijn er meer dan met de hand. Klik op ‘Opnieuw indelen’ om dat beter te maken." in html
    assert "<h1>" not in html


def test_compose_with_another_most_important_criterion_saves_it_and_composes(client, event, olga, board):
    client.force_login(olga)

    response = client.post(_url("compose", event), {"priority": "region"}, **HTMX)

    html = _text(response)
    assert "Indeling gemaakt in" in html
    assert "<strong>Paren uit dezelfde regio: 0 (met de hand verdelen: 0)</strong>" in html
    # The choice stands outside the board that HTMX replaces; the page shows it chosen.
    assert 'value="region" form="compose-form" id="id_priority_1" checked' in _text(
        client.get(_url("composition", event))
    )
    event.refresh_from_db()
    assert event.composition_priority == "region"
    assert event.composition_report["comparison"]["attribute"] == "region"
    assert AuditEntry.objects.get(action="event.updated").data == {"fields": ["composition_priority"]}


def test_compose_without_a_choice_keeps_the_criterion(client, event, olga, board):
    event.composition_priority = "role"
    event.save()
    client.force_login(olga)

    client.post(_url("compose", event))

    event.refresh_from_db()
    assert event.composition_priority == "role"
    assert event.composition_report["comparison"]["attribute"] == "role"
    assert not AuditEntry.objects.filter(action="event.updated").exists()


def test_compose_with_an_unknown_criterion_is_400_with_the_message_at_the_field(client, event, olga, board):
    client.force_login(olga)
    composed_at = event.composed_at

    response = client.post(_url("compose", event), {"priority": "leeftijd"})

    assert response.status_code == 400
    html = _text(response)
    assert '<ul class="errorlist" id="id_priority_error"><li>Kies een van de drie.</li></ul>' in html
    assert (
        '<p class="message message-error">Er is niets ingedeeld: kies wat het belangrijkst is bij het indelen.</p>'
        in html
    )
    event.refresh_from_db()
    assert (event.composition_priority, event.composed_at) == ("organisation", composed_at)


# --- The live page -----------------------------------------------------------------------------------


def _publish(event):
    """What sending the composition records: when, and the group each person was told."""
    event.published_at = timezone.now()
    event.save()
    for registration in event.registrations.filter(breakout__isnull=False):
        registration.published_breakout_id = registration.breakout_id
        registration.save(update_fields=["published_breakout"])


def test_live_outsider_and_waitlisted_get_404(client, event, bob_registration, charlie):
    client.force_login(charlie)
    assert client.get(_url("live", event)).status_code == 404
    RegistrationFactory(event=event, user=charlie, status=RegistrationStatus.WAITLIST)
    assert client.get(_url("live", event)).status_code == 404


def test_live_anonymous_redirected_to_login(client, event):
    assert client.get(_url("live", event))["Location"] == _login_url(_url("live", event))


def test_live_plenary_phase_shows_plenary_link_not_the_breakout_link(client, event, board, bob):
    at_phase(event, "plenary")
    _publish(event)
    client.force_login(bob)
    response = client.get(_url("live", event))
    html = _text(response)
    assert response.context["phase"] == "plenary"
    assert f'href="{event.plenary_url}"' in html
    assert "Jij zit in groep 1." in html
    assert board["breakouts"][0].room not in html
    assert response["Cache-Control"] == "no-store"


def test_live_breakout_phase_before_publication_shows_no_link(client, event, board, bob):
    at_phase(event, "breakout")
    client.force_login(bob)
    html = _text(client.get(_url("live", event)))
    assert "Je zit nog in geen groep." in html
    assert board["breakouts"][0].room not in html
    assert board["breakouts"][1].room not in html


def test_live_breakout_phase_after_publication_shows_own_room_only(client, event, board, bob):
    at_phase(event, "breakout")
    _publish(event)
    client.force_login(bob)
    response = client.get(_url("live", event))
    html = _text(response)
    one, two = board["breakouts"]
    assert response.context["phase"] == "breakout"
    assert f'href="{one.room_url}"' in html
    assert "Je zit in groep 1." in html
    assert f"Je coach is {board['coaches'][0].user}." in html
    assert two.room not in html


def test_live_breakout_phase_coach_sees_own_group(client, event, board):
    at_phase(event, "breakout")
    coach = board["coaches"][1]
    client.force_login(coach.user)
    html = _text(client.get(_url("live", event)))
    assert "Je bent coach van groep 2." in html
    assert f'href="{board["breakouts"][1].room_url}"' in html
    assert board["breakouts"][0].room not in html


def test_live_htmx_renders_only_the_state(client, event, board, bob):
    at_phase(event, "breakout")
    client.force_login(bob)
    html = _text(client.get(_url("live", event), **HTMX))
    assert html.lstrip().startswith('<div id="live-state"')
    assert "<h1>" not in html


def test_live_cancelled_event_says_so_without_links(client, event, board, bob, olga):
    at_phase(event, "breakout")
    _publish(event)
    event.status = EventStatus.CANCELLED
    event.save()
    client.force_login(bob)
    html = _text(client.get(_url("live", event)))
    assert "Deze bijeenkomst is afgelast." in html
    assert board["breakouts"][0].room not in html
    assert event.plenary_room not in html


def test_live_after_the_event_offers_evaluation(client, event, bob_registration, bob):
    at_phase(event, "after")
    client.force_login(bob)
    html = _text(client.get(_url("live", event)))
    assert "De bijeenkomst is afgelopen." in html
    assert f'href="{_url("evaluate", event)}"' in html


# --- Attendance, evaluation and results --------------------------------------------------------------


def test_attendance_before_start_post_is_400_with_reason(client, event, olga, bob_registration):
    client.force_login(olga)
    response = client.post(_url("attendance", event), {"present": [bob_registration.pk]})
    assert response.status_code == 400
    assert "Je kunt de aanwezigheid pas registreren als de bijeenkomst begonnen is." in _text(response)
    bob_registration.refresh_from_db()
    assert bob_registration.attended is None


def test_attendance_after_start_saves_with_message(client, event, olga, bob_registration):
    absent = RegistrationFactory(event=event)
    at_phase(event, "after")
    client.force_login(olga)
    response = client.post(_url("attendance", event), {"present": [str(bob_registration.pk), "onzin"]})
    assert response["Location"] == _url("attendance", event)
    assert _messages(response) == ["Aanwezigheid opgeslagen: 1 van de 2 aanwezig."]
    bob_registration.refresh_from_db(), absent.refresh_from_db()
    assert (bob_registration.attended, absent.attended) == (True, False)


def test_attendance_query_count_same_for_one_and_three(client, event, olga, bob_registration):
    at_phase(event, "after")
    client.force_login(olga)
    one = _count_queries(client, _url("attendance", event))
    RegistrationFactory(event=event)
    RegistrationFactory(event=event, kind=RegistrationKind.COACH, role="")
    three = _count_queries(client, _url("attendance", event))
    assert one == three


RATINGS = {
    "plenary_rating": "4",
    "breakout_rating": "5",
    "mix_rating": "3",
    "takeaway": "Rust.",
    "suggestion": "",
}


def test_evaluate_after_the_event_saves_once(client, event, bob_registration, bob):
    at_phase(event, "after")
    client.force_login(bob)
    response = client.post(_url("evaluate", event), RATINGS)
    assert response["Location"] == _url("detail", event)
    assert _messages(response) == ["Dank je wel voor je beoordeling!"]
    again = client.post(_url("evaluate", event), RATINGS)
    assert again.status_code == 200
    assert again.context["done"] is True
    assert bob_registration.__class__.objects.get(pk=bob_registration.pk).evaluation.breakout_rating == 5


def test_evaluate_bad_rating_says_why(client, event, bob_registration, bob):
    at_phase(event, "after")
    client.force_login(bob)
    response = client.post(_url("evaluate", event), {**RATINGS, "mix_rating": "9", "takeaway": "x" * 1001})
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "mix_rating": ["Kies een cijfer van 1 tot 5."],
        "takeaway": ["Je tekst is te lang. Gebruik maximaal 1000 tekens (nu 1001)."],
    }


def test_evaluate_before_the_end_says_why(client, event, bob_registration, bob):
    client.force_login(bob)
    response = client.post(_url("evaluate", event), RATINGS)
    assert response.status_code == 400
    assert "Je kunt de bijeenkomst beoordelen als hij voorbij is." in _text(response)


def test_evaluate_outsider_gets_404(client, event, bob_registration, charlie):
    at_phase(event, "after")
    client.force_login(charlie)
    assert client.get(_url("evaluate", event)).status_code == 404


def test_results_hide_averages_below_five_answers(client, event, olga):
    at_phase(event, "after")
    people = [RegistrationFactory(event=event, attended=True) for _ in range(5)]
    for registration in people[:4]:
        domain.evaluation_submit(
            registration=registration, fields={"plenary_rating": 5, "breakout_rating": 4, "mix_rating": 3}
        )
    client.force_login(olga)
    html = _text(client.get(_url("results", event)))
    assert "4 antwoorden van 5 aanwezige deelnemers." in html
    assert "Je ziet de uitkomsten vanaf 5 antwoorden." in html
    domain.evaluation_submit(
        registration=people[4],
        fields={"plenary_rating": 2, "breakout_rating": 4, "mix_rating": 3, "takeaway": "Meer rust in huis."},
    )
    html = _text(client.get(_url("results", event)))
    assert "<dd>4,4 / 5</dd>" in html
    assert "<li>Meer rust in huis.</li>" in html


# --- Coach invitation link ---------------------------------------------------------------------------


def test_coach_invite_link_anonymous_goes_to_login(client, event, olga):
    invite = domain.coach_invite_create(event=event, email="coach@example.nl", by=olga)
    url = _url("coach_invite", event, invite.token)
    assert client.get(url)["Location"] == _login_url(url)


def test_coach_invite_link_wrong_token_is_404(client, event, charlie):
    client.force_login(charlie)
    assert client.get(_url("coach_invite", event, "geraden")).status_code == 404


def test_coach_invite_link_accept_makes_a_coach(client, event, olga, charlie):
    invite = domain.coach_invite_create(event=event, email="Charlie@Example.nl", by=olga)
    client.force_login(charlie)
    url = _url("coach_invite", event, invite.token)
    response = client.post(url, {"organisation_other": "Coachbureau West", "region": ""})
    assert response["Location"] == _url("detail", event)
    registration = Registration.objects.get(event=event, user=charlie)
    assert (registration.kind, registration.organisation_other) == (
        RegistrationKind.COACH,
        "Coachbureau West",
    )
    again = client.post(url, {"organisation_other": "Coachbureau West"})
    assert again.status_code == 400
    assert "Deze uitnodiging is al gebruikt." in _text(again)


def test_coach_invite_link_for_another_address_is_refused(client, event, olga, charlie):
    """A forwarded link does not make someone else coach: coaches see participants' names."""
    invite = domain.coach_invite_create(event=event, email="coach@example.nl", by=olga)
    client.force_login(charlie)
    url = _url("coach_invite", event, invite.token)
    response = client.post(url, {"organisation_other": "Coachbureau West", "region": ""})
    assert response.status_code == 403
    assert "naar een ander e-mailadres gestuurd" in _text(response)
    assert not Registration.objects.filter(event=event, user=charlie).exists()
    invite.refresh_from_db()
    assert invite.accepted_at is None


# --- Begeleiders offering themselves as coach ---------------------------------------------------------


def test_register_coach_begeleider_becomes_coach_without_a_seat(client, db):
    event = EventFactory(capacity=2)
    RegistrationFactory(event=event), RegistrationFactory(event=event)
    bea = UserFactory(email="bea@example.nl", roles=["begeleider"])
    give_totp(bea)
    client.force_login(bea)
    response = client.post(
        _url("register_coach", event), {"organisation_other": "Coachbureau", "region": "UT"}
    )
    assert response["Location"] == _url("detail", event)
    registration = Registration.objects.get(user=bea)
    assert (registration.kind, registration.status) == (RegistrationKind.COACH, RegistrationStatus.CONFIRMED)
    assert domain.seats_taken(event) == 2


def test_register_coach_not_a_begeleider_gets_404(client, event, charlie):
    client.force_login(charlie)
    assert client.get(_url("register_coach", event)).status_code == 404
    assert not Registration.objects.filter(user=charlie).exists()


# --- My events -----------------------------------------------------------------------------------------


def test_mine_splits_upcoming_and_past_and_leaves_out_cancelled(client, bob, olga):
    coming = RegistrationFactory(user=bob, event=EventFactory(title="Komt nog"))
    waiting = RegistrationFactory(
        user=bob,
        event=EventFactory(title="Wachten", plenary_starts_at=timezone.now() + dt.timedelta(days=20)),
        status=RegistrationStatus.WAITLIST,
    )
    RegistrationFactory(user=bob, event=EventFactory(title="Afgemeld"), status=RegistrationStatus.CANCELLED)
    past = RegistrationFactory(user=bob, event=EventFactory(title="Geweest"), attended=True)
    at_phase(past.event, "after")
    client.force_login(bob)
    response = client.get(reverse("events:mine"))
    assert [r.pk for r in response.context["upcoming"]] == [coming.pk, waiting.pk]
    assert [r.pk for r in response.context["past"]] == [past.pk]
    html = _text(response)
    assert "Afgemeld" not in html
    assert f'href="{_url("live", coming.event)}"' in html
    assert f'href="{_url("live", waiting.event)}"' not in html
    assert '<span class="badge badge-open">Aanwezig</span>' in html


# --- Nonsense input never gives a server error ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "method", "data", "status"),
    [
        ("manage", "get", {"pagina": "-1", "status": "<script>", "sorteer": "'; drop"}, 200),
        ("lock", "post", {"breakout": "abc", "registration": "1e9", "locked": "ja"}, 404),
        ("lock", "post", {"registration": "99999999", "locked": "1"}, 404),
        ("move", "post", {"registration": "", "breakout": ""}, 400),
        ("move", "post", {"registration": "99999999999999999999999", "breakout": "-1"}, 400),
        ("attendance", "post", {"present": ["abc", "", "-5"]}, 400),
        # "²".isdigit() is true, but int() refuses it; so does it refuse 5,000 digits.
        ("lock", "post", {"breakout": "²", "locked": "1"}, 404),
        ("lock", "post", {"registration": "9" * 5000, "locked": "1"}, 404),
        ("attendance", "post", {"present": ["²", "9" * 5000]}, 400),
        ("edit", "post", {"capacity": "1e3", "date": "gisteren", "audiences": "x"}, 400),
        ("compose", "post", {"priority": ["<script>", "9" * 5000]}, 400),
    ],
)
def test_organiser_view_nonsense_input_is_handled(client, event, olga, board, name, method, data, status):
    client.force_login(olga)
    response = _request(client, name, method, event, data)
    assert response.status_code == status
    if status == 400:
        assert 'class="message message-error"' in _text(response) or 'role="alert"' in _text(response)


def test_evaluate_coach_gets_404(client, event, board):
    at_phase(event, "after")
    client.force_login(board["coaches"][0].user)
    assert client.get(_url("evaluate", event)).status_code == 404


# --- The organiser cancels for someone (no-show, coach who cannot come) --------------------------------


def test_cancel_for_asks_first_then_frees_the_seat_for_the_waitlist(client, olga, db):
    event = EventFactory(capacity=1, organisers=[olga])
    taken = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITLIST)
    client.force_login(olga)
    url = _url("cancel_for", event, taken.pk)
    page = client.get(url)
    assert f"{taken.user} afmelden?" in _text(page)
    taken.refresh_from_db()
    assert taken.status == RegistrationStatus.CONFIRMED  # nothing happens before the confirmation
    mail.outbox.clear()
    response = client.post(url)
    assert response["Location"] == _url("manage", event)
    taken.refresh_from_db()
    waiting.refresh_from_db()
    assert (taken.status, waiting.status) == (RegistrationStatus.CANCELLED, RegistrationStatus.CONFIRMED)
    to_taken = next(m for m in mail.outbox if m.to == [taken.user.email])
    assert "De organisator heeft je afgemeld" in to_taken.body
    assert to_taken.attachments[0][2] == "text/calendar"


def test_cancel_for_is_404_for_member_outsider_and_another_events_registration(
    client, event, bob_registration, charlie, olga
):
    other = RegistrationFactory(event=EventFactory(title="Ander evenement"))
    for user in (bob_registration.user, charlie):
        client.force_login(user)
        assert client.post(_url("cancel_for", event, bob_registration.pk)).status_code == 404
    client.force_login(olga)
    assert client.post(_url("cancel_for", event, other.pk)).status_code == 404
    bob_registration.refresh_from_db()
    other.refresh_from_db()
    assert bob_registration.status == other.status == RegistrationStatus.CONFIRMED


def test_move_by_group_number_for_large_events(client, event, olga):
    """Events with many groups get a number field instead of a list; the number moves the person."""
    fill(event, 16, 2)
    composition.composition_compose(event=event, by=olga)
    person = Registration.objects.filter(event=event, breakout__number=1, kind="participant").first()
    client.force_login(olga)
    response = client.post(_url("move", event), {"registration": person.pk, "to_number": 2})
    person.refresh_from_db()
    assert person.breakout.number == 2
    assert f"{person.user} zit nu in groep 2." in _text(response)
    wrong = client.post(_url("move", event), {"registration": person.pk, "to_number": 7})
    assert wrong.status_code == 400
    assert "Er is geen groep 7." in _text(wrong)
    person.refresh_from_db()
    assert person.breakout.number == 2


def test_live_poll_answers_204_while_nothing_changed(client, event, bob_registration, bob):
    """The page polls every 15 s; an unchanged state gives an empty answer, so nothing is swapped."""
    at_phase(event, "plenary")
    client.force_login(bob)
    first = client.get(_url("live", event))
    state = first.context["state"]
    assert f'hx-vals=\'{{"state": "{state}"}}\'' in _text(first)
    assert state == "plenary-0-0"
    same = client.get(_url("live", event), {"state": state}, **HTMX)
    assert same.status_code == 204 and same.content == b""
    at_phase(event, "breakout")
    changed = client.get(_url("live", event), {"state": state}, **HTMX)
    assert changed.status_code == 200
    assert "Deel 2: in je kleine groep" in _text(changed)

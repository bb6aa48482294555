"""The e-mails people get about an event and the calendar file that comes with them (events/domain.py:
``_mail``, ``event_ics``; events/views.py: ``event_ics``).

E-mail goes through the outbox; tests use the locmem backend and run tasks at once, so every message
is in ``mail.outbox``. Every calendar file is read back with a real iCalendar parser.
"""

import datetime as dt
from datetime import UTC

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from intervisie.events import domain
from intervisie.events.enums import RegistrationKind, RegistrationStatus
from tests.events.conftest import person_fields
from tests.factories import EventFactory, RegistrationFactory, UserFactory


@pytest.fixture(autouse=True)
def _urls(settings):
    settings.SITE_URL = "https://intervisiewijzer.nl"


def _one_vevent(content) -> "Calendar":
    content = content.encode() if isinstance(content, str) else content
    parsed = Calendar.from_ical(content)
    assert parsed.errors == []
    assert str(parsed["PRODID"]) == "-//Intervisiewijzer//Themabijeenkomsten//NL"
    assert str(parsed["VERSION"]) == "2.0"
    [entry] = parsed.walk("VEVENT")
    assert entry.errors == []
    return entry


def _ics_attachment(message):
    [(name, content, mimetype)] = message.attachments
    assert mimetype == "text/calendar"
    return name, content


def _utc(value: dt.datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


@pytest.fixture
def confirmation(event, bob):
    domain.registration_create(event=event, user=bob, fields=person_fields())
    [message] = mail.outbox
    return message


# --- The confirmation ------------------------------------------------------------------------------


def test_confirmation_mail_has_text_html_and_calendar_file(event, confirmation):
    assert confirmation.to == ["bob@example.nl"]
    assert confirmation.subject == "[Intervisiewijzer] Je bent aangemeld voor: GGZ in het gezinshuis"
    assert confirmation.body.startswith("Hoi Bob,")
    assert "Je bent aangemeld voor de themabijeenkomst GGZ in het gezinshuis." in confirmation.body
    assert f"https://intervisiewijzer.nl/evenementen/{event.slug}/live/" in confirmation.body
    assert "<" not in confirmation.body
    [(html, kind)] = confirmation.alternatives
    assert kind == "text/html"
    assert html.startswith("<!DOCTYPE html>")
    assert f'<a href="https://intervisiewijzer.nl/evenementen/{event.slug}/">' in html


def test_confirmation_calendar_file_has_uid_utc_times_and_sequence(event, confirmation):
    name, content = _ics_attachment(confirmation)
    assert name == f"themabijeenkomst-{timezone.localtime(event.starts_at):%Y-%m-%d}-{event.pk}.ics"
    entry = _one_vevent(content)
    assert str(entry["UID"]) == f"event-{event.uid}@intervisiewijzer"
    assert f"DTSTART:{_utc(event.plenary_starts_at)}" in content
    assert f"DTEND:{_utc(event.breakout_ends_at)}" in content
    assert entry.decoded("DTSTART") == event.plenary_starts_at
    assert entry.decoded("DTEND") == event.breakout_ends_at
    assert entry.decoded("DTSTART").utcoffset() == dt.timedelta(0)
    assert int(entry["SEQUENCE"]) == 0
    assert str(entry["STATUS"]) == "CONFIRMED"
    assert str(entry["SUMMARY"]) == "Themabijeenkomst: GGZ in het gezinshuis"
    live = f"https://intervisiewijzer.nl/evenementen/{event.slug}/live/"
    assert (str(entry["LOCATION"]), str(entry["URL"])) == (live, live)
    local = timezone.localtime
    assert str(entry["DESCRIPTION"]) == (
        f"Plenair deel: {local(event.plenary_starts_at):%H:%M}–{local(event.plenary_ends_at):%H:%M}\n"
        f"In kleine groepen: {local(event.breakout_starts_at):%H:%M}–{local(event.breakout_ends_at):%H:%M}\n"
        f"De links naar de videokamers vind je op: {live}"
    )


def test_confirmation_title_escaped_in_html_not_in_text(bob):
    event = EventFactory(title="Ouders & kinderen <samen>", slug="ouders-en-kinderen")
    domain.registration_create(event=event, user=bob, fields=person_fields())
    [message] = mail.outbox
    assert "themabijeenkomst Ouders & kinderen <samen>." in message.body
    html = message.alternatives[0][0]
    assert "Ouders &amp; kinderen &lt;samen&gt;" in html
    assert "<samen>" not in html
    entry = _one_vevent(_ics_attachment(message)[1])
    assert str(entry["SUMMARY"]) == "Themabijeenkomst: Ouders & kinderen <samen>"


def test_promoted_mail_carries_the_calendar_file(bob):
    event = EventFactory(capacity=1)
    seated = RegistrationFactory(event=event)
    domain.registration_create(event=event, user=bob, fields=person_fields())
    mail.outbox.clear()
    domain.registration_cancel(registration=seated, by=seated.user)
    promoted = next(m for m in mail.outbox if m.to == ["bob@example.nl"])
    assert promoted.subject == f"[Intervisiewijzer] Er is een plaats voor je: {event.title}"
    entry = _one_vevent(_ics_attachment(promoted)[1])
    assert str(entry["UID"]) == f"event-{event.uid}@intervisiewijzer"


# --- A change of time --------------------------------------------------------------------------------


def _later(event, minutes=30) -> dict:
    delta = dt.timedelta(minutes=minutes)
    return {
        name: getattr(event, name) + delta
        for name in ("plenary_starts_at", "plenary_ends_at", "breakout_starts_at", "breakout_ends_at")
    }


def test_event_update_of_times_raises_sequence_and_mails_a_changed_entry(event, olga, confirmation):
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITLIST)
    gone = RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED)
    coach = RegistrationFactory(event=event, kind=RegistrationKind.COACH, role="")
    uid = str(_one_vevent(_ics_attachment(confirmation)[1])["UID"])
    mail.outbox.clear()
    fields = _later(event)

    domain.event_update(event=event, by=olga, fields=fields)

    event.refresh_from_db()
    assert event.sequence == 1
    # The registered people and the waitlist hear it; who cancelled does not.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["bob@example.nl", coach.user.email, waiting.user.email]
    )
    assert gone.user.email not in {m.to[0] for m in mail.outbox}
    to_waiting = next(m for m in mail.outbox if m.to == [waiting.user.email])
    assert to_waiting.attachments == []  # no calendar entry for a seat they do not have
    message = next(m for m in mail.outbox if m.to == ["bob@example.nl"])
    assert message.subject == "[Intervisiewijzer] Gewijzigd: GGZ in het gezinshuis"
    assert "De tijden van de themabijeenkomst GGZ in het gezinshuis zijn veranderd." in message.body
    assert f"Plenair deel: {timezone.localtime(fields['plenary_starts_at']):%H:%M} tot" in message.body
    entry = _one_vevent(_ics_attachment(message)[1])
    assert str(entry["UID"]) == uid
    assert int(entry["SEQUENCE"]) == 1
    assert entry.decoded("DTSTART") == fields["plenary_starts_at"]
    assert entry.decoded("DTEND") == fields["breakout_ends_at"]


def test_event_update_twice_raises_sequence_each_time(event, olga, bob_registration):
    domain.event_update(event=event, by=olga, fields=_later(event))
    event.refresh_from_db()
    domain.event_update(event=event, by=olga, fields={"title": "GGZ en gezinshuizen"})
    event.refresh_from_db()
    assert event.sequence == 2
    entry = _one_vevent(domain.event_ics(event))
    assert int(entry["SEQUENCE"]) == 2
    assert str(entry["SUMMARY"]) == "Themabijeenkomst: GGZ en gezinshuizen"


def test_event_update_of_a_draft_raises_sequence_without_mail(olga):
    draft = EventFactory(status="draft", organisers=[olga])
    domain.event_update(event=draft, by=olga, fields=_later(draft))
    draft.refresh_from_db()
    assert draft.sequence == 1
    assert mail.outbox == []


# --- Cancelling ----------------------------------------------------------------------------------------


def test_event_cancel_mail_carries_a_cancelled_entry(event, olga, confirmation):
    mail.outbox.clear()
    domain.event_cancel(event=event, by=olga, reason="De deskundige is ziek.")
    [message] = mail.outbox
    assert message.subject == "[Intervisiewijzer] Afgelast: GGZ in het gezinshuis"
    assert "Reden: De deskundige is ziek." in message.body
    assert "Reden: De deskundige is ziek." in message.alternatives[0][0]
    _name, content = _ics_attachment(message)
    assert "STATUS:CANCELLED" in content
    entry = _one_vevent(content)
    assert str(entry["UID"]) == f"event-{event.uid}@intervisiewijzer"
    assert str(entry["STATUS"]) == "CANCELLED"
    assert int(entry["SEQUENCE"]) == 1
    assert str(entry["SUMMARY"]) == "Afgelast: Themabijeenkomst: GGZ in het gezinshuis"


def test_event_cancel_waitlisted_person_also_gets_the_cancellation(olga):
    event = EventFactory(capacity=1, organisers=[olga])
    RegistrationFactory(event=event)
    waiting = domain.registration_create(event=event, user=UserFactory(), fields=person_fields())
    mail.outbox.clear()
    domain.event_cancel(event=event, by=olga, reason="Ziek.")
    message = next(m for m in mail.outbox if m.to == [waiting.user.email])
    assert "STATUS:CANCELLED" in _ics_attachment(message)[1]


# --- Download ------------------------------------------------------------------------------------------


def test_agenda_ics_download_parses(client, event):
    response = client.get(f"/evenementen/{event.slug}/agenda.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{domain.ics_filename(event)}"'
    entry = _one_vevent(response.content)
    assert str(entry["UID"]) == f"event-{event.uid}@intervisiewijzer"
    assert entry.decoded("DTSTART") == event.plenary_starts_at
    assert str(entry["STATUS"]) == "CONFIRMED"


def test_agenda_ics_download_of_a_cancelled_event_says_so(client, event, olga):
    domain.event_cancel(event=event, by=olga, reason="Ziek.")
    entry = _one_vevent(client.get(reverse("events:ics", args=[event.slug])).content)
    assert str(entry["STATUS"]) == "CANCELLED"
    assert int(entry["SEQUENCE"]) == 1


def test_agenda_ics_of_a_draft_is_404(client, olga, charlie):
    draft = EventFactory(status="draft", organisers=[olga])
    client.force_login(charlie)
    assert client.get(reverse("events:ics", args=[draft.slug])).status_code == 404

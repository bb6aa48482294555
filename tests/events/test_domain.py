"""Events, registration with capacity and waitlist, coaches, attendance and evaluation (events/domain.py)."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from intervisie.common.models import AuditEntry
from intervisie.events import domain
from intervisie.events.domain import EventError
from intervisie.events.enums import (
    EventAudience,
    EventStatus,
    ParticipantRole,
    RegistrationKind,
    RegistrationStatus,
)
from intervisie.events.models import CoachInvite, Event, EventEvaluation, Registration
from tests.events.conftest import at_phase, person_fields
from tests.factories import EventFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db

S = RegistrationStatus


def _register(event, user=None, **overrides):
    return domain.registration_create(
        event=event, user=user or UserFactory(), fields=person_fields(**overrides)
    )


def _subjects() -> list[str]:
    return [m.subject for m in mail.outbox]


def _statuses(event) -> dict[int, str]:
    return dict(Registration.objects.filter(event=event).values_list("pk", "status"))


def _future_fields(**overrides) -> dict:
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=10)
    return {
        "title": "Hechting en trauma",
        "description": "Over hechting.",
        "expert_name": "Dr. Ans de Boer",
        "plenary_starts_at": start,
        "plenary_ends_at": start + dt.timedelta(minutes=45),
        "breakout_starts_at": start + dt.timedelta(minutes=60),
        "breakout_ends_at": start + dt.timedelta(minutes=135),
        "registration_deadline": start - dt.timedelta(days=1),
        "capacity": 30,
        "audiences": [EventAudience.GEZINSHUISOUDERS],
        "group_min": 4,
        "group_max": 8,
        **overrides,
    }


# --- Creating, changing, publishing ------------------------------------------------------------------


def test_event_create_saves_a_draft_with_organiser_room_and_audit(olga):
    event = domain.event_create(by=olga, fields=_future_fields())
    assert event.status == EventStatus.DRAFT
    assert list(event.organisers.all()) == [olga]
    assert event.slug == f"hechting-en-trauma-{timezone.localtime(event.plenary_starts_at):%Y-%m-%d}"
    assert event.plenary_room.startswith("intervisiewijzer-")
    assert len(event.plenary_room) == len("intervisiewijzer-") + 20
    assert AuditEntry.objects.filter(action="event.created", object_id=str(event.pk), actor=olga).count() == 1


def test_event_create_same_title_and_day_gets_a_new_slug(olga):
    first = domain.event_create(by=olga, fields=_future_fields())
    second = domain.event_create(by=olga, fields=_future_fields())
    assert second.slug == f"{first.slug}-2"


def test_event_create_in_the_past_refused_in_dutch(olga):
    fields = _future_fields()
    past = timezone.now() - dt.timedelta(days=1)
    fields.update(
        plenary_starts_at=past,
        plenary_ends_at=past + dt.timedelta(minutes=45),
        breakout_starts_at=past + dt.timedelta(minutes=60),
        breakout_ends_at=past + dt.timedelta(minutes=120),
        registration_deadline=past - dt.timedelta(days=1),
    )
    with pytest.raises(EventError, match=r"^Kies een moment in de toekomst\.$"):
        domain.event_create(by=olga, fields=fields)
    assert not Event.objects.filter(title="Hechting en trauma").exists()


def test_event_problems_names_every_field_that_does_not_fit():
    fields = _future_fields()
    start = fields["plenary_starts_at"]
    fields.update(
        plenary_ends_at=start - dt.timedelta(minutes=1),
        breakout_starts_at=start + dt.timedelta(minutes=30),
        breakout_ends_at=start + dt.timedelta(minutes=20),
        registration_deadline=start + dt.timedelta(hours=1),
        group_min=8,
        group_max=4,
        audiences=[],
    )
    assert domain.event_problems(fields) == {
        "plenary_ends_at": "Het plenaire deel moet eindigen na het begin.",
        "breakout_ends_at": "De kleine groepen moeten eindigen na hun begin.",
        "registration_deadline": "Aanmelden moet sluiten voordat de bijeenkomst begint.",
        "group_max": "Het maximum per groep moet minstens zo groot zijn als het minimum.",
        "audiences": "Kies voor wie de bijeenkomst is.",
    }


def test_event_problems_breakouts_before_plenary_end():
    fields = _future_fields()
    fields["breakout_starts_at"] = fields["plenary_ends_at"] - dt.timedelta(minutes=5)
    assert domain.event_problems(fields) == {
        "breakout_starts_at": "De kleine groepen beginnen pas als het plenaire deel klaar is."
    }


def test_event_publish_opens_a_draft_once(olga):
    event = EventFactory(status=EventStatus.DRAFT, organisers=[olga])
    domain.event_publish(event=event, by=olga)
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    assert event.registration_open is True
    with pytest.raises(EventError, match=r"^Deze bijeenkomst is al gepubliceerd of afgelast\.$"):
        domain.event_publish(event=event, by=olga)


def test_event_update_without_changes_keeps_sequence_and_sends_nothing(event, olga, bob_registration):
    mail.outbox.clear()
    domain.event_update(event=event, by=olga, fields={"title": event.title, "capacity": event.capacity})
    event.refresh_from_db()
    assert event.sequence == 0
    assert mail.outbox == []
    assert not AuditEntry.objects.filter(action="event.updated").exists()


def test_event_update_description_only_does_not_mail_or_raise_sequence(event, olga, bob_registration):
    domain.event_update(event=event, by=olga, fields={"description": "Nieuwe tekst."})
    event.refresh_from_db()
    assert (event.description, event.sequence) == ("Nieuwe tekst.", 0)
    assert mail.outbox == []
    assert AuditEntry.objects.get(action="event.updated").data == {"fields": ["description"]}


def test_event_update_capacity_below_taken_seats_refused(event, olga):
    for _ in range(3):
        _register(event)
    with pytest.raises(EventError, match=r"^Er zijn al 3 mensen aangemeld\. Kies minstens 3 plaatsen\.$"):
        domain.event_update(event=event, by=olga, fields={"capacity": 2})
    event.refresh_from_db()
    assert event.capacity == 40


def test_event_update_capacity_equal_to_taken_seats_allowed(event, olga):
    for _ in range(3):
        _register(event)
    domain.event_update(event=event, by=olga, fields={"capacity": 3})
    event.refresh_from_db()
    assert event.capacity == 3


def test_event_update_capacity_raised_promotes_from_the_waitlist_in_order(olga):
    event = EventFactory(capacity=2, organisers=[olga])
    _register(event), _register(event)
    first, second, third = _register(event), _register(event), _register(event)
    assert [r.status for r in (first, second, third)] == [S.WAITLIST] * 3
    mail.outbox.clear()

    domain.event_update(event=event, by=olga, fields={"capacity": 4})

    statuses = _statuses(event)
    assert [statuses[r.pk] for r in (first, second, third)] == [S.CONFIRMED, S.CONFIRMED, S.WAITLIST]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.user.email, second.user.email])
    assert _subjects() == [f"[Intervisiewijzer] Er is een plaats voor je: {event.title}"] * 2


# --- Registration: seat or waitlist ----------------------------------------------------------------


def test_registration_create_gets_a_seat_with_confirmation_mail_and_audit(event, bob):
    registration = _register(event, bob)
    assert registration.status == S.CONFIRMED
    assert (registration.role, registration.gezinshuis, registration.region) == (
        ParticipantRole.GEZINSHUISOUDER,
        "De Linde",
        "UT",
    )
    assert domain.seats_taken(event) == 1
    assert [m.to for m in mail.outbox] == [["bob@example.nl"]]
    assert _subjects() == ["[Intervisiewijzer] Je bent aangemeld voor: GGZ in het gezinshuis"]
    entry = AuditEntry.objects.get(action="event_registration.created")
    assert (entry.actor, entry.data) == (bob, {"status": "confirmed", "kind": "participant"})


def test_registration_create_when_full_goes_to_the_waitlist_with_position():
    event = EventFactory(capacity=2)
    _register(event), _register(event)
    mail.outbox.clear()
    first = _register(event)
    second = _register(event)
    assert (first.status, second.status) == (S.WAITLIST, S.WAITLIST)
    assert (domain.waitlist_position(first), domain.waitlist_position(second)) == (1, 2)
    assert domain.seats_taken(event) == 2
    assert _subjects() == [f"[Intervisiewijzer] Je staat op de wachtlijst voor: {event.title}"] * 2
    assert "op de wachtlijst op plaats 2." in mail.outbox[1].body
    assert mail.outbox[1].attachments == []  # no calendar entry without a seat


def test_registration_create_twice_refused(event, bob):
    _register(event, bob)
    with pytest.raises(EventError, match=r"^Je bent al aangemeld voor deze bijeenkomst\.$"):
        _register(event, bob)
    assert Registration.objects.filter(event=event, user=bob).count() == 1


def test_registration_create_on_the_waitlist_twice_refused(bob):
    event = EventFactory(capacity=2)
    _register(event), _register(event)
    _register(event, bob)
    with pytest.raises(EventError, match=r"^Je bent al aangemeld voor deze bijeenkomst\.$"):
        _register(event, bob)


def test_registration_create_after_the_deadline_refused(bob):
    event = EventFactory()
    event.registration_deadline = timezone.now() - dt.timedelta(minutes=1)
    event.save()
    with pytest.raises(EventError, match=r"^Aanmelden is gesloten: de uiterste datum is voorbij\.$"):
        _register(event, bob)
    assert not Registration.objects.filter(event=event).exists()
    assert mail.outbox == []


@pytest.mark.parametrize("status", [EventStatus.DRAFT, EventStatus.CANCELLED])
def test_registration_create_for_draft_or_cancelled_event_refused(bob, status):
    event = EventFactory(status=status)
    with pytest.raises(EventError, match=r"^Aanmelden voor deze bijeenkomst kan niet \(meer\)\.$"):
        _register(event, bob)
    assert not Registration.objects.filter(event=event).exists()


def test_registration_problems_youth_care_worker_without_gezinshuis():
    fields = person_fields(role=ParticipantRole.JEUGDZORGWERKER, gezinshuis="   ")
    assert domain.registration_problems(fields) == {
        "gezinshuis": "Vul in bij welk gezinshuis je betrokken bent."
    }


def test_registration_problems_gezinshuisouder_without_gezinshuis_and_organisation():
    fields = person_fields(gezinshuis="", organisation_other=" ")
    assert domain.registration_problems(fields) == {
        "gezinshuis": "Vul de naam van je gezinshuis in.",
        "organisation": "Kies je organisatie, of vul de naam in bij ‘Andere organisatie’.",
    }


def test_registration_problems_other_role_needs_no_gezinshuis():
    assert domain.registration_problems(person_fields(role=ParticipantRole.OTHER, gezinshuis="")) == {}


def test_registration_create_youth_care_worker_without_gezinshuis_refused(event, charlie):
    with pytest.raises(EventError, match=r"^Vul in bij welk gezinshuis je betrokken bent\.$"):
        _register(event, charlie, role=ParticipantRole.JEUGDZORGWERKER, gezinshuis="")
    assert not Registration.objects.filter(event=event).exists()


# --- Cancelling and the waitlist ---------------------------------------------------------------------


def test_registration_cancel_frees_the_seat_for_the_first_on_the_waitlist(bob):
    event = EventFactory(capacity=2)
    seated = _register(event, bob)
    _register(event)
    first, second = _register(event), _register(event)
    mail.outbox.clear()

    domain.registration_cancel(registration=seated, by=bob)

    statuses = _statuses(event)
    assert statuses[seated.pk] == S.CANCELLED
    assert (statuses[first.pk], statuses[second.pk]) == (S.CONFIRMED, S.WAITLIST)
    assert domain.seats_taken(event) == 2
    assert [(m.to[0], m.subject) for m in mail.outbox] == [
        ("bob@example.nl", f"[Intervisiewijzer] Je bent afgemeld voor: {event.title}"),
        (first.user.email, f"[Intervisiewijzer] Er is een plaats voor je: {event.title}"),
    ]
    assert domain.waitlist_position(Registration.objects.get(pk=second.pk)) == 1
    assert (
        AuditEntry.objects.filter(action="event_registration.promoted", object_id=str(first.pk)).count() == 1
    )


def test_registration_cancel_promotes_in_queue_order_not_creation_order(bob):
    """The queue is ``queued_at``: someone who joined the waitlist later waits longer, even when their
    row is older (they registered before, cancelled and came back)."""
    event = EventFactory(capacity=1)
    seated = _register(event, bob)
    comeback = _register(event)
    newcomer = _register(event)
    domain.registration_cancel(registration=comeback, by=comeback.user)
    comeback = _register(event, comeback.user)
    assert comeback.status == S.WAITLIST
    assert domain.waitlist_position(comeback) == 2

    domain.registration_cancel(registration=seated, by=bob)

    statuses = _statuses(event)
    assert (statuses[newcomer.pk], statuses[comeback.pk]) == (S.CONFIRMED, S.WAITLIST)


def test_registration_cancel_from_the_waitlist_promotes_nobody(bob):
    event = EventFactory(capacity=1)
    _register(event)
    waiting = _register(event, bob)
    behind = _register(event)
    mail.outbox.clear()
    domain.registration_cancel(registration=waiting, by=bob)
    assert _statuses(event)[behind.pk] == S.WAITLIST
    assert domain.waitlist_position(Registration.objects.get(pk=behind.pk)) == 1
    assert [m.to for m in mail.outbox] == [["bob@example.nl"]]


def test_registration_cancel_twice_refused(event, bob):
    registration = _register(event, bob)
    domain.registration_cancel(registration=registration, by=bob)
    with pytest.raises(EventError, match=r"^Deze aanmelding is al afgemeld\.$"):
        domain.registration_cancel(registration=registration, by=bob)


def test_registration_cancel_after_the_event_refused(event, bob):
    registration = _register(event, bob)
    at_phase(event, "after")
    with pytest.raises(EventError, match=r"^Deze bijeenkomst is al voorbij\.$"):
        domain.registration_cancel(registration=registration, by=bob)
    assert Registration.objects.get(pk=registration.pk).status == S.CONFIRMED


def test_registration_create_again_after_cancelling_joins_the_end_of_the_queue(bob):
    event = EventFactory(capacity=1)
    _register(event)
    mine = _register(event, bob)
    later = _register(event)
    domain.registration_cancel(registration=mine, by=bob)

    again = _register(event, bob, role=ParticipantRole.OTHER)

    assert again.pk == mine.pk  # the same row, a new turn
    assert again.status == S.WAITLIST
    assert again.role == ParticipantRole.OTHER
    assert again.queued_at > later.queued_at
    assert (domain.waitlist_position(later), domain.waitlist_position(again)) == (1, 2)


def test_registration_create_again_with_a_free_seat_confirms(event, bob):
    registration = _register(event, bob)
    domain.registration_cancel(registration=registration, by=bob)
    again = _register(event, bob)
    assert again.status == S.CONFIRMED
    assert domain.seats_taken(event) == 1


# --- Coaches -------------------------------------------------------------------------------------------


def test_registration_create_coach_does_not_take_a_seat_even_when_full(bob):
    event = EventFactory(capacity=2)
    _register(event), _register(event)
    coach = domain.registration_create(
        event=event, user=bob, fields={"organisation_other": "Coachbureau"}, kind=RegistrationKind.COACH
    )
    assert (coach.status, coach.kind, coach.role) == (S.CONFIRMED, RegistrationKind.COACH, "")
    assert domain.seats_taken(event) == 2
    assert _register(event).status == S.WAITLIST


def test_registration_cancel_coach_frees_no_seat_and_leaves_the_breakout(bob):
    event = EventFactory(capacity=1)
    _register(event)
    waiting = _register(event)
    coach = RegistrationFactory(event=event, user=bob, kind=RegistrationKind.COACH, role="")
    breakout = event.breakouts.create(number=1, coach=coach, room="kamer-1")
    domain.registration_cancel(registration=coach, by=bob)
    breakout.refresh_from_db()
    assert breakout.coach is None
    assert _statuses(event)[waiting.pk] == S.WAITLIST


def test_coach_invite_create_mails_a_secret_link(event, olga):
    invite = domain.coach_invite_create(event=event, email="  Coach@Example.NL ", by=olga)
    assert invite.email == "coach@example.nl"
    assert len(invite.token) >= 40
    [message] = mail.outbox
    assert message.to == ["coach@example.nl"]
    assert f"/evenementen/{event.slug}/uitnodiging/{invite.token}/" in message.body
    assert invite.token not in AuditEntry.objects.get(action="coach_invite.created").object_repr


def test_coach_invite_create_same_address_twice_sends_the_same_link_again(event, olga):
    first = domain.coach_invite_create(event=event, email="coach@example.nl", by=olga)
    mail.outbox.clear()
    again = domain.coach_invite_create(event=event, email="COACH@example.nl", by=olga)
    assert CoachInvite.objects.filter(event=event).count() == 1
    assert again.token == first.token
    assert [m.to for m in mail.outbox] == [["coach@example.nl"]]
    assert again.token in mail.outbox[0].body


def test_coach_invite_after_the_coach_cancelled_gets_a_new_link(event, olga, charlie):
    charlie.email = "coach@example.nl"
    charlie.save()
    invite = domain.coach_invite_create(event=event, email="coach@example.nl", by=olga)
    registration = domain.coach_invite_accept(invite=invite, user=charlie)
    domain.registration_cancel(registration=registration, by=charlie)
    again = domain.coach_invite_create(event=event, email="coach@example.nl", by=olga)
    assert again.token != invite.token and again.accepted_at is None
    assert domain.coach_invite_accept(invite=again, user=charlie).status == RegistrationStatus.CONFIRMED


def test_coach_invite_for_a_past_or_cancelled_event_refused(event, olga):
    domain.event_cancel(event=event, by=olga, reason="Ziek.")
    with pytest.raises(EventError, match=r"^Deze bijeenkomst is voorbij of afgezegd\.$"):
        domain.coach_invite_create(event=event, email="coach@example.nl", by=olga)


def test_coach_invite_create_for_someone_already_coach_refused(event, olga, bob):
    RegistrationFactory(event=event, user=bob, kind=RegistrationKind.COACH, role="")
    with pytest.raises(EventError, match=r"^Deze persoon is al coach bij deze bijeenkomst\.$"):
        domain.coach_invite_create(event=event, email="bob@example.nl", by=olga)


def test_coach_invite_accept_registers_a_coach_once(event, olga, charlie):
    invite = domain.coach_invite_create(event=event, email="coach@example.nl", by=olga)
    mail.outbox.clear()
    registration = domain.coach_invite_accept(invite=invite, user=charlie)
    assert (registration.kind, registration.status, registration.user) == (
        RegistrationKind.COACH,
        S.CONFIRMED,
        charlie,
    )
    invite.refresh_from_db()
    assert invite.accepted_at is not None
    assert _subjects() == ["[Intervisiewijzer] Je bent coach bij: GGZ in het gezinshuis"]
    with pytest.raises(EventError, match=r"^Deze uitnodiging is al gebruikt\.$"):
        domain.coach_invite_accept(invite=invite, user=UserFactory())
    assert Registration.objects.filter(event=event, kind=RegistrationKind.COACH).count() == 1


def test_coach_invite_accept_by_a_participant_frees_their_seat(olga, bob):
    event = EventFactory(capacity=1, organisers=[olga])
    seated = _register(event, bob)
    waiting = _register(event)
    invite = domain.coach_invite_create(event=event, email="bob@example.nl", by=olga)
    registration = domain.coach_invite_accept(invite=invite, user=bob)
    assert registration.pk == seated.pk
    assert registration.kind == RegistrationKind.COACH
    assert _statuses(event)[waiting.pk] == S.CONFIRMED


def test_coach_invite_accept_for_a_cancelled_event_refused(event, olga, charlie):
    invite = domain.coach_invite_create(event=event, email="coach@example.nl", by=olga)
    domain.event_cancel(event=event, by=olga, reason="Ziek.")
    with pytest.raises(EventError, match=r"^Deze bijeenkomst is voorbij of afgezegd\.$"):
        domain.coach_invite_accept(invite=invite, user=charlie)
    assert not Registration.objects.filter(event=event, user=charlie).exists()


# --- Cancelling the event ------------------------------------------------------------------------------


def test_event_cancel_mails_participants_waitlist_and_coaches_not_the_cancelled(olga):
    event = EventFactory(capacity=1, organisers=[olga])
    seated, waiting = _register(event), _register(event)
    coach = RegistrationFactory(event=event, kind=RegistrationKind.COACH, role="")
    gone = _register(event)
    domain.registration_cancel(registration=gone, by=gone.user)
    mail.outbox.clear()

    domain.event_cancel(event=event, by=olga, reason="De deskundige is ziek.")

    event.refresh_from_db()
    assert (event.status, event.sequence) == (EventStatus.CANCELLED, 1)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.user.email for r in (seated, waiting, coach))
    assert set(_subjects()) == {f"[Intervisiewijzer] Afgelast: {event.title}"}
    assert all("Reden: De deskundige is ziek." in m.body for m in mail.outbox)
    assert AuditEntry.objects.filter(action="event.cancelled", actor=olga).count() == 1


def test_event_cancel_twice_or_after_the_event_refused(olga):
    event = EventFactory(organisers=[olga])
    domain.event_cancel(event=event, by=olga, reason="Ziek.")
    with pytest.raises(EventError, match=r"^Deze bijeenkomst is al afgezegd\.$"):
        domain.event_cancel(event=event, by=olga, reason="Ziek.")
    past = at_phase(EventFactory(organisers=[olga]), "after")
    with pytest.raises(EventError, match=r"^Deze bijeenkomst is al voorbij\.$"):
        domain.event_cancel(event=past, by=olga, reason="Te laat.")


def test_registration_cancel_of_a_cancelled_event_promotes_nobody(olga, bob):
    event = EventFactory(capacity=1, organisers=[olga])
    seated = _register(event, bob)
    waiting = _register(event)
    domain.event_cancel(event=event, by=olga, reason="Ziek.")
    domain.registration_cancel(registration=seated, by=bob)
    assert _statuses(event)[waiting.pk] == S.WAITLIST


# --- Attendance and evaluation ------------------------------------------------------------------------


def test_attendance_save_before_the_start_refused(event, olga, bob_registration):
    with pytest.raises(
        EventError, match=r"^Je kunt de aanwezigheid pas registreren als de bijeenkomst begonnen is\.$"
    ):
        domain.attendance_save(event=event, by=olga, present_ids={bob_registration.pk})
    bob_registration.refresh_from_db()
    assert bob_registration.attended is None


def test_attendance_save_marks_present_and_absent_with_audit(event, olga, bob_registration):
    other = RegistrationFactory(event=event)
    coach = RegistrationFactory(event=event, kind=RegistrationKind.COACH, role="")
    at_phase(event, "breakout")
    assert domain.attendance_save(event=event, by=olga, present_ids={bob_registration.pk, coach.pk}) == 2
    attended = dict(Registration.objects.filter(event=event).values_list("pk", "attended"))
    assert attended == {bob_registration.pk: True, other.pk: False, coach.pk: True}
    bob_registration.refresh_from_db()
    assert bob_registration.attendance_registered_by == olga
    assert AuditEntry.objects.get(action="event.attendance_registered").data == {"present": 2, "absent": 1}


def test_attendance_save_ignores_ids_of_other_events(event, olga, bob_registration):
    stranger = RegistrationFactory()
    at_phase(event, "after")
    assert domain.attendance_save(event=event, by=olga, present_ids={stranger.pk}) == 0
    stranger.refresh_from_db()
    assert stranger.attended is None


def test_attendance_save_cancelled_event_refused(event, olga, bob_registration):
    domain.event_cancel(event=event, by=olga, reason="Ziek.")
    with pytest.raises(EventError, match=r"^Deze bijeenkomst is afgelast\.$"):
        domain.attendance_save(event=event, by=olga, present_ids={bob_registration.pk})


RATINGS = {"plenary_rating": 4, "breakout_rating": 5, "mix_rating": 3, "takeaway": "Rust.", "suggestion": ""}


def test_evaluation_submit_before_the_end_refused(event, bob_registration):
    at_phase(event, "breakout")
    bob_registration.refresh_from_db()
    with pytest.raises(EventError, match=r"^Je kunt de bijeenkomst beoordelen als hij voorbij is\.$"):
        domain.evaluation_submit(registration=bob_registration, fields=RATINGS)
    assert not EventEvaluation.objects.exists()


def test_evaluation_submit_after_the_event_once(event, bob_registration):
    at_phase(event, "after")
    bob_registration.attended = True
    bob_registration.save()
    evaluation = domain.evaluation_submit(registration=bob_registration, fields=RATINGS)
    assert (evaluation.plenary_rating, evaluation.breakout_rating, evaluation.mix_rating) == (4, 5, 3)
    with pytest.raises(EventError, match=r"^Je hebt deze bijeenkomst al beoordeeld\. Dank je wel!$"):
        domain.evaluation_submit(registration=bob_registration, fields=RATINGS)
    assert EventEvaluation.objects.count() == 1


def test_evaluation_submit_absent_or_waitlisted_refused(event, bob_registration):
    at_phase(event, "after")
    bob_registration.attended = False
    bob_registration.save()
    waiting = RegistrationFactory(event=event, status=S.WAITLIST)
    for registration in (bob_registration, waiting):
        with pytest.raises(EventError, match=r"^Alleen wie erbij was, kan de bijeenkomst beoordelen\.$"):
            domain.evaluation_submit(registration=registration, fields=RATINGS)
    assert not EventEvaluation.objects.exists()


def test_evaluation_submit_without_registered_attendance_allowed(event, bob_registration):
    """Organisers do not always register attendance; only someone marked absent is refused."""
    at_phase(event, "after")
    bob_registration.refresh_from_db()
    assert bob_registration.attended is None
    domain.evaluation_submit(registration=bob_registration, fields=RATINGS)
    assert EventEvaluation.objects.filter(registration=bob_registration).count() == 1


# --- Drafts, past events, a participant who becomes coach -------------------------------------------


def test_a_draft_is_deleted_not_cancelled(olga):
    draft = EventFactory(status=EventStatus.DRAFT, organisers=[olga])
    with pytest.raises(EventError, match="verwijder het"):
        domain.event_cancel(event=draft, by=olga, reason="Toch niet.")
    draft.refresh_from_db()
    assert draft.status == EventStatus.DRAFT
    domain.event_delete_draft(event=draft, by=olga)
    assert not Event.objects.filter(pk=draft.pk).exists()
    assert AuditEntry.objects.filter(action="event.draft_deleted").count() == 1


def test_a_published_event_cannot_be_deleted(event, olga):
    with pytest.raises(EventError, match="Alleen een concept"):
        domain.event_delete_draft(event=event, by=olga)
    assert Event.objects.filter(pk=event.pk).exists()


def test_a_past_event_cannot_be_changed(event, olga):
    at_phase(event, "after")
    with pytest.raises(EventError, match="voorbij"):
        domain.event_update(event=event, by=olga, fields={"hours_eligible": False})
    event.refresh_from_db()
    assert event.hours_eligible is True


def test_a_participant_who_accepts_a_coach_invite_starts_clean(event, olga, bob):
    seat = RegistrationFactory(event=event, user=bob, locked=True, preferences="Liever 's avonds")
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITLIST)
    event.capacity = 1
    event.save()
    invite = domain.coach_invite_create(event=event, email="bob@example.nl", by=olga)
    coach = domain.coach_invite_accept(
        invite=invite,
        user=bob,
        fields={"organisation": None, "organisation_other": "Coachbureau", "region": ""},
    )
    assert coach.pk == seat.pk
    assert (coach.kind, coach.role, coach.locked, coach.preferences, coach.gezinshuis) == (
        RegistrationKind.COACH,
        "",
        False,
        "",
        "",
    )
    assert coach.organisation_other == "Coachbureau"
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED  # the seat Bob gave up


def test_no_promotion_from_the_waitlist_once_the_event_has_started(olga):
    event = EventFactory(capacity=1, organisers=[olga])
    seated = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITLIST)
    at_phase(event, "plenary")
    domain.registration_cancel(registration=seated, by=seated.user)
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.WAITLIST


# --- The transition functions ----------------------------------------------------------------------


def test_set_registration_status_table_refuses_steps_it_does_not_list(event, bob):
    registration = _register(event, bob)
    with pytest.raises(EventError, match=r"^Dit kan niet meer: de aanmelding staat nu op 'Aangemeld'\.$"):
        domain.set_registration_status(registration, S.WAITLIST, by=bob)
    domain.registration_cancel(registration=registration, by=bob)
    with pytest.raises(EventError, match=r"^Dit kan niet meer: de aanmelding staat nu op 'Afgemeld'\.$"):
        domain.set_registration_status(registration, S.CONFIRMED, by=bob)  # only registering again
    assert Registration.objects.get(pk=registration.pk).status == S.CANCELLED
    assert domain.TRANSITIONS[S.CANCELLED] == set()


def test_set_registration_status_promotion_needs_a_free_seat(bob):
    event = EventFactory(capacity=1)
    _register(event)
    waiting = _register(event, bob)
    mail.outbox.clear()
    with pytest.raises(EventError, match=r"^De bijeenkomst is vol\. Meld je aan voor de wachtlijst\.$"):
        domain.set_registration_status(waiting, S.CONFIRMED, by=bob)
    assert _statuses(event)[waiting.pk] == S.WAITLIST
    assert mail.outbox == []


def test_set_registration_status_only_registering_creates_a_row(event, bob):
    with pytest.raises(ValueError, match="registering"):
        domain.set_registration_status(Registration(event=event, user=bob), S.CONFIRMED, by=bob)
    assert not Registration.objects.filter(event=event).exists()


def test_set_registration_status_cancelling_a_placed_participant_leaves_the_group_and_unpins(event, bob):
    breakout = event.breakouts.create(number=1, room="kamer-1")
    registration = RegistrationFactory(event=event, user=bob, breakout=breakout, locked=True)
    saved = domain.set_registration_status(registration, S.CANCELLED, by=bob)
    assert (saved.status, saved.breakout_id, saved.locked) == (S.CANCELLED, None, False)
    registration.refresh_from_db()
    assert (registration.status, registration.breakout_id, registration.locked) == (S.CANCELLED, None, False)
    assert AuditEntry.objects.get(action="event_registration.cancelled").data == {"was": "confirmed"}


def test_set_breakouts_compose_stores_many_people_in_a_few_queries(
    event, olga, django_assert_max_num_queries
):
    one = event.breakouts.create(number=1, room="kamer-1")
    two = event.breakouts.create(number=2, room="kamer-2")
    coaches = [RegistrationFactory(event=event, kind=RegistrationKind.COACH, role="") for _ in range(2)]
    people = [RegistrationFactory(event=event) for _ in range(24)]
    placements = {coaches[0]: one, coaches[1]: two} | {
        p: (one if i % 2 else two) for i, p in enumerate(people)
    }
    # Lock, read again, a coach each (clear + save), one update per group: whatever the number of people.
    with django_assert_max_num_queries(12):
        domain.set_breakouts(placements, event=event, step=domain.BreakoutStep.COMPOSE, by=olga)
    assert dict(
        Registration.objects.filter(pk__in=[p.pk for p in people]).values_list("pk", "breakout_id")
    ) == {p.pk: (one.pk if i % 2 else two.pk) for i, p in enumerate(people)}
    one.refresh_from_db(), two.refresh_from_db()
    assert (one.coach, two.coach) == (coaches[0], coaches[1])
    assert not AuditEntry.objects.filter(action="event_registration.moved").exists()


def test_set_breakouts_refuses_people_of_another_event_and_cancelled_people(event, olga):
    breakout = event.breakouts.create(number=1, room="kamer-1")
    stranger = RegistrationFactory()
    gone = RegistrationFactory(event=event, status=S.CANCELLED)
    compose = domain.BreakoutStep.COMPOSE
    with pytest.raises(EventError, match=r"^Deze deelnemer hoort niet bij deze bijeenkomst\.$"):
        domain.set_breakouts({stranger: breakout}, event=event, step=compose, by=olga)
    with pytest.raises(EventError, match=r"^Alleen aangemelde deelnemers kun je verplaatsen\.$"):
        domain.set_breakouts({gone: breakout}, event=event, step=compose, by=olga)
    assert not Registration.objects.filter(breakout=breakout).exists()


def test_set_breakouts_send_mails_group_size_and_room_and_records_it(event, olga):
    breakout = event.breakouts.create(number=3, room="intervisiewijzer-kamerdrie00000000003")
    people = [RegistrationFactory(event=event, breakout=breakout) for _ in range(3)]
    mail.outbox.clear()
    sent = domain.set_breakouts({people[0]: breakout}, event=event, step=domain.BreakoutStep.SEND, by=olga)
    assert [p.published_breakout_id for p in sent] == [breakout.pk]
    [message] = mail.outbox
    assert message.to == [people[0].user.email]
    assert "groep 3" in message.subject
    assert breakout.room_url in message.body
    assert Registration.objects.get(pk=people[0].pk).published_breakout_id == breakout.pk
    assert Registration.objects.get(pk=people[1].pk).published_breakout_id is None


def test_set_breakouts_leave_takes_a_coach_off_their_group_also_after_the_event(event, olga):
    coach = RegistrationFactory(event=event, kind=RegistrationKind.COACH, role="")
    breakout = event.breakouts.create(number=1, room="kamer-1", coach=coach)
    at_phase(event, "after")
    domain.set_breakouts({coach: None}, event=event, step=domain.BreakoutStep.LEAVE, by=olga)
    breakout.refresh_from_db()
    assert breakout.coach is None
    with pytest.raises(EventError, match="voorbij"):
        domain.set_breakouts({coach: breakout}, event=event, step=domain.BreakoutStep.COMPOSE, by=olga)

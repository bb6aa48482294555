"""The e-mails of the membership workflow: Dutch, plain text plus HTML, one per step."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from intervisie.groups import domain
from tests.factories import GroupFactory

MOTIVATION = "Ik zoek een vaste groep om casussen te bespreken."


def _request(user, group):
    return domain.membership_request(user=user, group=group, motivation=MOTIVATION)


def _html(message) -> str:
    """The HTML alternative; fails when a message has none."""
    (html, mimetype), *_ = message.alternatives
    assert mimetype == "text/html"
    return html


def _only_mail_to(outbox, email):
    mails = [m for m in outbox if m.to == [email]]
    assert len(mails) == 1, [m.subject for m in mails]
    return mails[0]


def test_email_request_confirms_to_person_and_notifies_managers(alice, bob, group):
    membership = _request(bob, group)

    assert [m.to for m in mail.outbox] == [["bob@example.nl"], ["alice@example.nl"]]
    to_bob, to_alice = mail.outbox
    assert (
        to_bob.subject == "[Intervisiewijzer] We hebben je aanmelding voor Intervisie Utrecht Oost ontvangen"
    )
    assert to_bob.body.startswith("Hoi Bob,")
    assert "De beheerder of begeleider van de groep leest je motivatie." in to_bob.body
    assert f"{settings.SITE_URL}/groepen/aanmelding/{membership.pk}/" in to_bob.body
    assert f'href="{settings.SITE_URL}/groepen/aanmelding/{membership.pk}/"' in _html(to_bob)

    assert to_alice.subject == "[Intervisiewijzer] Nieuwe aanmelding voor Intervisie Utrecht Oost"
    assert "Bob de Vries heeft zich aangemeld voor Intervisie Utrecht Oost." in to_alice.body
    assert f"{settings.SITE_URL}/groepen/intervisie-utrecht-oost/leden/" in to_alice.body
    assert "Bob de Vries heeft zich aangemeld" in _html(to_alice)
    assert MOTIVATION not in to_alice.body  # the motivation stays on the site


def test_email_request_also_notifies_the_begeleider(bob, guided_group):
    _request(bob, guided_group)
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.nl", "bea@example.nl", "bob@example.nl"]


@pytest.mark.parametrize(
    ("step", "subject", "sentence"),
    [
        ("accept", "Kennismaken met Intervisie Utrecht Oost", "Je bent welkom om kennis te maken"),
        (
            "trial",
            "Je proefperiode bij Intervisie Utrecht Oost is begonnen",
            "Je doet nu een tijdje mee op proef.",
        ),
        (
            "confirm",
            "Welkom: je bent nu lid van Intervisie Utrecht Oost",
            "Je bent nu lid van de intervisiegroep",
        ),
        ("leave", "Je bent gestopt bij Intervisie Utrecht Oost", "Je bent gestopt met de intervisiegroep"),
    ],
)
def test_email_one_per_step_to_the_person(alice, bob, group, step, subject, sentence):
    membership = _request(bob, group)
    path = ["accept", "trial", "confirm", "leave"]
    for done in path[: path.index(step)]:
        membership = {
            "accept": domain.membership_accept,
            "trial": domain.membership_start_trial,
            "confirm": domain.membership_confirm,
        }[done](membership=membership, by=alice)
    mail.outbox.clear()

    if step == "leave":
        domain.membership_leave(membership=membership, by=bob)
    else:
        {
            "accept": domain.membership_accept,
            "trial": domain.membership_start_trial,
            "confirm": domain.membership_confirm,
        }[step](membership=membership, by=alice)

    to_bob = _only_mail_to(mail.outbox, "bob@example.nl")
    assert to_bob.subject == f"[Intervisiewijzer] {subject}"
    assert sentence in to_bob.body
    assert sentence in _html(to_bob)
    assert "<p>" not in to_bob.body


def test_email_decline_tells_the_reason(alice, bob, group):
    membership = _request(bob, group)
    mail.outbox.clear()
    domain.membership_decline(
        membership=membership, by=alice, reason="De groep is alleen voor gezinshuisouders."
    )
    (to_bob,) = mail.outbox
    assert to_bob.subject == "[Intervisiewijzer] Je aanmelding voor Intervisie Utrecht Oost gaat niet door"
    assert "De reden:\nDe groep is alleen voor gezinshuisouders." in to_bob.body
    assert "De groep is alleen voor gezinshuisouders." in _html(to_bob)
    assert f"{settings.SITE_URL}/groepen/" in to_bob.body


def test_email_person_leaving_notifies_the_manager_with_reason(alice, bob, group):
    membership = domain.membership_accept(membership=_request(bob, group), by=alice)
    mail.outbox.clear()
    domain.membership_leave(membership=membership, by=bob, reason="Ik heb een nieuwe baan.")
    to_alice = _only_mail_to(mail.outbox, "alice@example.nl")
    assert to_alice.subject == "[Intervisiewijzer] Bob de Vries is gestopt bij Intervisie Utrecht Oost"
    assert "Wat er als reden is opgegeven:\nIk heb een nieuwe baan." in to_alice.body
    assert "Ik heb een nieuwe baan." in _html(to_alice)


def test_email_person_withdrawing_notifies_the_manager(alice, bob, group):
    membership = _request(bob, group)
    mail.outbox.clear()
    domain.membership_leave(membership=membership, by=bob)
    assert _only_mail_to(mail.outbox, "bob@example.nl").subject == (
        "[Intervisiewijzer] Je aanmelding voor Intervisie Utrecht Oost is ingetrokken"
    )
    assert _only_mail_to(mail.outbox, "alice@example.nl").subject == (
        "[Intervisiewijzer] Bob de Vries heeft de aanmelding voor Intervisie Utrecht Oost ingetrokken"
    )


def test_email_manager_steps_do_not_mail_the_manager(alice, bob, group):
    membership = _request(bob, group)
    mail.outbox.clear()
    domain.membership_accept(membership=membership, by=alice)
    assert [m.to for m in mail.outbox] == [["bob@example.nl"]]


@pytest.fixture
def full_group(alice, bob, organisation):
    group = GroupFactory(
        name="Volle groep Ede", organisation=organisation, min_members=2, max_members=2, external_members=1
    )
    membership = domain.membership_confirm(
        membership=domain.membership_accept(membership=_request(bob, group), by=alice), by=alice
    )
    return group, membership


def test_email_waitlist_and_offer(alice, bob, charlie, full_group):
    group, bob_membership = full_group
    mail.outbox.clear()
    waiting = _request(charlie, group)
    to_charlie = _only_mail_to(mail.outbox, "charlie@example.nl")
    assert to_charlie.subject == "[Intervisiewijzer] Je staat op de wachtlijst van Volle groep Ede"
    assert _only_mail_to(mail.outbox, "alice@example.nl").subject == (
        "[Intervisiewijzer] Nieuwe aanmelding voor de wachtlijst van Volle groep Ede"
    )

    mail.outbox.clear()
    domain.membership_leave(membership=bob_membership, by=bob)
    waiting.refresh_from_db()
    offer = _only_mail_to(mail.outbox, "charlie@example.nl")
    assert offer.subject == "[Intervisiewijzer] Er is een plek voor je in Volle groep Ede"
    expires = timezone.localtime(waiting.offer_expires_at)
    months = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ]
    date_text = f"{expires.day} {months[expires.month - 1]} {expires.year}, {expires:%H:%M}"
    assert f"Neem het aanbod aan vóór {date_text} uur." in offer.body
    assert "klik op 'Plek aannemen'" in offer.body
    assert f"vóór {date_text} uur" in _html(offer)
    assert f"{settings.SITE_URL}/groepen/aanmelding/{waiting.pk}/" in offer.body


def test_email_offer_expired(bob, charlie, full_group):
    group, bob_membership = full_group
    waiting = _request(charlie, group)
    domain.membership_leave(membership=bob_membership, by=bob)
    waiting.refresh_from_db()
    mail.outbox.clear()
    domain.offers_expire(now=waiting.offer_expires_at + timedelta(hours=1))
    (expired,) = mail.outbox
    assert expired.subject == "[Intervisiewijzer] Het aanbod voor Volle groep Ede is verlopen"
    assert "Je hebt niet op tijd gereageerd" in expired.body


def test_email_offer_accepted_tells_the_manager(alice, bob, charlie, full_group):
    group, bob_membership = full_group
    waiting = _request(charlie, group)
    domain.membership_leave(membership=bob_membership, by=bob)
    mail.outbox.clear()
    domain.membership_accept_offer(membership=waiting, by=charlie)
    assert (
        _only_mail_to(mail.outbox, "charlie@example.nl").subject
        == "[Intervisiewijzer] Kennismaken met Volle groep Ede"
    )
    assert _only_mail_to(mail.outbox, "alice@example.nl").subject == (
        "[Intervisiewijzer] Charlie Bakker heeft de plek in Volle groep Ede aangenomen"
    )


def test_email_escapes_html_but_not_plain_text(bob, organisation):
    group = GroupFactory(name="Ouders & <Opvoeders>", slug="ouders-opvoeders", organisation=organisation)
    _request(bob, group)
    to_bob = _only_mail_to(mail.outbox, "bob@example.nl")
    assert to_bob.subject == "[Intervisiewijzer] We hebben je aanmelding voor Ouders & <Opvoeders> ontvangen"
    assert "intervisiegroep Ouders & <Opvoeders>." in to_bob.body
    assert "Ouders &amp; &lt;Opvoeders&gt;" in _html(to_bob)
    assert "<Opvoeders>" not in _html(to_bob)

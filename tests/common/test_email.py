from django.core import mail
from django.core.management import call_command

from intervisie.common.email import email_deliver
from intervisie.common.models import OutgoingEmail


def _queue_one(user, group):
    from intervisie.common.email import email_queue

    return email_queue(
        to=user,
        template="groups/email/membership_update",
        context={"membership": None, "group": group, "event": "requested"},
    )


def test_queued_email_is_delivered_with_plain_text_and_html(bob, group):
    email = _queue_one(bob, group)
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["bob@example.nl"]
    assert message.subject.startswith("[Intervisiewijzer] ")
    assert message.body.strip()
    assert message.alternatives[0][1] == "text/html"
    # The sent text is not kept in the outbox (it may hold a password-reset link).
    assert (email.body_text, email.body_html) == ("", "")


def test_delivery_twice_sends_once(bob, group):
    email = _queue_one(bob, group)  # delivered at once by the immediate task backend
    email_deliver(email=email)  # a stale copy that still says "queued"
    assert len(mail.outbox) == 1


def test_failed_delivery_is_kept_and_retried(bob, group, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9  # discard port: nothing listens, the connection is refused
    email = _queue_one(bob, group)
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED
    assert email.attempts == 1
    assert "Error" in email.last_error or "refused" in email.last_error.lower()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("retry_emails")
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert email.attempts == 2
    assert len(mail.outbox) == 1

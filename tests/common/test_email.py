from datetime import timedelta
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from intervisie.common.email import MAX_ATTEMPTS, emails_retry
from intervisie.common.models import OutgoingEmail
from intervisie.common.tasks import deliver_email

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


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


def _lost(bob, minutes_ago: int, **fields) -> OutgoingEmail:
    """A mail still queued whose delivery job is gone (its worker died), as the outbox holds it."""
    email = OutgoingEmail.objects.create(to=bob.email, subject="[Intervisiewijzer] Test", body_text="Hoi")
    OutgoingEmail.objects.filter(pk=email.pk).update(
        queued_at=timezone.now() - timedelta(minutes=minutes_ago), **fields
    )
    return email


def test_retry_emails_sends_a_mail_whose_worker_died_mid_send(bob):
    # The worker took the mail 16 minutes ago and was killed before the mail server answered.
    email = _lost(bob, 16, sending_since=timezone.now() - timedelta(minutes=16), attempts=1)
    out = StringIO()
    call_command("retry_emails", stdout=out)
    email.refresh_from_db()
    assert (email.status, email.attempts, email.sending_since) == (OutgoingEmail.Status.SENT, 2, None)
    assert [m.to for m in mail.outbox] == [["bob@example.nl"]]
    assert out.getvalue().startswith("1 e-mail(s) opnieuw in de wachtrij gezet (1 onderbroken bezorging(en))")


def test_retry_emails_sends_a_queued_mail_whose_job_was_lost(bob):
    email = _lost(bob, 16)  # never taken by a worker: its job died before it reached the mail
    assert emails_retry().requeued == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutgoingEmail.Status.SENT, 1)


def test_retry_emails_leaves_a_recent_attempt_and_a_recent_mail_alone(bob):
    busy = _lost(bob, 20, sending_since=timezone.now() - timedelta(minutes=14), attempts=1)
    fresh = _lost(bob, 14)
    assert emails_retry().requeued == 0
    assert mail.outbox == []
    assert set(OutgoingEmail.objects.values_list("pk", "status")) == {
        (busy.pk, OutgoingEmail.Status.QUEUED),
        (fresh.pk, OutgoingEmail.Status.QUEUED),
    }


def test_retry_emails_leaves_mail_whose_job_still_waits_in_the_queue(bob, group, settings):
    # The worker is down for an hour: the mail's job waits in the queue and is not queued again.
    settings.TASKS = DB_TASKS
    email = _queue_one(bob, group)
    OutgoingEmail.objects.filter(pk=email.pk).update(queued_at=timezone.now() - timedelta(hours=1))
    for _run in range(3):
        assert emails_retry().requeued == 0
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.QUEUED
    assert DBTaskResult.objects.filter(task_path=deliver_email.module_path).count() == 1


def test_retry_emails_gives_up_after_the_last_attempt(bob):
    email = _lost(bob, 60, status=OutgoingEmail.Status.FAILED, attempts=MAX_ATTEMPTS, last_error="Refused")
    assert emails_retry().requeued == 0
    email.refresh_from_db()
    assert (email.status, email.last_error) == (OutgoingEmail.Status.FAILED, "Refused")
    assert mail.outbox == []


def test_retry_emails_a_dead_attempt_counts_towards_the_last_one(bob, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # refused: the retry fails too
    email = _lost(bob, 16, sending_since=timezone.now() - timedelta(minutes=16), attempts=MAX_ATTEMPTS - 1)
    assert emails_retry().interrupted == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutgoingEmail.Status.FAILED, MAX_ATTEMPTS)
    assert emails_retry().requeued == 0

"""Delivering one e-mail from the outbox, once: the work behind the ``deliver_email`` task.

Kept apart from ``email`` (which queues mail and retries it) so the imports run one way:
``email`` → ``tasks`` (the delivery job) → ``email_delivery``; nothing here queues a job.
"""

import base64
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from intervisie.common.models import OutgoingEmail


def stuck_before(now: datetime) -> datetime:
    """An attempt (or a queued mail) older than this shows no sign of life: its worker died."""
    return now - timedelta(minutes=settings.TASK_STUCK_MINUTES)


def email_deliver(*, email: OutgoingEmail) -> None:
    """Send one queued e-mail, once, even when its job runs twice or on two workers at once.

    Side effects, in order: claim the mail in a short transaction under a row lock (return when it
    was sent already, or when another attempt began less than TASK_STUCK_MINUTES ago); talk to the
    mail server outside any transaction; save the outcome (sent, or failed with the error).

    The mail server is not called inside the transaction: on SQLite a transaction holds the write
    lock of the whole database, so a slow or hanging mail server would stop every other write of
    the site. The claim (``sending_since``) does what the held lock did: a second attempt leaves the
    mail alone while the first is under way. A worker killed mid-send leaves the claim behind, and
    ``emails_retry`` queues the mail again once the claim is older than TASK_STUCK_MINUTES (which
    is far longer than EMAIL_TIMEOUT, so a live attempt has ended by then).
    """
    now = timezone.now()
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().get(pk=email.pk)
        if email.status == OutgoingEmail.Status.SENT:
            return
        if email.sending_since is not None and email.sending_since > stuck_before(now):
            return
        email.sending_since = claimed_at = now
        email.attempts += 1
        email.save(update_fields=["sending_since", "attempts"])

    message = EmailMultiAlternatives(email.subject, email.body_text, settings.DEFAULT_FROM_EMAIL, [email.to])
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for attachment in email.attachments:
        content = attachment["content"]
        if attachment.get("encoding") == "base64":
            content = base64.b64decode(content)
        message.attach(attachment["name"], content, attachment["mimetype"])
    try:
        message.send()
    except Exception as exc:  # any transport error: keep the mail for a retry
        error = f"{type(exc).__name__}: {exc}"[:2000]
    else:
        error = None

    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().get(pk=email.pk)
        if email.status == OutgoingEmail.Status.SENT:
            return  # a later attempt got through first; this one's outcome changes nothing
        if error is not None and email.sending_since != claimed_at:
            return  # this attempt was given up on and a newer one owns the mail: leave it be
        email.sending_since = None
        if error is not None:
            email.status = OutgoingEmail.Status.FAILED
            email.last_error = error
        else:
            email.status = OutgoingEmail.Status.SENT
            email.sent_at = timezone.now()
            email.last_error = ""
            # A sent mail's text is not kept: it may hold a password-reset or confirmation link.
            email.body_text = email.body_html = ""
            email.attachments = []
        email.save(
            update_fields=[
                "status",
                "sending_since",
                "last_error",
                "sent_at",
                "body_text",
                "body_html",
                "attachments",
            ]
        )

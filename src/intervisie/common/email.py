"""E-mail through an outbox: render in the recipient's language, store, deliver by a background task.

Nothing is lost when a process dies: a mail stays in the outbox until it is sent, and ``retry_emails``
(run by the scheduler) queues it again when its delivery failed or when the worker delivering it
died mid-send (killed, out of memory, machine gone). django-tasks' database worker does not reclaim
the job of a dead worker itself: that job stays RUNNING for ever.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from intervisie.common.models import OutgoingEmail


def email_queue(
    *, to, template: str, context: dict, language: str | None = None, attachments: list | None = None
) -> OutgoingEmail:
    """Render ``<template>_subject.txt``, ``.txt`` and ``.html`` and queue delivery.

    ``attachments`` are text files sent along: ``[{"name", "mimetype", "content"}]`` (an .ics file).

    Called inside the caller's transaction: with the database task backend the e-mail and its
    delivery job are committed (or rolled back) together with the state change.
    """
    from intervisie.common.tasks import deliver_email

    address = getattr(to, "email", to)
    language = language or getattr(to, "language", None) or settings.LANGUAGE_CODE
    context = {"site_url": settings.SITE_URL, "recipient": to if not isinstance(to, str) else None, **context}
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    email = OutgoingEmail.objects.create(
        to=address,
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body_text=text,
        body_html=html,
        attachments=attachments or [],
    )
    deliver_email.enqueue(email_id=email.pk)
    return email


def _stuck_before(now: datetime) -> datetime:
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
        if email.sending_since is not None and email.sending_since > _stuck_before(now):
            return
        email.sending_since = claimed_at = now
        email.attempts += 1
        email.save(update_fields=["sending_since", "attempts"])

    message = EmailMultiAlternatives(email.subject, email.body_text, settings.DEFAULT_FROM_EMAIL, [email.to])
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for attachment in email.attachments:
        message.attach(attachment["name"], attachment["content"], attachment["mimetype"])
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


# A mail that failed this often is left alone (the admin shows it and its last error).
MAX_ATTEMPTS = 10
# Stored like the transport errors, which come from the mail libraries in English.
INTERRUPTED_ERROR = "Interrupted: no outcome {minutes} minutes after the attempt began (did the worker stop?)"


@dataclass(frozen=True)
class RetryCounts:
    interrupted: int  # deliveries found dead and marked failed
    requeued: int  # mails put in the queue again


def emails_retry(*, now: datetime | None = None) -> RetryCounts:
    """Queue undelivered mail again: failed deliveries, and deliveries that died with their worker.

    Side effects, in order: mark as failed each queued mail whose delivery shows no sign of life for
    TASK_STUCK_MINUTES (an attempt began that long ago and never ended, or the mail was queued that
    long ago and no job for it is waiting); then queue each failed mail with fewer than MAX_ATTEMPTS
    attempts again (status back to queued, ``queued_at`` now). Mails whose job still waits in the
    queue are left alone, so a worker that is down for a while does not find the same mail queued
    once per run. Idempotent: run it as often as you like; ``email_deliver`` sends each mail once.
    """
    from intervisie.common.tasks import deliver_email, waiting_task_kwargs

    now = now or timezone.now()
    cutoff = _stuck_before(now)
    waiting = {kwargs["email_id"] for kwargs in waiting_task_kwargs(deliver_email) if "email_id" in kwargs}
    # One UPDATE, whose conditions the database checks again row by row: an attempt that ends at
    # this moment is not marked failed after it was sent.
    interrupted = (
        OutgoingEmail.objects.filter(status=OutgoingEmail.Status.QUEUED)
        .filter(Q(sending_since__lt=cutoff) | Q(sending_since__isnull=True, queued_at__lt=cutoff))
        .exclude(pk__in=waiting)
        .update(
            status=OutgoingEmail.Status.FAILED,
            sending_since=None,
            last_error=INTERRUPTED_ERROR.format(minutes=settings.TASK_STUCK_MINUTES),
        )
    )
    failed = (
        OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED, attempts__lt=MAX_ATTEMPTS)
        .exclude(pk__in=waiting)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    requeued = 0
    for pk in list(failed):
        with transaction.atomic():
            # Queued with the state change, in one transaction (as email_queue does).
            if OutgoingEmail.objects.filter(pk=pk, status=OutgoingEmail.Status.FAILED).update(
                status=OutgoingEmail.Status.QUEUED, queued_at=now
            ):
                deliver_email.enqueue(email_id=pk)
                requeued += 1
    return RetryCounts(interrupted=interrupted, requeued=requeued)

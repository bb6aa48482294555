"""E-mail through an outbox: render in the recipient's language, store, deliver by a background task.

This module queues mail (``email_queue``) and queues it again (``emails_retry``); the ``deliver_email``
task (``tasks``) sends it through ``email_delivery.email_deliver``. Imports run one way: email → tasks
→ email_delivery.

Nothing is lost when a process dies: a mail stays in the outbox until it is sent, and ``retry_emails``
(run by the scheduler) queues it again when its delivery failed or when the worker delivering it
died mid-send (killed, out of memory, machine gone). django-tasks' database worker does not reclaim
the job of a dead worker itself: that job stays RUNNING for ever.
"""

import base64
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from intervisie.common.email_delivery import stuck_before
from intervisie.common.models import OutgoingEmail
from intervisie.common.tasks import deliver_email, waiting_task_kwargs


def _storable(attachment: dict) -> dict:
    content = attachment["content"]
    if isinstance(content, bytes):
        return {**attachment, "content": base64.b64encode(content).decode("ascii"), "encoding": "base64"}
    return attachment


def email_queue(
    *, to, template: str, context: dict, language: str | None = None, attachments: list | None = None
) -> OutgoingEmail:
    """Render ``<template>_subject.txt``, ``.txt`` and ``.html`` and queue delivery.

    ``attachments`` are files sent along: ``[{"name", "mimetype", "content"}]``; text content (an .ics
    file) is stored as it is, bytes (a PDF) as base64, since the outbox keeps them in a JSON column that
    cannot hold every byte (PostgreSQL refuses NUL).

    Called inside the caller's transaction: with the database task backend the e-mail and its
    delivery job are committed (or rolled back) together with the state change.
    """
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
        attachments=[_storable(attachment) for attachment in attachments or []],
    )
    deliver_email.enqueue(email_id=email.pk)
    return email


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
    once per run. Idempotent: run it as often as you like; ``email_delivery.email_deliver`` sends each mail once.
    """
    now = now or timezone.now()
    cutoff = stuck_before(now)
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

"""E-mail through an outbox: render in the recipient's language, store, deliver by a background task."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
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


def email_deliver(*, email: OutgoingEmail) -> None:
    """Send one queued e-mail. Reads the row under a lock, so a job that runs twice (or two workers
    at once) sends it once."""
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().get(pk=email.pk)
        if email.status == OutgoingEmail.Status.SENT:
            return
        message = EmailMultiAlternatives(
            email.subject, email.body_text, settings.DEFAULT_FROM_EMAIL, [email.to]
        )
        if email.body_html:
            message.attach_alternative(email.body_html, "text/html")
        for attachment in email.attachments:
            message.attach(attachment["name"], attachment["content"], attachment["mimetype"])
        email.attempts += 1
        try:
            message.send()
        except Exception as exc:  # any transport error: keep the mail for a retry
            email.status = OutgoingEmail.Status.FAILED
            email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
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
                "attempts",
                "last_error",
                "sent_at",
                "body_text",
                "body_html",
                "attachments",
            ]
        )

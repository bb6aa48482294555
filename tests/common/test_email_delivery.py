"""Delivering one e-mail from the outbox (common/email_delivery.py): once, whoever tries."""

import ast
from datetime import timedelta
from pathlib import Path

from django.core import mail
from django.utils import timezone

import intervisie.common
from intervisie.common.email import email_queue
from intervisie.common.email_delivery import email_deliver
from intervisie.common.models import OutgoingEmail


def test_delivery_twice_sends_once(bob, group):
    email = email_queue(
        to=bob,
        template="groups/email/membership_update",
        context={"membership": None, "group": group, "event": "requested"},
    )  # delivered at once by the immediate task backend
    email_deliver(email=email)  # a stale copy that still says "queued"
    assert len(mail.outbox) == 1


def test_delivery_while_another_attempt_is_under_way_sends_nothing(bob):
    email = OutgoingEmail.objects.create(to=bob.email, subject="[Intervisiewijzer] Test", body_text="Hoi")
    OutgoingEmail.objects.filter(pk=email.pk).update(
        queued_at=timezone.now() - timedelta(minutes=20),
        sending_since=timezone.now() - timedelta(minutes=1),
        attempts=1,
    )
    email_deliver(email=email)
    email.refresh_from_db()
    assert mail.outbox == []
    assert (email.status, email.attempts) == (OutgoingEmail.Status.QUEUED, 1)


def _imports(module: str) -> set[str]:
    """Every module ``common/<module>.py`` imports from, at any depth (function-level imports too)."""
    tree = ast.parse((Path(intervisie.common.__file__).parent / f"{module}.py").read_text(encoding="utf-8"))
    names = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    return names | {a.name for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names}


def test_imports_run_one_way_email_tasks_delivery():
    """email queues the task, the task delivers: neither imports back, so there is no circle."""
    assert "intervisie.common.tasks" in _imports("email")
    assert "intervisie.common.email_delivery" in _imports("tasks")
    assert "intervisie.common.email" not in _imports("tasks")
    assert not {"intervisie.common.email", "intervisie.common.tasks"} & _imports("email_delivery")

"""The task queue when a worker dies: orphaned jobs, and a real worker killed (SIGKILL) while it
delivers an e-mail, on the suite's own database (SQLite file or PostgreSQL). The periodic jobs are
tested in tests/scheduler/."""

import os
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
from contextlib import closing, contextmanager
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from intervisie.common.email import email_queue
from intervisie.common.models import OutgoingEmail
from intervisie.common.tasks import WorkerLost, deliver_email, task_results_fail_orphaned
from intervisie.meetings.tasks import check_meeting_quorum

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
ROOT = Path(__file__).resolve().parents[2]
WAIT = 60  # seconds: the most any step below may take before the test fails instead of hanging


def _running_job(*, minutes_ago: float) -> DBTaskResult:
    job = check_meeting_quorum.enqueue().db_result
    DBTaskResult.objects.filter(pk=job.pk).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return job


def test_task_results_fail_orphaned_marks_only_jobs_running_too_long(db, settings):
    settings.TASKS = DB_TASKS
    dead, alive = _running_job(minutes_ago=16), _running_job(minutes_ago=14)
    assert task_results_fail_orphaned() == 1
    assert task_results_fail_orphaned() == 0
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert (dead.status, alive.status) == (TaskResultStatus.FAILED, TaskResultStatus.RUNNING)
    assert dead.exception_class_path == "intervisie.common.tasks.WorkerLost"
    assert dead.traceback.startswith("WorkerLost: No outcome 15 minutes after the job started")
    # django-tasks reads the failure back like any other.
    assert dead.task_result.errors[0].exception_class is WorkerLost


# --- A real worker, killed mid-send ------------------------------------------------------------------


def _database_url() -> str:
    """The test database as a URL, for a worker in another process."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def _worker_env(**email) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "intervisie.settings",  # the real one: database task backend
        "PYTHONPATH": str(ROOT / "src"),
        "DATABASE_URL": _database_url(),
        "DATA_DIR": str(django_settings.DATA_DIR),
        "EMAIL_TIMEOUT": "120",
        **email,
    }


def _worker(tmp_path, name: str, *args, **email) -> subprocess.Popen:
    with (tmp_path / f"{name}.log").open("w") as log:  # the child keeps its own copy of the file
        return subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py, no shell
            [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.2", *args],
            cwd=ROOT,
            env=_worker_env(**email),
            stdout=log,
            stderr=subprocess.STDOUT,
        )


@contextmanager
def _recording_smtp_server():
    """A minimal SMTP server in a thread that accepts every message: yields (port, received), where
    received lists (recipients, message text) per message."""
    received = []

    class Handler(socketserver.StreamRequestHandler):
        def reply(self, line: str) -> None:
            self.wfile.write(f"{line}\r\n".encode())

        def handle(self):
            self.reply("220 test ESMTP")
            recipients = []
            while line := self.rfile.readline():
                command = line.decode().strip()
                verb = command[:4].upper()
                if verb == "RCPT":
                    recipients.append(command.split(":", 1)[1].strip())
                if verb == "DATA":
                    self.reply("354 go ahead")
                    lines = []
                    while (data := self.rfile.readline()) not in (b".\r\n", b""):
                        lines.append(data.decode())
                    received.append((recipients, "".join(lines)))
                    recipients = []
                    self.reply("250 queued")
                elif verb == "QUIT":
                    self.reply("221 bye")
                    return
                else:  # EHLO, HELO, MAIL, RCPT, RSET, NOOP
                    self.reply("250 ok")

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], received
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=WAIT)


def _wait_for_connection(server: socket.socket, worker: subprocess.Popen, tmp_path) -> socket.socket:
    """Accept the worker's SMTP connection (and never answer it), or fail when the worker stops."""
    server.settimeout(0.5)
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        try:
            client, _address = server.accept()
            return client
        except TimeoutError:
            if worker.poll() is not None:
                pytest.fail(f"the worker stopped: {(tmp_path / 'first.log').read_text()}")
    pytest.fail("the worker never connected to the mail server")


@pytest.mark.django_db(transaction=True)  # committed, so the worker processes see the data
def test_mail_of_a_worker_killed_mid_send_is_delivered_once_by_the_next_worker(
    bob, group, settings, tmp_path
):
    settings.TASKS = DB_TASKS
    email = email_queue(
        to=bob,
        template="groups/email/membership_update",
        context={"membership": None, "group": group, "event": "requested"},
    )
    first_job = DBTaskResult.objects.get(task_path=deliver_email.module_path)

    # A mail server that accepts the connection and then says nothing: the worker waits mid-send.
    with closing(socket.create_server(("127.0.0.1", 0))) as server:
        port = server.getsockname()[1]
        worker = _worker(
            tmp_path,
            "first",
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(port),
        )
        try:
            with closing(_wait_for_connection(server, worker, tmp_path)):
                email.refresh_from_db()
                first_job.refresh_from_db()
                assert email.status == OutgoingEmail.Status.QUEUED and email.sending_since is not None
                assert first_job.status == TaskResultStatus.RUNNING
                worker.send_signal(signal.SIGKILL)
                assert worker.wait(timeout=WAIT) == -signal.SIGKILL
        finally:
            if worker.poll() is None:
                worker.kill()
                worker.wait(timeout=WAIT)

    # What the killed worker leaves behind: nobody would ever send this mail.
    email.refresh_from_db()
    first_job.refresh_from_db()
    assert (email.status, email.attempts, first_job.status) == (
        OutgoingEmail.Status.QUEUED,
        1,
        TaskResultStatus.RUNNING,
    )

    # Within TASK_STUCK_MINUTES the attempt might still be alive: the recovery waits.
    call_command("retry_emails", stdout=StringIO())
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 0

    # 16 minutes later (the attempt and the job are made older instead of waiting).
    sixteen_minutes_ago = timezone.now() - timedelta(minutes=16)
    OutgoingEmail.objects.filter(pk=email.pk).update(
        sending_since=sixteen_minutes_ago, queued_at=sixteen_minutes_ago
    )
    DBTaskResult.objects.filter(pk=first_job.pk).update(started_at=sixteen_minutes_ago)
    out = StringIO()
    call_command("retry_emails", stdout=out)
    assert out.getvalue().strip() == (
        "1 e-mail(s) opnieuw in de wachtrij gezet (1 onderbroken bezorging(en)); "
        "1 taak/taken van een gestopte worker als mislukt gemarkeerd."
    )
    first_job.refresh_from_db()
    assert first_job.status == TaskResultStatus.FAILED

    # The next worker, with a mail server that works, runs what waits in the queue and stops.
    with _recording_smtp_server() as (port, received):
        second = _worker(
            tmp_path,
            "second",
            "--batch",
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(port),
        )
        assert second.wait(timeout=WAIT) == 0, (tmp_path / "second.log").read_text()
    email.refresh_from_db()
    assert (email.status, email.attempts, email.sending_since, email.last_error) == (
        OutgoingEmail.Status.SENT,
        2,
        None,
        "",
    )
    assert [recipients for recipients, _data in received] == [["<bob@example.nl>"]]
    assert "Subject: [Intervisiewijzer]" in received[0][1]

    # Once sent, nothing sends it again.
    call_command("retry_emails", stdout=StringIO())
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 0

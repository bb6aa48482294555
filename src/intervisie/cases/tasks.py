"""Periodic job for cases. Thin: calls one idempotent domain function, so the scheduler may queue it
as often as it likes (once a day is enough)."""

from django.utils import timezone
from django_tasks import task

from intervisie.cases.domain import cases_purge


@task()
def purge_case_texts() -> int:
    """Empty case texts after the retention period (CASE_RETENTION_DAYS after their meeting)."""
    return cases_purge(now=timezone.now())

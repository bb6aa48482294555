"""Periodic jobs for meetings. Thin: each task calls one idempotent domain function, so the scheduler
may queue it as often as it likes (every few minutes is fine) and a task that runs twice sends once."""

from django_tasks import task

from intervisie.meetings.domain import meeting_quorum_check, meeting_reminders_send


@task()
def send_meeting_reminders() -> int:
    """E-mail the reminder for meetings that start within REMINDER_HOURS_BEFORE hours, once each."""
    return meeting_reminders_send()


@task()
def check_meeting_quorum() -> dict[str, int]:
    """When too few people said they come by the deadline: cancel the meeting if the charter says so,
    else warn the begeleider and planners; once per meeting."""
    return meeting_quorum_check()

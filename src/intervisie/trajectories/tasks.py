"""Periodic jobs for trajectories. Thin: the task calls one idempotent domain function."""

from django_tasks import task

from intervisie.trajectories.domain import trajectory_reminders_send


@task()
def send_trajectory_reminders() -> int:
    """Remind whoever a trajectory waits on when a step has waited too long, once per step."""
    return trajectory_reminders_send()

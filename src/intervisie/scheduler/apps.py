from django.apps import AppConfig


class SchedulerConfig(AppConfig):
    """The periodic jobs and the command that queues them. Project level: it names jobs of several
    apps, and no app imports it."""

    name = "intervisie.scheduler"
    label = "scheduler"
    verbose_name = "Planner"

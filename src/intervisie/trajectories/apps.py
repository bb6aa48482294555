from django.apps import AppConfig


class TrajectoriesConfig(AppConfig):
    name = "intervisie.trajectories"
    label = "trajectories"
    verbose_name = "Begeleide trajecten"

from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "intervisie.live"
    label = "live"
    verbose_name = "Begeleide sessies"

from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "intervisie.common"
    label = "common"
    verbose_name = "Algemeen"

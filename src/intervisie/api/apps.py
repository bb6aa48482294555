from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "intervisie.api"
    label = "api"
    verbose_name = "API"

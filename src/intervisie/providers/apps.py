from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    name = "intervisie.providers"
    label = "providers"
    verbose_name = "Aanbieders"

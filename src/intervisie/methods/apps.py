from django.apps import AppConfig


class MethodsConfig(AppConfig):
    name = "intervisie.methods"
    label = "methods"
    verbose_name = "Methodebibliotheek"

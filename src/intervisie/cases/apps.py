from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "intervisie.cases"
    label = "cases"
    verbose_name = "Inbreng"

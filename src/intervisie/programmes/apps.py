from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "intervisie.programmes"
    label = "programmes"
    verbose_name = "Buiten je bubbel-programma's"

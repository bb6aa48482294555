from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "intervisie.directory"
    label = "directory"
    verbose_name = "Groepen vinden"

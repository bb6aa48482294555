from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "intervisie.groups"
    label = "groups"
    verbose_name = "Intervisiegroepen"

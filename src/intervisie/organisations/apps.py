from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "intervisie.organisations"
    label = "organisations"
    verbose_name = "Organisaties"

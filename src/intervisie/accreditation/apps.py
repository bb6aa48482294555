from django.apps import AppConfig


class AccreditationConfig(AppConfig):
    name = "intervisie.accreditation"
    label = "accreditation"
    verbose_name = "Reflectie-uren en bewijs"

from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "intervisie.billing"
    label = "billing"
    verbose_name = "Offertes en facturen"

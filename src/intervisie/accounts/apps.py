from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "intervisie.accounts"
    label = "accounts"
    verbose_name = "Accounts"

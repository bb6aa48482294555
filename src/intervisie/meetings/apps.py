from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "intervisie.meetings"
    label = "meetings"
    verbose_name = "Bijeenkomsten"

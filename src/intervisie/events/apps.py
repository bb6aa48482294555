from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "intervisie.events"
    label = "events"
    verbose_name = "Themabijeenkomsten"

from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data and its commands (load_demo, demo_logins). Sits at the top of the layering: it
    writes through every app's domain functions, and no app imports it."""

    name = "intervisie.demo"
    label = "demo"
    verbose_name = "Demogegevens"

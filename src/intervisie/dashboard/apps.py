from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The home page of a logged-in person: one part per role. Sits at the top of the layering: it
    reads from every domain app, and no app imports it."""

    name = "intervisie.dashboard"
    label = "dashboard"
    verbose_name = "Overzicht"

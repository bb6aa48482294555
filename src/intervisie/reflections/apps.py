from django.apps import AppConfig


class ReflectionsConfig(AppConfig):
    name = "intervisie.reflections"
    label = "reflections"
    verbose_name = "Reflecties en evaluaties"

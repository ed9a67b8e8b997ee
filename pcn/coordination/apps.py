from django.apps import AppConfig


class CoordinationConfig(AppConfig):
    name = "pcn.coordination"
    label = "coordination"
    verbose_name = "Coordination"

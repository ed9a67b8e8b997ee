from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "pcn.planning"
    label = "planning"
    verbose_name = "Recruitment planning"

from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "pcn.workforce"
    label = "workforce"
    verbose_name = "Workforce and belonging"

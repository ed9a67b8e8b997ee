from django.apps import AppConfig


class PurposeConfig(AppConfig):
    name = "pcn.purpose"
    label = "purpose"
    verbose_name = "Shared purpose"

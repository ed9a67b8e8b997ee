from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "pcn.demo"
    label = "demo"
    verbose_name = "Demo network"

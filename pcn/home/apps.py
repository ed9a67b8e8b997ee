from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "pcn.home"
    label = "home"
    verbose_name = "Overview and My work"

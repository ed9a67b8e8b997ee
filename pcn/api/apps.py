from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "pcn.api"
    label = "api"

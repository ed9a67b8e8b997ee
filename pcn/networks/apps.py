from django.apps import AppConfig


class NetworksConfig(AppConfig):
    name = "pcn.networks"
    label = "networks"
    verbose_name = "Networks and practices"

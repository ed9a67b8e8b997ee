from django.apps import AppConfig


class RotaConfig(AppConfig):
    name = "pcn.rota"
    label = "rota"
    verbose_name = "Rota"

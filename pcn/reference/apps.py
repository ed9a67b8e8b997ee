from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "pcn.reference"
    label = "reference"
    verbose_name = "NHS open data"

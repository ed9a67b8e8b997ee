from django.apps import AppConfig


class AllocationConfig(AppConfig):
    name = "pcn.allocation"
    label = "allocation"
    verbose_name = "Needs-based allocation"

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "pcn.core"
    label = "core"
    verbose_name = "Users, memberships and audit"

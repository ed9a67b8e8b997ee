from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "pcn.core"
    label = "core"
    verbose_name = "Users, memberships and audit"

    def ready(self):
        # Notes the moment of each sign-in, for changes that ask for a recent one.
        from . import recent_sign_in  # noqa: F401

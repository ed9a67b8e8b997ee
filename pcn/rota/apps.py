from django.apps import AppConfig


class RotaConfig(AppConfig):
    name = "pcn.rota"
    label = "rota"
    verbose_name = "Rota"

    def ready(self):
        # The leave approval page shows the published sessions a leave clashes with.
        from pcn.workforce import leave

        from .leave_clashes import published_sessions

        leave.rota_sessions_from(published_sessions)

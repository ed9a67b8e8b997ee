from django.apps import AppConfig


class RotaConfig(AppConfig):
    name = "pcn.rota"
    label = "rota"
    verbose_name = "Rota"

    def ready(self):
        # The register's answer to where someone works reads the published rota through this
        # (the register stands on a floor below the rota's, so it does not import it).
        from pcn.workforce import where_they_work

        from .published import published_sessions

        where_they_work.reads_published_with(published_sessions)

        # The leave approval page shows the published sessions a leave clashes with.
        from pcn.workforce import leave

        from .leave_clashes import published_sessions as leave_clashes

        leave.rota_sessions_from(leave_clashes)

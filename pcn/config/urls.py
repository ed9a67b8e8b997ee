from django.urls import include, path

from pcn.api.api import api

urlpatterns = [
    path("", include("pcn.core.urls")),
    path("", include("pcn.networks.urls")),
    path("", include("pcn.reference.urls")),
    path("", include("pcn.workforce.urls")),
    path("", include("pcn.benchmarking.urls")),
    path("", include("pcn.allocation.urls")),
    path("", include("pcn.rota.urls")),
    path("", include("pcn.money.urls")),
    path("", include("pcn.coordination.urls")),
    path("", include("pcn.purpose.urls")),
    path("", include("pcn.planning.urls")),
    path("", include("pcn.home.urls")),
    path("api/", api.urls),
]

# Styled pages for a refusal, a missing page, a failure (pcn/core/errors.py).
handler403 = "pcn.core.errors.forbidden"
handler404 = "pcn.core.errors.not_found"
handler500 = "pcn.core.errors.server_error"

from django.urls import include, path

from pcn.api.api import api

urlpatterns = [
    path("", include("pcn.core.urls")),
    path("", include("pcn.networks.urls")),
    path("", include("pcn.reference.urls")),
    path("", include("pcn.workforce.urls")),
    path("", include("pcn.allocation.urls")),
    path("", include("pcn.rota.urls")),
    path("", include("pcn.money.urls")),
    path("", include("pcn.coordination.urls")),
    path("", include("pcn.home.urls")),
    path("api/", api.urls),
]

"""The JSON API. Thin: it finds the caller's network and calls the apps' queries."""

from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Schema

from pcn.networks.models import Basis, Network
from pcn.networks.populations import network_populations

from .auth import PersonalToken

api = NinjaAPI(
    title="PCN Commons API",
    version="1",
    description="Read your networks' data. Authenticate with a personal API token from your "
    "account page, sent as `Authorization: Bearer TOKEN`.",
    auth=PersonalToken(),
)


class PracticeOut(Schema):
    ods_code: str
    name: str
    postcode: str
    registered_patients: int | None
    adjusted_population: int | None
    weighted_population: int | None
    adjusted_population_is_estimate: bool | None
    weighted_population_is_estimate: bool | None


def _network_for(request, pcn_code):
    # A network the caller is not a member of is 404, exactly like one that doesn't exist.
    return get_object_or_404(
        Network.objects.filter(memberships__user=request.auth).distinct(), pcn_code=pcn_code.upper()
    )


@api.get("/networks/{pcn_code}/practices", response=list[PracticeOut], tags=["networks"])
def practices(request, pcn_code: str):
    """Member practices with the population figures in use (null where unknown)."""
    network = _network_for(request, pcn_code)
    rows = network_populations(network).rows

    def value(row, basis):
        figure = row.figures[basis]
        return figure.value if figure else None

    def estimate(row, basis):
        figure = row.figures[basis]
        return figure.is_estimate if figure else None

    return [
        {
            "ods_code": row.practice.ods_code,
            "name": row.practice.name,
            "postcode": row.practice.postcode,
            "registered_patients": value(row, Basis.REGISTERED),
            "adjusted_population": value(row, Basis.ADJUSTED),
            "weighted_population": value(row, Basis.WEIGHTED),
            "adjusted_population_is_estimate": estimate(row, Basis.ADJUSTED),
            "weighted_population_is_estimate": estimate(row, Basis.WEIGHTED),
        }
        for row in rows
    ]

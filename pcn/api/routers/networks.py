"""The network's practices and the populations in use."""

from datetime import date

from ninja import Router, Schema

from pcn.networks.models import Basis
from pcn.networks.populations import network_populations

from ..common import NO_TOKEN, NOT_ALLOWED, NOT_YOURS, network_for, refuse_unless, responses

router = Router(tags=["networks"])


class PracticeOut(Schema):
    ods_code: str
    name: str
    postcode: str
    registered_patients: int | None
    adjusted_population: int | None
    weighted_population: int | None
    adjusted_population_is_estimate: bool | None
    weighted_population_is_estimate: bool | None
    # The date each figure is the population at (the latest figure held; null where unknown).
    registered_patients_as_at: date | None
    adjusted_population_as_at: date | None
    weighted_population_as_at: date | None


@router.get(
    "/networks/{pcn_code}/practices",
    response=responses(list[PracticeOut], NO_TOKEN, NOT_ALLOWED, NOT_YOURS),
)
def practices(request, pcn_code: str):
    """Member practices with the population figures in use (null where unknown)."""
    network = network_for(request, pcn_code)
    refuse_unless(
        request.auth, "networks.view_network", network, "Only members can read the network."
    )
    rows = network_populations(network).rows

    def value(row, basis):
        figure = row.figures[basis]
        return figure.value if figure else None

    def estimate(row, basis):
        figure = row.figures[basis]
        return figure.is_estimate if figure else None

    def as_at(row, basis):
        figure = row.figures[basis]
        return figure.as_at if figure else None

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
            "registered_patients_as_at": as_at(row, Basis.REGISTERED),
            "adjusted_population_as_at": as_at(row, Basis.ADJUSTED),
            "weighted_population_as_at": as_at(row, Basis.WEIGHTED),
        }
        for row in rows
    ]

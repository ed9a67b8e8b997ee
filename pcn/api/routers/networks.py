"""The network: its practices and the populations in use, and how it compares with England."""

from datetime import date

from ninja import Router, Schema
from ninja.errors import HttpError

from pcn.benchmarking.england import UnknownPcn, benchmark_json
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


class IcbOut(Schema):
    code: str
    name: str


class RoleBenchmarkOut(Schema):
    role: str  # an ARRS role code, or "all-arrs" for all of them
    name: str
    fte: float
    per_10k: float  # FTE per 10,000 registered patients
    per_10k_weighted: float | None  # per 10,000 weighted patients; null where unknown
    percentile_england: float | None  # 0 the lowest, 100 the highest
    percentile_similar: float | None
    median_similar_per_10k: float | None
    median_england_per_10k: float


class BenchmarkMethodOut(Schema):
    similar: str  # what "similar" means, in words
    percentile: str


class BenchmarkSourcesOut(Schema):
    census: str
    patients: str
    weighted: str


class BenchmarkOut(Schema):
    pcn: str
    name: str
    icb: IcbOut
    census_date: date
    patients: int
    patients_date: date
    weighted_patients: int | None
    weighted_date: date | None
    weighted_is_estimate: bool
    share_65_plus: float | None
    similar: list[str]  # the similar PCNs' codes: in the ICB, then elsewhere, nearest first
    similar_in_icb: list[str]
    similar_elsewhere: list[str]
    roles: list[RoleBenchmarkOut]
    fte_not_arrs: float  # census FTE in roles outside the ARRS catalogue: counted, not dropped
    fte_total: float
    pcns_compared: int
    method: BenchmarkMethodOut
    sources: BenchmarkSourcesOut


@router.get(
    "/networks/{pcn_code}/benchmark",
    response=responses(BenchmarkOut, NO_TOKEN, NOT_ALLOWED, NOT_YOURS),
)
def benchmark(request, pcn_code: str):
    """The network against England and against similar PCNs, from the NHS workforce census and
    the registered patients files (as `manage.py benchmark_network CODE --json`): FTE by ARRS
    role per 10,000 patients and the network's percentiles, with each figure's date and source
    and what "similar" means. 404 also when the loaded files have no figures for the network
    (the detail says why)."""
    network = network_for(request, pcn_code)
    refuse_unless(
        request.auth, "networks.view_network", network, "Only members can read the network."
    )
    try:
        return benchmark_json(network.pcn_code)
    except UnknownPcn as unknown:
        raise HttpError(404, str(unknown)) from None

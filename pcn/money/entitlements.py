"""A network's entitlement per stream for a year: rate × population, with the working shown.

Each amount is rounded to the penny once, as the entitlement (exact.pennies); core PCN funding
is the sum of its two rounded parts.
"""

from dataclasses import dataclass
from decimal import Decimal

from pcn.networks.models import PopulationKind
from pcn.networks.populations import network_populations

from .exact import pennies, pounds
from .rates import Rate, rates_for, show_rate
from .streams import BASIS_LABELS, BEDS, STREAM_BY_KEY, STREAM_KINDS, STREAMS


@dataclass(frozen=True)
class Population:
    basis: str
    value: int | None
    kind: str  # "official", "nhs", "estimate", "mixed", "entered" or "unknown"
    label: str  # for people: "official (entered by the PCN manager)", "estimate"...

    @property
    def official(self):
        return self.kind in ("official", "entered")

    @property
    def estimated(self):
        return self.kind in ("estimate", "mixed")


@dataclass(frozen=True)
class Entitlement:
    stream: str
    name: str
    paid_to: str
    rate: Rate
    population: Population
    amount: Decimal | None
    formula: str

    def as_json(self):
        return {
            "stream": self.stream,
            "name": self.name,
            "paid_to": self.paid_to,
            "rate": str(self.rate.value) if self.rate.known else None,
            "rate_source": self.rate.source,
            "rate_entered_by_network": self.rate.entered,
            "rate_estimated": self.rate.estimated,
            "kind": STREAM_BY_KEY[self.stream].kind,
            "population_basis": self.population.basis,
            "population": self.population.value,
            "population_kind": self.population.kind,
            "population_official": self.population.official,
            "population_estimated": self.population.estimated,
            "amount": str(self.amount) if self.amount is not None else None,
            "formula": self.formula,
        }


KIND_LABELS = {
    "official": "official figure entered by the PCN manager",
    "nhs": "NHS published",
    "estimate": "estimate",
    "mixed": "includes estimates",
    "entered": "entered by the PCN manager",
    "unknown": "unknown",
}


def _kind_of(kinds):
    if not kinds:
        return "unknown"
    if kinds == {PopulationKind.OFFICIAL}:
        return "official"
    if PopulationKind.ESTIMATE in kinds:
        return "estimate" if kinds == {PopulationKind.ESTIMATE} else "mixed"
    return "nhs"


def populations_of(network):
    """{basis: Population} for a set-up network: official figures over NHS over estimates."""
    found = network_populations(network)
    result = {}
    for basis in ("registered", "adjusted", "weighted"):
        in_use = [r.figures[basis] for r in found.rows if r.figures[basis] is not None]
        if not found.complete[basis]:
            result[basis] = Population(basis, None, "unknown", "unknown: a practice has no figure")
            continue
        kind = _kind_of({f.kind for f in in_use})
        result[basis] = Population(basis, found.totals[basis], kind, KIND_LABELS[kind])
    profile = getattr(network, "money", None) if hasattr(network, "pk") else None
    beds = getattr(profile, "care_home_beds", None)
    result[BEDS] = (
        Population(BEDS, beds, "entered", KIND_LABELS["entered"])
        if beds is not None
        else Population(BEDS, None, "unknown", "unknown: enter the beds in aligned care homes")
    )
    return result


def compute(rates, populations):
    """[Entitlement] for every stream from plain inputs: used by pages, the command and the
    benchmark alike."""
    lines = []
    for stream in STREAMS:
        rate = rates[stream.key]
        population = populations.get(stream.basis) or Population(
            stream.basis, None, "unknown", "unknown"
        )
        noun = BASIS_LABELS[stream.basis]
        if rate.ended:
            amount, formula = None, "Not part of the DES this year"
        elif not rate.known:
            amount, formula = None, f"Unknown: no rate per {noun.rstrip('s')} for this year"
        elif population.value is None:
            amount, formula = None, population.label[:1].upper() + population.label[1:]
        else:
            amount = pennies(rate.value * Decimal(population.value))
            formula = f"{show_rate(rate.value)} × {population.value:,} {noun} = {pounds(amount)}"
        lines.append(
            Entitlement(
                stream=stream.key,
                name=stream.name,
                paid_to=stream.paid_to,
                rate=rate,
                population=population,
                amount=amount,
                formula=formula,
            )
        )
    return lines


def for_network(network, year):
    return compute(rates_for(network, year), populations_of(network))


def arrs_entitlement(lines):
    return next(line.amount for line in lines if line.stream == "arrs")


@dataclass(frozen=True)
class KindTotal:
    kind: str
    label: str
    explanation: str
    amount: Decimal
    incomplete: bool  # a stream of this kind has an unknown rate or population


def totals_by_kind(lines):
    """What the nominated payee is paid, what is conditional and what is only claimable: three
    totals, never one, because the ARRS sum is not money received."""
    totals = []
    for kind, (label, explanation) in STREAM_KINDS.items():
        of_kind = [
            line
            for line in lines
            if STREAM_BY_KEY[line.stream].kind == kind and not line.rate.ended
        ]
        if not of_kind:
            continue
        known = [line.amount for line in of_kind if line.amount is not None]
        totals.append(
            KindTotal(
                kind,
                label,
                explanation,
                sum(known, Decimal("0.00")),
                len(known) < len(of_kind),
            )
        )
    return totals


def populations_from_files(practice_codes, list_sizes, estimates):
    """{basis: Population} for a PCN that is not set up here, from the NHS files: the published
    registered list and the unofficial adjusted and weighted estimates (labelled as such)."""
    result = {}
    codes = list(practice_codes)
    sizes = [list_sizes[c][0] for c in codes if c in list_sizes]
    result["registered"] = (
        Population("registered", sum(sizes), "nhs", KIND_LABELS["nhs"])
        if codes and len(sizes) == len(codes)
        else Population("registered", None, "unknown", "unknown: a practice has no list size")
    )
    for basis in ("adjusted", "weighted"):
        values = [estimates[c][basis].value for c in codes if basis in estimates.get(c, {})]
        result[basis] = (
            Population(basis, sum(values), "estimate", KIND_LABELS["estimate"])
            if codes and len(values) == len(codes)
            else Population(basis, None, "unknown", "unknown: a practice has no figure")
        )
    result[BEDS] = Population(BEDS, None, "unknown", "unknown: not in the NHS files")
    return result


def for_pcn_code(pcn_code, year):
    """(name, [Entitlement], set up here?) for any PCN code: a network set up here uses its own
    populations and rates; any other PCN the NHS files and the published rates."""
    from pcn.networks.models import Network
    from pcn.reference import queries as reference

    network = Network.objects.filter(pcn_code=pcn_code.strip().upper()).first()
    if network:
        return network.name, for_network(network, year), True
    record = reference.find_pcn(pcn_code)
    if record is None:
        raise LookupError(f"No PCN has the code {pcn_code} in the loaded NHS files.")
    codes = [p.code for p in reference.member_practices(record.code)]
    populations = populations_from_files(
        codes, reference.latest_list_sizes(codes), reference.population_estimates(codes)
    )
    return record.name, compute(rates_for(None, year, entered=[]), populations), False

"""A network's entitlement per stream for a year: rate × population, with the working shown.

Each amount is rounded to the penny once, as the entitlement (exact.pennies); core PCN funding
is the sum of its two rounded parts.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pcn.core.years import population_date
from pcn.networks.models import PopulationKind
from pcn.networks.populations import figure_in_use, nearest_later, network_populations, uk_day

from .exact import pennies, pounds
from .rates import Rate, rates_for, show_rate
from .streams import BASIS_LABELS, BEDS, STREAM_BY_KEY, STREAM_KINDS, STREAMS


@dataclass(frozen=True)
class Population:
    basis: str
    value: int | None
    kind: str  # "official", "nhs", "estimate", "mixed", "entered" or "unknown"
    label: str  # for people: "adjusted population at 1 Jan 2025 (estimate)"...
    as_at: date | None = None  # the date of the figures (the oldest, if they differ)
    basis_label: str = ""  # "adjusted population"
    source: str = ""  # "NHS published", "estimate (...)", "official figure entered...", "mixed"
    note: str | None = None  # "from 1 Jan 2024, the latest held"; practices left out

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
            "population_basis_label": self.population.basis_label,
            "population": self.population.value,
            "population_as_at": (
                self.population.as_at.isoformat() if self.population.as_at else None
            ),
            "population_source": self.population.source,
            "population_note": self.population.note,
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


POPULATION_BASIS_LABELS = {
    "registered": "registered list",
    "adjusted": "adjusted population",
    "weighted": "weighted population",
    BEDS: "care home beds",
}
ESTIMATE_SOURCE = "estimate (third-party compilation, not an NHS publication)"


def _kind_of(kinds):
    if not kinds:
        return "unknown"
    if kinds == {PopulationKind.OFFICIAL}:
        return "official"
    if PopulationKind.ESTIMATE in kinds:
        return "estimate" if kinds == {PopulationKind.ESTIMATE} else "mixed"
    return "nhs"


def _source_of(figures):
    """Where the figures in use come from, in words."""
    kinds = {f.kind for f in figures}
    if len(kinds) > 1:
        return "mixed"
    kind = next(iter(kinds), None)
    if kind == PopulationKind.OFFICIAL:
        return KIND_LABELS["official"]
    if kind == PopulationKind.NHS:
        return KIND_LABELS["nhs"]
    return ESTIMATE_SOURCE


def _unknown(basis, why):
    return Population(
        basis,
        None,
        "unknown",
        f"unknown: {why}",
        as_at=None,
        basis_label=POPULATION_BASIS_LABELS[basis],
        source="",
        note=None,
    )


def summarise(basis, chosen, as_at=None, problems=(), left_out=()):
    """A Population from the figure in use for each practice: chosen is [(practice name,
    figure)] with figures having kind, value and as_at; problems say why a practice has none;
    left_out say which practices are not counted (they joined after the date)."""
    noun = POPULATION_BASIS_LABELS[basis]
    left_notes = [why for _, why in left_out]
    if problems or not chosen:
        why = problems[0] if problems else "no practice has a figure"
        if len(problems) > 1:
            why += f" (and {len(problems) - 1} more)"
        return _unknown(basis, why)
    figures = [figure for _, figure in chosen]
    kind = _kind_of({f.kind for f in figures})
    source = _source_of(figures)
    dates = sorted({f.as_at for f in figures})
    earliest = dates[0]
    short = "estimate" if source == ESTIMATE_SOURCE else source
    notes = []
    if as_at is None or dates == [as_at]:
        when = (
            f"at {uk_day(earliest)}"
            if len(dates) == 1
            else f"latest held, {uk_day(earliest)} to {uk_day(dates[-1])}"
        )
    elif len(dates) == 1:
        when = f"from {uk_day(earliest)}, the latest held"
        notes.append(when)
    else:
        when = f"at {uk_day(as_at)} or the latest held before it"
        # One note per date used, naming its practices: "from 1 Jan 2024, the latest held: A, B".
        by_date = {}
        for name, figure in chosen:
            if figure.as_at != as_at:
                by_date.setdefault(figure.as_at, []).append(name)
        for day, names in sorted(by_date.items()):
            notes.append(f"from {uk_day(day)}, the latest held: {', '.join(names)}")
    notes.extend(left_notes)
    return Population(
        basis,
        sum(f.value for f in figures),
        kind,
        f"{noun} {when} ({short})",
        as_at=earliest,
        basis_label=noun,
        source=source,
        note="; ".join(notes) or None,
    )


def populations_of(network, as_at=None):
    """{basis: Population} for a set-up network, at `as_at` (a year's population date): for
    each practice that was a member then, its latest figure on or before it, official over
    NHS over estimate at the same date."""
    found = network_populations(network, as_at=as_at)
    result = {}
    for basis in ("registered", "adjusted", "weighted"):
        chosen = [(r.practice.name, r.figures[basis]) for r in found.rows if r.figures[basis]]
        result[basis] = summarise(
            basis, chosen, as_at, problems=found.problems[basis], left_out=found.left_out
        )
    profile = getattr(network, "money", None) if hasattr(network, "pk") else None
    beds = getattr(profile, "care_home_beds", None)
    result[BEDS] = (
        Population(
            BEDS,
            beds,
            "entered",
            KIND_LABELS["entered"],
            basis_label=POPULATION_BASIS_LABELS[BEDS],
            source=KIND_LABELS["entered"],
        )
        if beds is not None
        else _unknown(BEDS, "enter the beds in aligned care homes")
    )
    return result


def compute(rates, populations):
    """[Entitlement] for every stream from plain inputs: used by pages, the command and the
    benchmark alike."""
    lines = []
    for stream in STREAMS:
        rate = rates[stream.key]
        population = populations.get(stream.basis) or Population(
            stream.basis, None, "unknown", "unknown", basis_label=stream.basis
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
    """Each stream's entitlement for a year, on the populations at 1 January before it."""
    return compute(rates_for(network, year), populations_of(network, population_date(year)))


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


@dataclass(frozen=True)
class _Figure:
    kind: str
    value: int
    as_at: date

    @property
    def is_estimate(self):
        return self.kind == PopulationKind.ESTIMATE


def populations_from_files(practice_codes, list_sizes, estimates, as_at=None):
    """{basis: Population} for a PCN that is not set up here, from the NHS files: the published
    registered list and the unofficial estimates (labelled as such), chosen by the same rule as
    a network's (figure_in_use). `estimates` is {code: [estimate]} (every date) or
    {code: {basis: estimate}} (the latest only)."""
    codes = list(practice_codes)
    result = {}
    for basis in ("registered", "adjusted", "weighted"):
        chosen, problems = [], []
        for code in codes:
            held = estimates.get(code, [])
            held = list(held.values()) if isinstance(held, dict) else held
            figures = [
                _Figure(PopulationKind.ESTIMATE, e.value, e.as_at) for e in held if e.basis == basis
            ]
            if basis == "registered" and code in list_sizes:
                figures.append(_Figure(PopulationKind.NHS, *list_sizes[code]))
            figure = figure_in_use(figures, as_at)
            if figure is None:
                later = nearest_later(figures, as_at)
                problems.append(
                    f"practice {code} has no figure"
                    + (f" on or before {uk_day(as_at)}" if as_at else "")
                    + (
                        f"; the nearest is {uk_day(later.as_at)}, after {uk_day(as_at)}: not used"
                        if later
                        else ""
                    )
                )
            else:
                chosen.append((code, figure))
        result[basis] = summarise(basis, chosen, as_at, problems=problems)
    result[BEDS] = _unknown(BEDS, "not in the NHS files")
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
        codes,
        reference.latest_list_sizes(codes),
        reference.dated_population_estimates(codes),
        as_at=population_date(year),
    )
    return record.name, compute(rates_for(None, year, entered=[]), populations), False

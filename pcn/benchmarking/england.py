"""Every PCN in England beside every other, from the NHS files alone: staff FTE by ARRS role per
10,000 registered (and weighted) patients (read by figures.py), each PCN's similar PCNs, and
percentiles.

Similar PCNs (docs/decisions/0029-what-similar-means.md): the SIMILAR_IN_ICB nearest PCNs of
the same ICB and the nearest elsewhere in England, SIMILAR in all, nearest by distance on
standardised (log of registered patients, share aged 65+). A percentile is the share of the
other PCNs compared with a lower figure, ties counted half: 0 is the lowest, 100 the highest.
PCNs compared are those in the census with registered patients; the rest are listed
(`England.not_in_census`, `England.no_patients`), not counted as zeros.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
import statistics
import threading
from bisect import bisect_left, bisect_right
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from pcn.reference.census import latest_census_date
from pcn.reference.models import ImportLog

from .figures import (
    ALL_ARRS,
    ALL_ARRS_NAME,
    CENSUS_SOURCE,
    PATIENTS_SOURCE,
    PER,
    WEIGHTED_SOURCE,
    ZERO,
    PcnFigures,
    Read,
    Tally,
    latest_patients_date,
    read,
)

__all__ = [
    "ALL_ARRS",
    "CENSUS_SOURCE",
    "PATIENTS_SOURCE",
    "WEIGHTED_SOURCE",
    "Benchmark",
    "England",
    "PcnFigures",
    "RoleBenchmark",
    "Tally",
    "UnknownPcn",
    "benchmark",
    "benchmark_json",
    "build",
    "england",
    "percentile",
    "role_shortfalls",
]

SIMILAR_IN_ICB = 15  # at most this many of the PCN's own ICB…
SIMILAR = 30  # …and the nearest elsewhere in England to make this many in all
TENTH = Decimal("0.1")
HUNDREDTH = Decimal("0.01")


class UnknownPcn(LookupError):
    """The code is not a PCN in the loaded census with registered patients."""


@dataclass(frozen=True)
class Similar:
    in_icb: list[str]  # nearest first
    elsewhere: list[str]  # nearest first

    @property
    def codes(self) -> list[str]:
        return self.in_icb + self.elsewhere


def percentile(value: Decimal, others) -> Decimal | None:
    """The share of `others` with a lower value, ties counted half, as a percentage to one
    place; None when there are no others."""
    others = list(others)
    if not others:
        return None
    lower = sum(1 for other in others if other < value)
    ties = sum(1 for other in others if other == value)
    return _percent(lower, ties, len(others))


def _percent(lower: int, ties: int, count: int) -> Decimal:
    share = Decimal(100) * (Decimal(lower) + Decimal(ties) / 2) / count
    return share.quantize(TENTH, rounding=ROUND_HALF_UP)


class England:
    """Every PCN's figures from one set of loaded files. Built by `england()`; read only."""

    def __init__(self, found: Read):
        self.census_date = found.census_date
        self.patients_date = found.patients_date
        self.year = found.year  # the financial year of the census: its ARRS catalogue
        self.roles = found.roles  # [(code, name)] of the catalogue, by name
        self._figures = figures = found.figures
        self.not_in_census = found.not_in_census  # PCNs with patients and no census record
        self.no_patients = found.no_patients  # census PCNs with no registered patients
        self.other = found.other  # reason -> census records counted as "other"
        self.weighted_dates = found.weighted_dates
        self._names = dict(found.roles) | {ALL_ARRS: ALL_ARRS_NAME}
        self._rates: dict[str, dict[str, Decimal]] = {}
        self._values: dict[str, list[Decimal]] = {}
        self._lock = threading.Lock()
        self._coordinates = self._standardise()
        self._points = [(c, figures[c].icb_code, x, y) for c, (x, y) in self._coordinates.items()]
        self._by_icb: dict[str, list] = defaultdict(list)
        for code, icb_code, x, y in self._points:
            self._by_icb[icb_code].append((code, x, y))

    # --- reading ----------------------------------------------------------------------------

    def figures(self, code: str) -> PcnFigures | None:
        return self._figures.get((code or "").strip().upper())

    def codes(self) -> list[str]:
        return sorted(self._figures)

    def in_icb(self, icb_code: str) -> list[PcnFigures]:
        """The ICB's PCNs in the census, by name."""
        found = [f for f in self._figures.values() if f.icb_code == icb_code]
        return sorted(found, key=lambda f: (f.name, f.code))

    def role_codes(self) -> list[str]:
        """Every catalogue role, then ALL_ARRS."""
        return [code for code, _ in self.roles] + [ALL_ARRS]

    def role_name(self, role: str) -> str:
        return self._names.get(role, role)

    def __len__(self) -> int:
        return len(self._figures)

    def rates(self, role: str) -> dict[str, Decimal]:
        """{PCN code: FTE per 10,000 registered patients in the role}, worked out once."""
        with self._lock:
            if role not in self._rates:
                self._rates[role] = {c: f.per_10k(role) for c, f in self._figures.items()}
            return self._rates[role]

    def values(self, role: str) -> list[Decimal]:
        """Every PCN's FTE per 10,000 registered patients in the role, lowest first."""
        rates = self.rates(role)
        with self._lock:
            if role not in self._values:
                self._values[role] = sorted(rates.values())
            return self._values[role]

    def median(self, role: str) -> Decimal:
        """England's median FTE per 10,000 registered patients in the role."""
        values = self.values(role)
        if not values:
            return ZERO
        middle = len(values) // 2
        return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2

    # --- similar PCNs and percentiles --------------------------------------------------------

    def _standardise(self) -> dict[str, tuple[float, float]]:
        """Each PCN as (log patients, share 65+), each standardised over every PCN compared."""
        if not self._figures:
            return {}
        raw = {
            code: (math.log(f.patients), float(f.share_65_plus))
            for code, f in self._figures.items()
        }
        scaled = {}
        for axis in (0, 1):
            points = [point[axis] for point in raw.values()]
            mean = statistics.fmean(points)
            spread = statistics.pstdev(points) or 1.0
            scaled[axis] = {code: (point[axis] - mean) / spread for code, point in raw.items()}
        return {code: (scaled[0][code], scaled[1][code]) for code in raw}

    def distance(self, one: str, other: str) -> float:
        (x1, y1), (x2, y2) = self._coordinates[one], self._coordinates[other]
        return math.hypot(x1 - x2, y1 - y2)

    def similar(self, code: str) -> Similar:
        """The SIMILAR_IN_ICB nearest of the PCN's ICB, then the nearest elsewhere to make
        SIMILAR in all; nearest first, ties by code."""
        me = self.figures(code)
        if me is None:
            raise UnknownPcn(code)
        x, y = self._coordinates[me.code]
        hypot = math.hypot
        icb = self._by_icb.get(me.icb_code, ()) if me.icb_code else ()
        same = [(hypot(x - ox, y - oy), c) for c, ox, oy in icb if c != me.code]
        mine = me.icb_code or None  # a PCN of no known ICB: every other PCN is elsewhere
        elsewhere = [
            (hypot(x - ox, y - oy), c)
            for c, icb_code, ox, oy in self._points
            if icb_code != mine and c != me.code
        ]
        near = heapq.nsmallest(SIMILAR_IN_ICB, same)
        far = heapq.nsmallest(SIMILAR - len(near), elsewhere)
        return Similar(in_icb=[c for _, c in near], elsewhere=[c for _, c in far])

    def percentile_in_england(self, code: str, role: str) -> Decimal | None:
        """Among every other PCN compared."""
        values = self.values(role)
        value = self.rates(role)[code]
        lower = bisect_left(values, value)
        ties = bisect_right(values, value) - lower - 1  # not itself
        if len(values) < 2:
            return None
        return _percent(lower, ties, len(values) - 1)


def build(*, census_date: dt.date | None = None) -> England:
    """Every PCN's figures read afresh, past the process's cache (for the benchmark suite)."""
    return England(read(census_date or latest_census_date(), latest_patients_date()))


# One England per set of loaded files, kept in the process: a handful of queries tell whether
# anything was loaded since (a newer census or patient file, a new role map), and if so it is
# built again. A few are kept, so tests that load a file and roll it back don't rebuild.
_KEPT = 4
_cache: OrderedDict = OrderedDict()
_cache_lock = threading.Lock()


def _files_key(census_date):
    """The census and the last file loaded (a newer patients file, role map or practice map
    changes it; its checksum tells two files apart even where a rolled-back load's id is
    used again)."""
    last_load = (
        ImportLog.objects.filter(status=ImportLog.Status.LOADED)
        .order_by("-pk")
        .values_list("pk", "sha256")
        .first()
    )
    return (census_date, last_load)


def england(*, census_date: dt.date | None = None) -> England:
    """Every PCN's figures from the latest census (or the census of `census_date`) and the
    latest registered-patients file, built once per set of loaded files in this process."""
    census_date = census_date or latest_census_date()
    key = _files_key(census_date)
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    built = England(read(census_date, latest_patients_date()))
    with _cache_lock:
        _cache[key] = built
        while len(_cache) > _KEPT:
            _cache.popitem(last=False)
    return built


_current = england


@dataclass(frozen=True)
class RoleBenchmark:
    role: str  # an ARRS role code, or ALL_ARRS
    name: str
    fte: Decimal
    per_10k: Decimal
    per_10k_weighted: Decimal | None
    percentile_england: Decimal | None
    percentile_similar: Decimal | None
    median_similar_per_10k: Decimal | None
    median_england_per_10k: Decimal


@dataclass(frozen=True)
class Benchmark:
    pcn: PcnFigures
    similar: list[str]  # in_icb then elsewhere, each nearest first
    similar_in_icb: list[str]
    similar_elsewhere: list[str]
    roles: list[RoleBenchmark]  # every catalogue role by name, then ALL_ARRS
    england: England = field(repr=False, compare=False)

    def role(self, code: str) -> RoleBenchmark | None:
        return next((r for r in self.roles if r.role == code), None)

    @property
    def all_arrs(self) -> RoleBenchmark:
        return self.roles[-1]


def benchmark(code: str, *, england: England | None = None) -> Benchmark | None:
    """The PCN against England and against its similar PCNs; None when the code is not a PCN
    of the loaded census with registered patients."""
    england = england if england is not None else _current()
    me = england.figures(code)
    if me is None:
        return None
    similar = england.similar(me.code)
    codes = similar.codes
    roles = []
    for role in england.role_codes():
        rates = england.rates(role)
        value = rates[me.code]
        peer_values = [rates[c] for c in codes]
        roles.append(
            RoleBenchmark(
                role=role,
                name=england.role_name(role),
                fte=me.fte_of(role),
                per_10k=value,
                per_10k_weighted=me.per_10k_weighted(role),
                percentile_england=england.percentile_in_england(me.code, role),
                percentile_similar=percentile(value, peer_values),
                median_similar_per_10k=statistics.median(peer_values) if peer_values else None,
                median_england_per_10k=england.median(role),
            )
        )
    return Benchmark(
        pcn=me,
        similar=codes,
        similar_in_icb=similar.in_icb,
        similar_elsewhere=similar.elsewhere,
        roles=roles,
        england=england,
    )


def role_shortfalls(
    code: str, *, england: England | None = None, fte: dict[str, Decimal] | None = None
) -> dict[str, Decimal]:
    """{ARRS role: the FTE the PCN would add to reach its similar PCNs' median per 10,000
    registered patients}, to 2 places, 0 where it is at or above. From its census FTE, or from
    `fte` (e.g. the register today) where given. Empty when the code is not in the loaded
    files."""
    found = benchmark(code, england=england)
    if found is None:
        return {}
    shortfalls = {}
    for row in found.roles:
        if row.role == ALL_ARRS:
            continue
        have = row.fte if fte is None else Decimal(fte.get(row.role, ZERO))
        wanted = (row.median_similar_per_10k or ZERO) * found.pcn.patients / PER
        shortfalls[row.role] = max(wanted - have, ZERO).quantize(HUNDREDTH, ROUND_HALF_UP)
    return shortfalls


def _number(value: Decimal | None, places: int) -> float | None:
    return None if value is None else round(float(value), places)


def benchmark_json(code: str, *, england: England | None = None) -> dict:
    """The benchmark in the command-line contract's shape: {"pcn", "similar": [codes],
    "roles": [{"role", "fte", "per_10k", "percentile_england", "percentile_similar"}]}, with
    more keys beside them. UnknownPcn when the code is not in the loaded files."""
    england = england if england is not None else _current()
    found = benchmark(code, england=england)
    if found is None:
        raise UnknownPcn(_unknown_message(code, england))
    pcn = found.pcn
    return {
        "pcn": pcn.code,
        "name": pcn.name,
        "icb": {"code": pcn.icb_code, "name": pcn.icb_name},
        "census_date": pcn.census_date.isoformat(),
        "patients": pcn.patients,
        "patients_date": pcn.patients_date.isoformat(),
        "weighted_patients": pcn.weighted,
        "weighted_date": pcn.weighted_date.isoformat() if pcn.weighted_date else None,
        "weighted_is_estimate": True,
        "share_65_plus": _number(pcn.share_65_plus, 4),
        "similar": found.similar,
        "similar_in_icb": found.similar_in_icb,
        "similar_elsewhere": found.similar_elsewhere,
        "roles": [
            {
                "role": row.role,
                "name": row.name,
                "fte": _number(row.fte, 4),
                "per_10k": _number(row.per_10k, 3),
                "per_10k_weighted": _number(row.per_10k_weighted, 3),
                "percentile_england": _number(row.percentile_england, 1),
                "percentile_similar": _number(row.percentile_similar, 1),
                "median_similar_per_10k": _number(row.median_similar_per_10k, 3),
                "median_england_per_10k": _number(row.median_england_per_10k, 3),
            }
            for row in found.roles
        ],
        "fte_not_arrs": _number(pcn.fte_other, 4),
        "fte_total": _number(pcn.fte_total, 4),
        "pcns_compared": len(england),
        "method": {
            "similar": SIMILAR_WORDS,
            "percentile": PERCENTILE_WORDS,
        },
        "sources": {
            "census": f"{CENSUS_SOURCE}, {pcn.census_date.isoformat()}",
            "patients": f"{PATIENTS_SOURCE}, {pcn.patients_date.isoformat()}",
            "weighted": WEIGHTED_SOURCE
            + (f", {pcn.weighted_date.isoformat()}" if pcn.weighted_date else ""),
        },
    }


SIMILAR_WORDS = (
    f"the {SIMILAR_IN_ICB} PCNs of the same ICB nearest in list size and age profile (all of "
    f"them if it has fewer), and the nearest elsewhere in England to make {SIMILAR}: nearest "
    "by distance on standardised log registered patients and share of patients aged 65+"
)
PERCENTILE_WORDS = (
    "the share of the other PCNs with a lower figure, ties counted half: 0 is the lowest, "
    "100 the highest"
)


def _unknown_message(code: str, england: England) -> str:
    code = (code or "").strip().upper()
    if england.census_date is None:
        return "No PCN workforce census is loaded: run `manage.py load_reference`."
    if code in england.no_patients:
        return (
            f"{code} is in the workforce census but has no registered patients in the loaded "
            "files, so it has no figures per 10,000 patients."
        )
    if code in england.not_in_census:
        day = england.census_date
        return f"{code} has no records in the workforce census of {day.day} {day:%B %Y}."
    return f"No PCN has the code {code} in the loaded NHS files."

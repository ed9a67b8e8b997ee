"""Every PCN in England beside every other, from the NHS files alone: staff FTE by ARRS role per
10,000 registered (and weighted) patients, each PCN's similar PCNs, and percentiles.

The figures, for each PCN in the workforce census:

- Registered patients: the PCN's own row of "Patients Registered at a GP Practice" by 5-year
  age band (ORG_TYPE PCN, SEX ALL, AGE_GROUP_5 ALL), at the file's latest extract.
- Share aged 65+: the PCN's male and female patients in the bands 65_69 … 95+ over its male and
  female patients in every band, from the same rows.
- Weighted patients: the sum of the latest weighted population estimate (unofficial, 1 Jan
  2024) of each practice the practice map puts in the PCN; unknown if any of them has none.
- FTE: the census records of the PCN through the NHS role map (data/reference/nhs_role_map.csv)
  to the ARRS catalogue roles of the financial year the census falls in. A record whose role
  maps to no catalogue role, is not in the map, or maps to a role not in that year's catalogue
  counts under "other": never dropped, and the reasons are tallied (`England.other`).

PCNs compared are those in the census with registered patients; the rest are listed
(`England.not_in_census`, `England.no_patients`), not counted as zeros.

Similar PCNs (docs/decisions/0029-what-similar-means.md): the SIMILAR_IN_ICB nearest PCNs of
the same ICB and the nearest elsewhere in England, SIMILAR in all, nearest by distance on
standardised (log of registered patients, share aged 65+). A percentile is the share of the
other PCNs compared with a lower figure, ties counted half: 0 is the lowest, 100 the highest.
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

from django.db.models import Max

from pcn.core.years import year_of
from pcn.reference.census import latest_census_date, map_is_unsure, role_map
from pcn.reference.models import (
    ArrsRole,
    ImportLog,
    PcnRecord,
    PopulationEstimate,
    PracticeRecord,
    RegisteredPatients,
    WorkforceRecord,
)

ALL_ARRS = "all-arrs"
ALL_ARRS_NAME = "All ARRS roles"
PER = Decimal(10_000)
SIMILAR_IN_ICB = 15  # at most this many of the PCN's own ICB…
SIMILAR = 30  # …and the nearest elsewhere in England to make this many in all
OLDER_BANDS = frozenset({"65_69", "70_74", "75_79", "80_84", "85_89", "90_94", "95+"})
ZERO = Decimal(0)
TENTH = Decimal("0.1")
HUNDREDTH = Decimal("0.01")

CENSUS_SOURCE = "NHS England Digital, Primary Care Network Workforce (individual level)"
PATIENTS_SOURCE = (
    "NHS England Digital, Patients Registered at a GP Practice (by 5-year age band, PCN rows)"
)
WEIGHTED_SOURCE = (
    "Unofficial practice estimates (Alomco, from NHS England's PCN ready reckoner), summed "
    "over the practices in the NHS practice map"
)

# Why a census record counts as "other" rather than under an ARRS role.
NOT_ARRS = "not an ARRS catalogue role"
UNSURE = "the role map is unsure (possibly an ARRS role)"
NOT_MAPPED = "role not in the NHS role map"


class UnknownPcn(LookupError):
    """The code is not a PCN in the loaded census with registered patients."""


@dataclass(frozen=True)
class PcnFigures:
    code: str
    name: str
    icb_code: str
    icb_name: str
    patients: int
    patients_date: dt.date
    weighted: int | None  # None: not every member practice has an estimate
    weighted_date: dt.date | None
    share_65_plus: Decimal  # a fraction, 0 to 1, to 4 places
    census_date: dt.date
    fte: dict[str, Decimal]  # every ARRS catalogue role of the census year (0 if none)
    fte_other: Decimal  # census FTE in no catalogue role (directors, admin, unmapped…)
    fte_total: Decimal  # every census record of the PCN: fte + fte_other
    records: int  # census records of the PCN
    practices: int  # practices the practice map puts in the PCN
    weighted_missing: int  # of those, how many have no weighted estimate

    @property
    def fte_arrs(self) -> Decimal:
        return sum(self.fte.values(), ZERO)

    def fte_of(self, role: str) -> Decimal:
        return self.fte_arrs if role == ALL_ARRS else self.fte.get(role, ZERO)

    def per_10k(self, role: str) -> Decimal:
        return self.fte_of(role) * PER / self.patients

    def per_10k_weighted(self, role: str) -> Decimal | None:
        if not self.weighted:
            return None
        return self.fte_of(role) * PER / self.weighted


@dataclass
class Tally:
    records: int = 0
    fte: Decimal = ZERO

    def add(self, fte: Decimal) -> None:
        self.records += 1
        self.fte += fte


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

    def __init__(
        self,
        *,
        census_date: dt.date | None,
        patients_date: dt.date | None,
        year: str,
        roles: list[tuple[str, str]],
        figures: dict[str, PcnFigures],
        not_in_census: list[str],
        no_patients: dict[str, Tally],
        other: dict[str, Tally],
        weighted_dates: list[dt.date],
    ):
        self.census_date = census_date
        self.patients_date = patients_date
        self.year = year  # the financial year of the census: its ARRS catalogue
        self.roles = roles  # [(code, name)] of the catalogue, by name
        self._figures = figures
        self.not_in_census = not_in_census  # PCNs with patients and no census record
        self.no_patients = no_patients  # census PCNs with no registered patients, left out
        self.other = other  # reason -> census records counted as "other"
        self.weighted_dates = weighted_dates
        self._names = dict(roles) | {ALL_ARRS: ALL_ARRS_NAME}
        self._values: dict[str, list[Decimal]] = {}
        self._lock = threading.Lock()
        self._coordinates = self._standardise()

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

    def values(self, role: str) -> list[Decimal]:
        """Every PCN's FTE per 10,000 registered patients in the role, lowest first."""
        with self._lock:
            if role not in self._values:
                self._values[role] = sorted(f.per_10k(role) for f in self._figures.values())
            return self._values[role]

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
        same, elsewhere = [], []
        for other, (ox, oy) in self._coordinates.items():
            if other == me.code:
                continue
            entry = (math.hypot(x - ox, y - oy), other)
            if me.icb_code and self._figures[other].icb_code == me.icb_code:
                same.append(entry)
            else:
                elsewhere.append(entry)
        near = heapq.nsmallest(SIMILAR_IN_ICB, same)
        far = heapq.nsmallest(SIMILAR - len(near), elsewhere)
        return Similar(in_icb=[c for _, c in near], elsewhere=[c for _, c in far])

    def percentile_in_england(self, code: str, role: str) -> Decimal | None:
        """Among every other PCN compared."""
        values = self.values(role)
        value = self._figures[code].per_10k(role)
        lower = bisect_left(values, value)
        ties = bisect_right(values, value) - lower - 1  # not itself
        if len(values) < 2:
            return None
        return _percent(lower, ties, len(values) - 1)


def _empty() -> England:
    return England(
        census_date=None,
        patients_date=None,
        year="",
        roles=[],
        figures={},
        not_in_census=[],
        no_patients={},
        other={},
        weighted_dates=[],
    )


def _patients_date() -> dt.date | None:
    return RegisteredPatients.objects.filter(org_type="PCN").aggregate(latest=Max("extract_date"))[
        "latest"
    ]


def _build(census_date: dt.date | None, patients_date: dt.date | None) -> England:
    if census_date is None or patients_date is None:
        return _empty()
    year = year_of(census_date)
    roles = list(
        ArrsRole.objects.filter(year=year).order_by("name", "code").values_list("code", "name")
    )
    catalogue = {code for code, _ in roles}
    mapping = role_map()

    fte: dict[str, dict[str, Decimal]] = defaultdict(dict)
    other: dict[str, Decimal] = defaultdict(Decimal)
    records: dict[str, int] = defaultdict(int)
    reasons: dict[str, Tally] = defaultdict(Tally)
    census = WorkforceRecord.objects.filter(census_date=census_date).values_list(
        "pcn_code", "staff_role", "detailed_role", "fte"
    )
    for pcn_code, staff_role, detailed_role, value in census.iterator(chunk_size=5000):
        value = Decimal(value)
        records[pcn_code] += 1
        role, note = mapping.get((staff_role, detailed_role), (None, ""))
        if role is None:
            reason = NOT_MAPPED
        elif not role:
            reason = UNSURE if map_is_unsure(note) else NOT_ARRS
        elif role not in catalogue:
            reason = f"{role}: not in the {year} ARRS catalogue"
        else:
            roles_of = fte[pcn_code]
            roles_of[role] = roles_of.get(role, ZERO) + value
            continue
        other[pcn_code] += value
        reasons[reason].add(value)

    totals, older, banded = {}, defaultdict(int), defaultdict(int)
    for code, sex, band, patients in RegisteredPatients.objects.filter(
        org_type="PCN", extract_date=patients_date
    ).values_list("org_code", "sex", "age_band", "patients"):
        if sex == "ALL" and band == "ALL":
            totals[code] = patients
        elif sex in ("MALE", "FEMALE") and band != "ALL":
            banded[code] += patients
            if band in OLDER_BANDS:
                older[code] += patients

    members: dict[str, list[str]] = defaultdict(list)
    for pcn_code, practice in PracticeRecord.objects.filter(pcn_code__in=list(records)).values_list(
        "pcn_code", "code"
    ):
        members[pcn_code].append(practice)
    weighted_estimates = {}  # practice -> (value, as_at), the latest
    for practice, value, as_at in (
        PopulationEstimate.objects.filter(basis=PopulationEstimate.Basis.WEIGHTED)
        .order_by("as_at")
        .values_list("practice_code", "value", "as_at")
    ):
        weighted_estimates[practice] = (value, as_at)
    pcns = {
        code: (name, icb_code, icb_name)
        for code, name, icb_code, icb_name in PcnRecord.objects.filter(
            code__in=list(records)
        ).values_list("code", "name", "icb_code", "icb_name")
    }

    figures, no_patients, weighted_dates = {}, {}, set()
    for code, count in records.items():
        patients = totals.get(code)
        arrs = fte.get(code, {})
        if not patients:
            no_patients[code] = Tally(count, sum(arrs.values(), ZERO) + other[code])
            continue
        practices = members.get(code, [])
        held = [weighted_estimates[p] for p in practices if p in weighted_estimates]
        missing = len(practices) - len(held)
        weighted = sum(v for v, _ in held) if held and not missing else None
        weighted_date = min(d for _, d in held) if weighted is not None else None
        if weighted_date:
            weighted_dates.add(weighted_date)
        name, icb_code, icb_name = pcns.get(code, (code, "", ""))
        by_role = {role: arrs.get(role, ZERO) for role in sorted(catalogue)}
        share = Decimal(older[code]) / banded[code] if banded[code] else ZERO
        figures[code] = PcnFigures(
            code=code,
            name=name,
            icb_code=icb_code,
            icb_name=icb_name,
            patients=patients,
            patients_date=patients_date,
            weighted=weighted,
            weighted_date=weighted_date,
            share_65_plus=share.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP),
            census_date=census_date,
            fte=by_role,
            fte_other=other[code],
            fte_total=sum(by_role.values(), ZERO) + other[code],
            records=count,
            practices=len(practices),
            weighted_missing=missing,
        )
    return England(
        census_date=census_date,
        patients_date=patients_date,
        year=year,
        roles=roles,
        figures=figures,
        not_in_census=sorted(code for code in totals if code not in records and code != "U"),
        no_patients=no_patients,
        other=dict(reasons),
        weighted_dates=sorted(weighted_dates),
    )


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
    built = _build(census_date, _patients_date())
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
    peers = [england.figures(c) for c in similar.codes]
    roles = []
    for role in england.role_codes():
        value = me.per_10k(role)
        peer_values = [p.per_10k(role) for p in peers]
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
                median_england_per_10k=statistics.median(england.values(role)),
            )
        )
    return Benchmark(
        pcn=me,
        similar=similar.codes,
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

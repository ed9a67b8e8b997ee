"""The benchmark page: a network's (or any PCN's) figures against England, shaped for the page,
and, for a network set up here, its register today beside the census."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone

from . import england as bench

ZERO = Decimal(0)


@dataclass(frozen=True)
class Strip:
    """One role's chart: England's middle half and median, the similar PCNs and the PCN, each
    as a position from 0 to 100 along a scale from 0 to `scale_end` FTE per 10,000."""

    scale_end: Decimal
    middle_from: float
    middle_to: float
    median: float
    similar: list[float]
    you: float
    words: str  # the same, for people who cannot see it


@dataclass(frozen=True)
class Row:
    figures: bench.RoleBenchmark
    strip: Strip
    register_fte: Decimal | None  # the register today; None when there is none to show
    england_median: Decimal
    england_middle: tuple[Decimal, Decimal]


@dataclass(frozen=True)
class PeerRow:
    figures: bench.PcnFigures
    in_icb: bool
    all_arrs_per_10k: Decimal


def _at(value, end) -> float:
    return round(float(min(value / end, 1) * 100), 1) if end else 0.0


def _ordinal(value: Decimal | None) -> str:
    if value is None:
        return "unknown"
    whole = int(value.to_integral_value())
    suffix = "th" if 10 <= whole % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(whole % 10, "th")
    return f"{whole}{suffix}"


def _quartiles(values):
    if len(values) < 2:
        only = values[0] if values else ZERO
        return only, only, only
    low, median, high = statistics.quantiles(values, n=4, method="inclusive")
    return low, median, high


def _strip(found: bench.Benchmark, row: bench.RoleBenchmark, quartiles) -> Strip:
    england = found.england
    values = england.values(row.role)
    low, median, high = quartiles
    rates = england.rates(row.role)
    similar = [rates[code] for code in found.similar]
    top = values[int(0.95 * (len(values) - 1))] if values else ZERO
    end = max([top, row.per_10k, *similar]) or (values[-1] if values else ZERO) or Decimal(1)
    words = (
        f"{row.name}: {row.per_10k:.2f} FTE per 10,000 patients, "
        f"{_ordinal(row.percentile_england)} percentile in England and "
        f"{_ordinal(row.percentile_similar)} among similar PCNs. England's median "
        f"{median:.2f}, its middle half {low:.2f} to {high:.2f}; similar PCNs' median "
        f"{(row.median_similar_per_10k or ZERO):.2f}."
    )
    return Strip(
        scale_end=end,
        middle_from=_at(low, end),
        middle_to=_at(high, end),
        median=_at(median, end),
        similar=[_at(value, end) for value in similar],
        you=_at(row.per_10k, end),
        words=words,
    )


def register_today(network, today=None) -> dict[str, Decimal]:
    """{ARRS role code, or "" for none: WTE} of the people in post today (started, not left;
    drafts from the NHS file not counted)."""
    today = today or timezone.localdate()
    in_post = network.staff.filter(is_draft=False).filter(
        Q(start_date__isnull=True) | Q(start_date__lte=today),
        Q(end_date__isnull=True) | Q(end_date__gte=today),
    )
    return {
        row["role_code"]: row["wte"]
        for row in in_post.values("role_code").annotate(wte=Sum("wte")).order_by("role_code")
    }


@dataclass(frozen=True)
class Page:
    found: bench.Benchmark
    headline: Row
    rows: list[Row]  # roles some PCN in England reports
    unreported: list[str]  # names of catalogue roles no PCN in England reports in the census
    peers: list[PeerRow]
    register: dict[str, Decimal] | None
    register_arrs: Decimal | None
    register_other: Decimal | None
    left_out: dict  # what the comparison leaves out, said on the page

    @property
    def pcn(self):
        return self.found.pcn

    @property
    def england(self):
        return self.found.england


def page(found: bench.Benchmark, register: dict[str, Decimal] | None = None) -> Page:
    england = found.england
    catalogue = {code for code, _ in england.roles}
    rows, unreported = [], []
    for row in found.roles:
        values = england.values(row.role)
        quartiles = _quartiles(values)
        shown = Row(
            figures=row,
            strip=_strip(found, row, quartiles),
            register_fte=None
            if register is None
            else (
                sum((v for k, v in register.items() if k in catalogue), ZERO)
                if row.role == bench.ALL_ARRS
                else register.get(row.role, ZERO)
            ),
            england_median=quartiles[1],
            england_middle=(quartiles[0], quartiles[2]),
        )
        if row.role == bench.ALL_ARRS:
            headline = shown
        elif values and values[-1] == 0:
            unreported.append(row.name)
        else:
            rows.append(shown)
    in_icb = set(found.similar_in_icb)
    peers = [
        PeerRow(
            figures=england.figures(code),
            in_icb=code in in_icb,
            all_arrs_per_10k=england.figures(code).per_10k(bench.ALL_ARRS),
        )
        for code in found.similar
    ]
    register_arrs = register_other = None
    if register is not None:
        register_arrs = sum((v for k, v in register.items() if k in catalogue), ZERO)
        register_other = sum((v for k, v in register.items() if k not in catalogue), ZERO)
    return Page(
        found=found,
        headline=headline,
        rows=rows,
        unreported=unreported,
        peers=peers,
        register=register,
        register_arrs=register_arrs,
        register_other=register_other,
        left_out={
            "not_in_census": len(england.not_in_census),
            "no_patients": len(england.no_patients),
            "other": england.other,
        },
    )


def for_network(network, today=None) -> Page | None:
    """The network's page, with its register today; None when its PCN code is not in the
    loaded census."""
    found = bench.benchmark(network.pcn_code)
    if found is None:
        return None
    return page(found, register_today(network, today))


def for_code(pcn_code: str) -> Page | None:
    found = bench.benchmark(pcn_code)
    return None if found is None else page(found)

"""Read the NHS reference data: the only way the rest of the product looks at these tables.

Functions taking many codes answer in a fixed number of queries, however many codes there are
(per chunk of CHUNK codes, to stay inside database parameter limits).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable
from typing import NamedTuple

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from .models import ArrsRole, PcnRecord, PopulationEstimate, PracticeRecord, RegisteredPatients

CHUNK = 500
ALL = "ALL"
UNALLOCATED = "U"


class PcnMatch(NamedTuple):
    pcn: PcnRecord
    matched_practices: list[str]  # names of member practices that matched; empty if the PCN did


def _code(text: str) -> str:
    return (text or "").strip().upper()


def _chunks(codes: Iterable[str]) -> Iterable[list[str]]:
    unique = sorted({_code(code) for code in codes if code and code.strip()})
    for start in range(0, len(unique), CHUNK):
        yield unique[start : start + CHUNK]


def find_pcn(code: str) -> PcnRecord | None:
    """The PCN with this code (any case, surrounding spaces ignored), or None."""
    code = _code(code)
    if not code:
        return None
    return PcnRecord.objects.filter(code=code).first()


def nearest_pcns(text: str, limit: int = 5) -> list[PcnRecord]:
    """PCNs whose code or name is closest to `text`, best first: for "did you mean".

    About 1,300 PCNs, so comparing in Python against every code and name is quick enough.
    """
    wanted = " ".join((text or "").upper().split())
    if not wanted or limit <= 0:
        return []
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(wanted)
    scored = []
    for code, name in PcnRecord.objects.values_list("code", "name"):
        best = 0.0
        for candidate in (code.upper(), name.upper()):
            matcher.set_seq1(candidate)
            if matcher.real_quick_ratio() > best and matcher.quick_ratio() > best:
                best = max(best, matcher.ratio())
        if wanted in name.upper():
            best = max(best, 0.9)
        scored.append((best, code))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    codes = [code for score, code in scored[:limit] if score >= 0.4]
    records = PcnRecord.objects.in_bulk(codes)
    return [records[code] for code in codes]


def search_pcns(text: str, limit: int = 20) -> list[PcnMatch]:
    """PCNs whose code or name contains `text`, or with a member practice whose name or code
    does (naming those practices). PCN matches come first, then by name."""
    text = " ".join((text or "").split())
    if not text:
        return []
    direct = list(
        PcnRecord.objects.filter(Q(name__icontains=text) | Q(code__iexact=text)).order_by("name")[
            :limit
        ]
    )
    practices = (
        PracticeRecord.objects.filter(Q(name__icontains=text) | Q(code__iexact=text))
        .exclude(pcn_code=UNALLOCATED)
        .order_by("name")
        .values_list("pcn_code", "name")
    )
    matched: dict[str, list[str]] = {}
    for pcn_code, name in practices[: limit * 10]:
        matched.setdefault(pcn_code, []).append(name)
    results = [PcnMatch(pcn, matched.pop(pcn.code, [])) for pcn in direct]
    if len(results) < limit and matched:
        via_practice = PcnRecord.objects.filter(code__in=list(matched)).order_by("name")
        for pcn in via_practice[: limit - len(results)]:
            results.append(PcnMatch(pcn, matched[pcn.code]))
    return results


def member_practices(pcn_code: str) -> QuerySet[PracticeRecord]:
    """The practices the practice map puts in this PCN, by name."""
    return PracticeRecord.objects.filter(pcn_code=_code(pcn_code)).order_by("name", "code")


def latest_list_sizes(codes: Iterable[str], org_type: str = "GP") -> dict[str, tuple[int, dt.date]]:
    """{code: (registered patients, extract date)} from each code's latest extract."""
    totals = RegisteredPatients.objects.filter(org_type=org_type, sex=ALL, age_band=ALL)
    latest = (
        totals.filter(org_code=OuterRef("org_code"))
        .order_by("-extract_date")
        .values("extract_date")[:1]
    )
    sizes = {}
    for chunk in _chunks(codes):
        rows = totals.filter(org_code__in=chunk, extract_date=Subquery(latest)).values_list(
            "org_code", "patients", "extract_date"
        )
        for code, patients, extract_date in rows:
            sizes[code] = (patients, extract_date)
    return sizes


def population_estimates(
    practice_codes: Iterable[str],
) -> dict[str, dict[str, PopulationEstimate]]:
    """{practice code: {basis: the latest estimate on that basis}} for unofficial figures."""
    estimates: dict[str, dict[str, PopulationEstimate]] = {}
    for chunk in _chunks(practice_codes):
        # Oldest first, so the latest estimate per basis is the one left standing.
        for estimate in PopulationEstimate.objects.filter(practice_code__in=chunk).order_by(
            "as_at"
        ):
            estimates.setdefault(estimate.practice_code, {})[estimate.basis] = estimate
    return estimates


def dated_population_estimates(
    practice_codes: Iterable[str],
) -> dict[str, list[PopulationEstimate]]:
    """{practice code: [every estimate held, on every basis and date]}, oldest first: a
    year's entitlement uses the figures at 1 January before it, so every date counts."""
    estimates: dict[str, list[PopulationEstimate]] = {}
    for chunk in _chunks(practice_codes):
        for estimate in PopulationEstimate.objects.filter(practice_code__in=chunk).order_by(
            "as_at", "basis"
        ):
            estimates.setdefault(estimate.practice_code, []).append(estimate)
    return estimates


def _band_start(band: str) -> int:
    match = re.match(r"\d+", band)
    return int(match.group()) if match else 10_000


def age_profile(org_code: str, org_type: str = "GP") -> list[tuple[str, int | None, int | None]]:
    """[(age band, male, female)] for the latest extract, youngest band first (0_4 … 95+)."""
    rows = RegisteredPatients.objects.filter(org_type=org_type, org_code=_code(org_code))
    latest = rows.order_by("-extract_date").values_list("extract_date", flat=True).first()
    if latest is None:
        return []
    bands: dict[str, dict[str, int]] = {}
    for sex, band, patients in (
        rows.filter(extract_date=latest, sex__in=["MALE", "FEMALE"])
        .exclude(age_band=ALL)
        .values_list("sex", "age_band", "patients")
    ):
        bands.setdefault(band, {})[sex] = patients
    return [
        (band, counts.get("MALE"), counts.get("FEMALE"))
        for band, counts in sorted(bands.items(), key=lambda item: _band_start(item[0]))
    ]


def current_financial_year(today: dt.date | None = None) -> str:
    """The NHS financial year (1 April to 31 March) holding `today`, e.g. "2026/27"."""
    today = today or timezone.localdate()
    start = today.year if today.month >= 4 else today.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def role_catalogue(year: str) -> list[ArrsRole]:
    """The ARRS roles of one financial year ("2025/26"), by name; empty if none are loaded."""
    return list(ArrsRole.objects.filter(year=year.strip()).order_by("name", "code"))

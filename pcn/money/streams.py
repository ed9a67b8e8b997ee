"""The payment streams of the Network Contract DES and the rates each year, with their sources.

Rates are per-year configuration, never constants in code paths: the published figures below
come from FACTS.md §1 with its source keys; a figure the sources don't give is None (shown as
unknown), and the PCN manager may enter or correct any year's rate (models.PaymentRate).
"""

from dataclasses import dataclass
from decimal import Decimal

REGISTERED, ADJUSTED, WEIGHTED, BEDS = "registered", "adjusted", "weighted", "beds"
BASIS_LABELS = {
    REGISTERED: "registered patients",
    ADJUSTED: "adjusted population",
    WEIGHTED: "weighted patients",
    BEDS: "care home beds",
}


# How the network receives a stream: paid to it monthly; conditional until the clinical
# director declares the conditions met; claimable, month by month, for staff actually employed,
# up to the sum; or not to the network at all (paid to each practice).
PAID, CONDITIONAL, CLAIMABLE, TO_PRACTICES = "paid", "conditional", "claimable", "practices"
STREAM_KINDS = {
    PAID: ("Paid to the network", "paid monthly whatever happens"),
    CONDITIONAL: (
        "Conditional until declared",
        "paid once the clinical director declares the conditions met",
    ),
    CLAIMABLE: (
        "Claimable up to",
        "reimbursed only for staff actually employed, month by month, up to this sum",
    ),
}


@dataclass(frozen=True)
class Stream:
    key: str
    name: str
    basis: str  # what the rate is multiplied by
    kind: str = PAID
    paid_to: str = "the network (nominated payee)"
    part_of: str = ""  # a part of another stream (core PCN funding has two)


STREAMS = [
    Stream("arrs", "ARRS sum (maximum claimable)", WEIGHTED, kind=CLAIMABLE),
    Stream("core_registered", "Core PCN funding: registered part", REGISTERED, part_of="core"),
    Stream("core_adjusted", "Core PCN funding: adjusted part", ADJUSTED, part_of="core"),
    Stream("enhanced_access", "Enhanced access", ADJUSTED),
    Stream("casp", "Capacity and access support payment (CASP)", ADJUSTED),
    Stream("caip", "Capacity and access improvement payment (CAIP)", ADJUSTED, kind=CONDITIONAL),
    Stream("care_home", "Care home premium", BEDS),
    Stream(
        "participation",
        "Network participation payment",
        WEIGHTED,
        kind=TO_PRACTICES,
        paid_to="each practice, on its own weighted list",
    ),
]
STREAM_BY_KEY = {s.key: s for s in STREAMS}
STREAM_CHOICES = [(s.key, s.name) for s in STREAMS]


@dataclass(frozen=True)
class Published:
    value: Decimal | None  # None: the sources don't give it
    source: str
    ended: bool = False  # the stream is not part of the DES that year
    estimated: bool = False  # derived from published figures; `source` says how


def _r(value, source):
    return Published(Decimal(value) if value is not None else None, source)


def _estimate(value, method):
    return Published(Decimal(value), method, estimated=True)


def _ended(source):
    return Published(None, source, ended=True)


UNKNOWN_2026 = "2026/27 DES (PRN02483) figure not in our sources [S40][S31] (unconfirmed)"
CAP_ENDED = (
    "Removed from the DES in 2026/27: now a practice-level GP reimbursement scheme [S29][S31]"
)

PUBLISHED = {
    "2023/24": {
        "arrs": _r("22.671", "£22.671 × weighted population (Jan 2023) [S21]"),
        "core_registered": _r(
            "2.229", "Core £1.50 + Clinical Director £0.729 per registered patient [S26]"
        ),
        "core_adjusted": _r("0.684", "Leadership & management £0.684 × adjusted population [S26]"),
        "enhanced_access": _r("7.578", "£7.578 × adjusted population [S26]"),
        "casp": _r(
            "2.765", "£2.765 × adjusted population [S26] (Pulse quotes £2.795 [S13], unconfirmed)"
        ),
        "caip": _r(None, "Not given separately in our sources (unconfirmed)"),
        "care_home": _r("120", "£120 per bed per year [S26]"),
        "participation": _r(
            "1.761",
            "£1.761 per weighted patient, paid to each practice (the same in 2023/24) [S11]",
        ),
    },
    "2024/25": {
        "arrs": _r("22.894", "£22.894 × weighted population at 1 Jan 2024 [S13][S15]"),
        "core_registered": _estimate(
            "2.257",
            "Estimate: the September 2024 update (backdated to 1 April) raised core funding from "
            "£2.916 to £2.967 [S15] without stating its parts, so both March 2024 parts "
            "(£2.218 registered + £0.698 adjusted [S13][S14]) are scaled by 2.967/2.916: "
            "£2.257 + £0.710 = £2.967",
        ),
        "core_adjusted": _estimate(
            "0.710",
            "Estimate: the March 2024 £0.698 [S13][S14] scaled by 2.967/2.916 for the "
            "September 2024 update to £2.967 in all, backdated to 1 April [S15]",
        ),
        "enhanced_access": _r(
            "7.975", "£7.975 × adjusted population (Sept 2024 update, backdated to 1 April) [S15]"
        ),
        "casp": _r("3.248", "£3.248 × adjusted population [S13][S18]"),
        "caip": _r("1.392", "£1.392 × adjusted population [S18]"),
        "care_home": _r("127.20", "£127.20 per bed per year (Sept 2024 update) [S15]"),
        "participation": _r("1.761", "£1.761 per weighted patient, paid to each practice [S11]"),
    },
    "2025/26": {
        "arrs": _r(
            "26.631", "£26.631 × PCN contractor weighted population at 1 Jan 2025 [S1][S4][S5]"
        ),
        "core_registered": _r("2.266", "£2.266 × PCN registered list at 1 Jan 2025 [S1][S7]"),
        "core_adjusted": _r("0.733", "£0.733 × PCN adjusted population at 1 Jan 2025 [S1][S7]"),
        "enhanced_access": _r("8.427", "£8.427 × adjusted population [S1][S15]"),
        "casp": _r("3.208", "£3.208 × adjusted population, unconditional [S1][S18]"),
        "caip": _r("1.375", "£1.375 × adjusted population, two components [S1][S4][S41]"),
        "care_home": _r("130.253", "£130.253 per bed per year [S1][S7]"),
        "participation": _r(
            "1.761", "£1.761 per weighted patient, paid to each practice [S11][S23]"
        ),
    },
    "2026/27": {
        "arrs": _r(None, UNKNOWN_2026 + "; national pool £1,754m provisional [S28]"),
        "core_registered": _r(None, UNKNOWN_2026),
        "core_adjusted": _r(None, UNKNOWN_2026),
        "enhanced_access": _r(None, UNKNOWN_2026),
        "casp": _ended(CAP_ENDED),
        "caip": _ended(CAP_ENDED),
        "care_home": _r(None, UNKNOWN_2026),
        "participation": _r(None, UNKNOWN_2026),
    },
}
PUBLISHED_YEARS = sorted(PUBLISHED)

INCOME_NAMES = {"arrs": "ARRS reimbursements"}


def income_name(key):
    """A stream as income received: the ARRS sum arrives as reimbursements of claims."""
    return INCOME_NAMES.get(key, STREAM_BY_KEY[key].name)


SHORT_NAMES = {
    "arrs": "ARRS",
    "core_registered": "Core (registered)",
    "core_adjusted": "Core (adjusted)",
    "enhanced_access": "Enhanced access",
    "casp": "CASP",
    "caip": "CAIP",
    "care_home": "Care homes",
    "participation": "Participation",
}

"""How much of one person's month the ARRS reimburses: the rules, as plain functions.

- The lesser of the actual cost (salary + employer NI + employer pension) and the role's
  maximum per WTE × the person's WTE, a twelfth of the annual maximum per month [S7][S42].
- Pro rata by calendar days in post for a month someone starts or leaves in (the DES wording
  for part months is not in our sources: days in post over days in the month is our rule).
- Mental health practitioners: only with the PCN's written agreement with the local mental
  health provider; then 50% for the first in each band and up to 100% for later ones [S45][G2].
- Rounded to the penny once, at the end (exact.pennies).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pcn.core.years import days_in_month, month_end

from .exact import pennies

NOTHING = Decimal("0")
HALF = Decimal("0.5")
WHOLE = Decimal("1")


def days_in_post(month: date, start: date | None, end: date | None) -> int:
    first, last = month, month_end(month)
    if start and start > first:
        first = start
    if end and end < last:
        last = end
    return max(0, (last - first).days + 1)


def monthly_cap(max_per_wte, wte, month, start, end):
    """The most that can be reimbursed for the month, unrounded; None if the maximum is unknown."""
    if max_per_wte is None:
        return None
    fraction = Decimal(days_in_post(month, start, end)) / Decimal(days_in_month(month))
    return Decimal(max_per_wte) * Decimal(wte) / 12 * fraction


def mental_health_share(is_mental_health: bool, first_in_band: bool, agreement: bool) -> Decimal:
    if not is_mental_health:
        return WHOLE
    if not agreement:
        return NOTHING
    return HALF if first_in_band else WHOLE


@dataclass(frozen=True)
class Reimbursement:
    actual: Decimal
    cap: Decimal | None  # rounded, for showing
    share: Decimal
    amount: Decimal | None  # None: the role's maximum is unknown this year
    rule: str  # which limit applied, in words
    failures: tuple[str, ...] = ()  # why the line can't be claimed at all (eligibility.py)


def reimburse(actual, max_per_wte, wte, month, start, end, share=WHOLE) -> Reimbursement:
    cap = monthly_cap(max_per_wte, wte, month, start, end)
    if cap is None:
        return Reimbursement(actual, None, share, None, "Unknown: the role's maximum is unknown")
    lesser = min(Decimal(actual), cap)
    rule = "actual cost" if Decimal(actual) <= cap else "role maximum × WTE"
    days = days_in_post(month, start, end)
    if days < days_in_month(month):
        rule += f", {days} of {days_in_month(month)} days in post"
    if share == NOTHING:
        rule += (
            ", none until the network records its written agreement with the mental health provider"
        )
    elif share != WHOLE:
        rule += f", {share * 100:.0f}% (first mental health practitioner in the band)"
    return Reimbursement(actual, pennies(cap), share, pennies(lesser * share), rule)

"""Exact money: every amount is a Decimal, rounded to whole pennies once, at a named step.

The rule: an amount is computed from its inputs at full precision and rounded half up to the
penny (ROUND_HALF_UP, the way a person rounds on paper) exactly once, when it becomes a figure
someone will see or be paid: one entitlement, one claim line, one practice's share. Totals are
sums of rounded figures, so the lines on a page always add up to the total on that page.
"""

from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from pcn.core.fields import read_pounds

PENNY = Decimal("0.01")
ZERO = Decimal("0.00")


def pennies(amount) -> Decimal:
    """The one rounding step: to the penny, half up."""
    return Decimal(amount).quantize(PENNY, rounding=ROUND_HALF_UP)


def parse_amount(text) -> Decimal:
    """ "£1,234.50" -> Decimal("1234.50"); raises ValueError with a reader's message (the one
    reading of typed pounds, pcn.core.fields.read_pounds)."""
    return read_pounds(text, places=2)


def pounds(amount) -> str:
    """Decimal("1219113.92") -> "£1,219,113.92"; None -> "Unknown"; negatives as "−£5.00"."""
    if amount is None:
        return "Unknown"
    amount = pennies(amount)
    sign = "−" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


def distribute(amount, weights: dict) -> dict:
    """Share `amount` (whole pennies) among keys in proportion to `weights`, to the penny.

    Largest remainder: each key gets the floor of its exact share in pennies, then the pennies
    left over go one each to the keys with the largest remainders (ties: the order given), so
    the shares always add up to the amount exactly. Zero total weight: nobody gets anything and
    the caller must say why (we never invent a split).
    """
    amount = pennies(amount)
    total_weight = sum((Decimal(w) for w in weights.values()), Decimal(0))
    if not weights or total_weight <= 0:
        raise ValueError("There is nothing to share by: every weight is zero.")
    if any(Decimal(w) < 0 for w in weights.values()):
        raise ValueError("A weight is negative.")
    total_pennies = int(amount / PENNY)
    sign = -1 if total_pennies < 0 else 1
    total_pennies = abs(total_pennies)
    exact = {k: Decimal(total_pennies) * Decimal(w) / total_weight for k, w in weights.items()}
    floors = {k: int(v.to_integral_value(rounding=ROUND_FLOOR)) for k, v in exact.items()}
    left = total_pennies - sum(floors.values())
    order = sorted(weights, key=lambda k: exact[k] - floors[k], reverse=True)
    for key in order[:left]:
        floors[key] += 1
    return {k: sign * Decimal(floors[k]) * PENNY for k in weights}

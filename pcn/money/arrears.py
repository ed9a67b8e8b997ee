"""Arrears: what a maximum raised after a claim was made (often backdated, as in August 2025)
adds for each person and month already claimed, to claim on a later claim as separate lines."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .claims import RoleTerms
from .exact import ZERO
from .models import ArrearsLine, SalaryLine


@dataclass(frozen=True)
class Owed:
    staff: object
    month: date
    claimed: Decimal  # asked for on the claim, and on any earlier arrears lines
    due: Decimal  # what the month reimburses at today's maxima
    rule: str

    @property
    def amount(self):
        return self.due - self.claimed


def owed(network, before=None, terms=None):
    """[Owed] for every claimed line (of a month before `before`, if given) whose reimbursement
    at today's maxima is more than was asked for; oldest first."""
    terms = terms or RoleTerms(network)
    lines = SalaryLine.objects.filter(network=network, claimed__isnull=False).select_related(
        "staff"
    )
    if before is not None:
        lines = lines.filter(month__lt=before)
    already = defaultdict(lambda: ZERO)
    for row in ArrearsLine.objects.filter(network=network):
        already[(row.staff_id, row.month)] += row.amount
    found = []
    for line in lines.order_by("month", "staff__full_name"):
        result = terms.reimburse(line.staff, line.month, line.actual_cost)
        claimed = line.claimed + already[(line.staff_id, line.month)]
        if result.amount is not None and result.amount > claimed:
            found.append(Owed(line.staff, line.month, claimed, result.amount, result.rule))
    return found


def total(items):
    return sum((item.amount for item in items), ZERO)

"""Where each pound the nominated payee receives goes (FACTS §1.4 "Where ARRS money goes").

- An ARRS reimbursement passes to whoever employs each person claimed for: their member
  practice, the lead practice, the network's own employing body, or the provider that invoiced
  for a sub-contracted role. It is split in proportion to what each claim line reimburses, so
  a payment that differs from the claim is shared the same way, to the penny.
- Any other stream first pays the network's agreed first calls on it (FirstCall: e.g. the
  clinical director's and PCN manager's pay, per the Network Agreement's financial schedule), a
  twelfth of each a month, then the rest goes to the practices by the stream's rule.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from pcn.core.years import year_of
from pcn.workforce.models import Employer

from .exact import ZERO, distribute, pennies
from .models import FirstCall

NETWORK_BODY = "The network's employing body"


@dataclass
class Routed:
    practices: dict = field(default_factory=dict)  # {practice: amount}
    passed_on: dict = field(default_factory=dict)  # {employer name: amount}
    first_calls: dict = field(default_factory=dict)  # {first call name: amount}

    @property
    def total(self):
        return (
            sum(self.practices.values(), ZERO)
            + sum(self.passed_on.values(), ZERO)
            + sum(self.first_calls.values(), ZERO)
        )


def employer_of(person, practices):
    """The practice that employs `person`, or the name of the employer that is not a practice.
    ValueError if the register does not say enough to know."""
    if person.employer == Employer.MEMBER_PRACTICE:
        practice = next((p for p in practices if p.pk == person.employer_practice_id), None)
        if practice is None:
            raise ValueError(
                f"{person}'s employing practice is not recorded: say which member practice "
                "employs them, so their reimbursement goes to it."
            )
        return practice
    if person.employer == Employer.LEAD_PRACTICE:
        lead = next((p for p in practices if p.is_lead_practice), None)
        if lead is None:
            raise ValueError(
                f"{person} is employed by the lead practice, but no practice is marked as the "
                "lead practice."
            )
        return lead
    if person.employer == Employer.NETWORK_BODY:
        return NETWORK_BODY
    name = person.employer_name or Employer(person.employer).label.split(" (")[0]
    return f"{name} (invoices the network)"


def arrs(amount, claim_lines, practices):
    """Route an ARRS payment by the month's claim lines. ValueError if nothing was claimed."""
    weights = {}
    for line in claim_lines:
        if line.result.amount:
            recipient = employer_of(line.staff, practices)
            weights[recipient] = weights.get(recipient, ZERO) + line.result.amount
    if not weights:
        raise ValueError(
            "Nothing is claimable for that month yet: ARRS reimbursements go to each person's "
            "employer, by the month's claim lines, so enter its pay lines first."
        )
    routed = Routed()
    for recipient, share in distribute(amount, weights).items():
        if isinstance(recipient, str):
            routed.passed_on[recipient] = share
        else:
            routed.practices[recipient] = share
    return routed


def first_calls(network, stream, month, amount):
    """{name: amount} the network keeps from a month's payment of `stream` before sharing: a
    twelfth of each agreed first call, in name order, never more than was received."""
    kept, left = {}, pennies(amount)
    for call in FirstCall.objects.filter(network=network, year=year_of(month), stream=stream):
        take = min(pennies(call.annual_amount / 12), left)
        if take > 0:
            kept[call.name] = take
            left -= take
    return kept


def to_json(amounts):
    return {str(name): str(value) for name, value in amounts.items()}


def from_json(amounts):
    return {name: Decimal(value) for name, value in (amounts or {}).items()}

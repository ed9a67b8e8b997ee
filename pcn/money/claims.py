"""Claim lines: each salary line with what the ARRS reimburses for it, for pages and CSV."""

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from pcn.reference.models import ArrsRole

from .maxima import Maxima, Maximum
from .models import MoneyProfile, SalaryLine
from .reimbursement import Reimbursement, mental_health_share, reimburse


def profile_of(network):
    profile = MoneyProfile.objects.filter(network=network).first()
    return profile or MoneyProfile(network=network)


def mental_health_codes():
    return set(
        ArrsRole.objects.filter(reimbursement=ArrsRole.Reimbursement.MENTAL_HEALTH).values_list(
            "code", flat=True
        )
    )


def first_in_band(people, mh_codes):
    """Pks of the first mental health practitioner (by start date) in each band."""
    firsts = {}
    for person in sorted(
        (p for p in people if p.role_code in mh_codes),
        key=lambda p: (p.start_date or date.min, p.pk),
    ):
        firsts.setdefault(person.band or "?", person.pk)
    return set(firsts.values())


class RoleTerms:
    """What the claim rules need to know about roles, for one network, fetched once."""

    def __init__(self, network):
        self.network = network
        self.profile = profile_of(network)
        self.maxima = Maxima(network)
        self.mh_codes = mental_health_codes()
        self.firsts = first_in_band(list(network.staff.all()), self.mh_codes)

    def pay_area(self, person):
        """The employer's pay area chooses the maximum; the network's if not recorded."""
        return getattr(person, "pay_area", "") or self.profile.pay_area

    def maximum(self, person, day) -> Maximum:
        """The maximum per WTE in force for this person on `day` (maxima.Maxima.on)."""
        return self.maxima.on(person.role_code, day, self.pay_area(person), person.band)

    def share(self, person):
        return mental_health_share(
            person.role_code in self.mh_codes,
            person.pk in self.firsts,
            self.profile.mental_health_agreement,
        )

    def reimburse(self, person, month, actual) -> Reimbursement:
        maximum = self.maximum(person, month)
        result = reimburse(
            actual,
            maximum.value,
            person.wte,
            month,
            person.start_date,
            person.end_date,
            self.share(person),
        )
        if not maximum.known:
            why = maximum.note.removeprefix("unknown: ")
            result = replace(result, rule=f"Unknown maximum: {why}")
        elif maximum.note:
            result = replace(result, rule=f"{result.rule}; {maximum.note}")
        from .eligibility import judge

        return judge(self, person, month, result)


@dataclass
class ClaimLine:
    line: SalaryLine
    result: Reimbursement

    @property
    def staff(self):
        return self.line.staff


def lines_for(network, months, terms=None):
    """[ClaimLine] for the network's salary lines in `months` (first days)."""
    terms = terms or RoleTerms(network)
    lines = (
        SalaryLine.objects.filter(network=network, month__in=list(months))
        .select_related("staff")
        .order_by("month", "staff__full_name")
    )
    return [
        ClaimLine(line, terms.reimburse(line.staff, line.month, line.actual_cost)) for line in lines
    ]


def totals(claim_lines):
    actual = sum((c.line.actual_cost for c in claim_lines), Decimal("0.00"))
    known = [c.result.amount for c in claim_lines if c.result.amount is not None]
    return {
        "actual": actual,
        "reimbursable": sum(known, Decimal("0.00")),
        "unknown": len(known) < len(claim_lines),
        "not_reimbursed": actual - sum(known, Decimal("0.00")),
    }


CSV_HEADER = [
    "Month",
    "Staff member",
    "Role",
    "WTE",
    "Salary",
    "Employer NI",
    "Employer pension",
    "VAT",
    "Actual cost",
    "Maximum for the month",
    "Reimbursable",
    "Rule applied",
    "Not claimable because",
]


def csv_rows(claim_lines, role_names):
    for c in claim_lines:
        line = c.line
        yield [
            f"{line.month:%Y-%m}",
            str(line.staff),
            role_names.get(line.staff.role_code, line.staff.role_code),
            line.staff.wte,
            line.salary,
            line.employer_ni,
            line.employer_pension,
            line.vat,
            line.actual_cost,
            "" if c.result.cap is None else c.result.cap,
            "" if c.result.amount is None else c.result.amount,
            c.result.rule,
            "; ".join(c.result.failures),
        ]

"""Claim lines: each salary line with what the ARRS reimburses for it, for pages and CSV."""

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from pcn.reference.models import ArrsRole
from pcn.workforce.catalogue import effective_roles
from pcn.workforce.models import PayArea

from .models import MoneyProfile, SalaryLine
from .reimbursement import Reimbursement, mental_health_share, reimburse
from .years import year_of

MAX_FIELD = {
    PayArea.NATIONAL: "max_national",
    PayArea.OUTER_LONDON: "max_outer_london",
    PayArea.INNER_LONDON: "max_inner_london",
}


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
        self.field = MAX_FIELD[self.profile.pay_area]
        self.mh_codes = mental_health_codes()
        self.firsts = first_in_band(list(network.staff.all()), self.mh_codes)
        self._years = {}

    def roles(self, year):
        if year not in self._years:
            self._years[year] = effective_roles(self.network, year)
        return self._years[year]

    def maximum(self, role_code, year):
        """(maximum per WTE, note): the year's figure (the network's own entry first); if the
        year's is not published yet, the latest earlier year's, said so in the note, because a
        PCN budgets on last year's Table 2 until the new one is out. None if neither is known."""
        for back in range(3):
            earlier = year if back == 0 else _years_before(year, back)
            row = self.roles(earlier).get(role_code)
            value = row.figures[self.field].value if row else None
            if value is not None:
                note = "" if back == 0 else f"at the {earlier} maximum ({year}'s not yet known)"
                return value, note
        return None, ""

    def max_per_wte(self, role_code, year):
        return self.maximum(role_code, year)[0]

    def share(self, person):
        return mental_health_share(
            person.role_code in self.mh_codes,
            person.pk in self.firsts,
            self.profile.mental_health_agreement,
        )

    def reimburse(self, person, month, actual) -> Reimbursement:
        maximum, note = self.maximum(person.role_code, year_of(month))
        result = reimburse(
            actual,
            maximum,
            person.wte,
            month,
            person.start_date,
            person.end_date,
            self.share(person),
        )
        result = replace(result, rule=f"{result.rule}; {note}") if note else result
        from .eligibility import judge

        return judge(self, person, month, result)


def _years_before(year, count):
    start = int(year[:4]) - count
    return f"{start}/{(start + 1) % 100:02d}"


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
            str(line.staff.wte),
            str(line.salary),
            str(line.employer_ni),
            str(line.employer_pension),
            str(line.vat),
            str(line.actual_cost),
            "" if c.result.cap is None else str(c.result.cap),
            "" if c.result.amount is None else str(c.result.amount),
            c.result.rule,
            "; ".join(c.result.failures),
        ]

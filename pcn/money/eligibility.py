"""Whether a person's month can be claimed at all, before any maximum applies [FACTS §1.4].

- Additionality: only staff additional to the PCN's baseline; the register records that the
  PCN manager has confirmed it for the person.
- Nurses and healthcare support workers, from 2025/26: not reimbursable if employed by the PCN
  or a member practice in the 12 months before they started, unless they moved to a more senior
  or specialist nursing role. Our reading: the rule is for the nursing roles the DES added in
  2025/26 (new-to-general-practice and experienced general practice nurses, consultant nurses)
  and healthcare support workers; the enhanced practice nurse, an ARRS role since 2023/24, is
  not named by it.
- GPs in 2025/26: only within two years of their Certificate of Completion of Training. The
  limit came with GPs joining the ARRS on 1 Oct 2024 and is lifted in 2026/27; the brief for
  2024/25 months is to leave them alone, so the rule applies to 2025/26 months only.
- Mental health practitioners: only with the network's written agreement with the mental health
  provider (then 50% for the first in a band, up to 100% for later ones: reimbursement.py).

A failing line is reimbursed £0.00 and says why (`judge`); the claim can still be submitted,
with those lines claimed at nothing.
"""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from pcn.core.years import year_of
from pcn.workforce.catalogue import RECENT_EMPLOYMENT_ROLES

from .exact import ZERO
from .reimbursement import Reimbursement

NOT_ADDITIONAL = "Additionality not confirmed"
RECENT_NURSE = (
    "Nurse or healthcare support worker employed by the PCN or a member practice in the 12 "
    "months before starting (from 2025/26)"
)
GP_PAST_CCT = "GP more than two years after CCT"
GP_NO_CCT = "GP with no CCT date recorded"
NO_MH_AGREEMENT = (
    "Mental health practitioner without the written agreement with the mental health provider"
)

NURSING_ROLES = RECENT_EMPLOYMENT_ROLES
NURSE_RULE_FROM = "2025/26"  # and every later year
GP_RULE_YEARS = {"2025/26"}


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def failures(person, month, *, mental_health_agreement: bool, mh_codes: set) -> list[str]:
    """What stops `person`'s `month` (its first day) being claimed, each as a plain sentence;
    empty when nothing does."""
    found = []
    year = year_of(month)
    started = person.start_date or month
    if not person.additionality_confirmed:
        found.append(NOT_ADDITIONAL)
    if (
        person.role_code in NURSING_ROLES
        and year >= NURSE_RULE_FROM
        and person.recent_network_employment_end is not None
        and not person.moved_to_senior_nursing_role
        # Employed by the PCN or a member practice within the 12 months before starting: the
        # last day there is less than 12 months before the start date.
        and _years_later(person.recent_network_employment_end, 1) > started
    ):
        found.append(RECENT_NURSE)
    if person.role_code == "gp" and year in GP_RULE_YEARS:
        # Our reading of "within two years of CCT": the GP starts in the ARRS role no later
        # than the second anniversary of their CCT; a GP so recruited stays claimable after it.
        if person.cct_date is None:
            found.append(GP_NO_CCT)
        elif started > _years_later(person.cct_date, 2):
            found.append(GP_PAST_CCT)
    if person.role_code in mh_codes and not mental_health_agreement:
        found.append(NO_MH_AGREEMENT)
    return found


def judge(terms, person, month, result: Reimbursement) -> Reimbursement:
    """`result` for a claim line, with the eligibility rules applied: £0.00 and the reasons for
    a failing line, and the invoice wording for a role a provider invoices the network for."""
    if getattr(person, "invoiced", False) and result.amount is not None:
        if result.rule.startswith("actual cost"):
            rule = "the invoice total including VAT" + result.rule.removeprefix("actual cost")
        else:
            rule = f"{result.rule} (less than the invoice total including VAT)"
        result = replace(result, rule=rule)
    found = failures(
        person,
        month,
        mental_health_agreement=terms.profile.mental_health_agreement,
        mh_codes=terms.mh_codes,
    )
    if not found:
        return result
    return replace(
        result,
        amount=ZERO,
        rule="Not claimable: " + "; ".join(found),
        failures=tuple(found),
    )


def left_out(claim_lines):
    """The lines a claim leaves out (claimed at £0.00) and their actual cost, for the pages."""
    lines = [c for c in claim_lines if c.result.failures]
    return {
        "lines": lines,
        "count": len(lines),
        "actual": sum((c.line.actual_cost for c in lines), Decimal("0.00")),
    }

"""Whether a person's month can be claimed at all: additionality, the 2025/26 nurse and HCSW
12-month rule, the 2025/26 GP rule and the mental health agreement. A failing line is claimed at
£0.00 with its reasons on the claim pages and in the CSV; the claim can still be submitted."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from pcn.money import actions, eligibility
from pcn.money.claims import CSV_HEADER, RoleTerms, lines_for
from pcn.money.models import Claim, SalaryLine
from pcn.workforce.models import StaffMember
from tests.conftest import text

MH = {"mental-health-practitioner-adult", "mental-health-practitioner-cyp"}
OCT_2024 = date(2024, 10, 1)  # 2024/25
OCT_2025 = date(2025, 10, 1)  # 2025/26
OCT_2026 = date(2026, 10, 1)  # 2026/27, the tests' year (today is 18 Nov 2026)


def person(**fields):
    values = {
        "full_name": "Test Person",
        "role_code": "clinical-pharmacist",
        "wte": Decimal("1"),
        "start_date": date(2025, 6, 1),
        "additionality_confirmed": True,
    }
    values.update(fields)
    return StaffMember(**values)


def failures(who, month=OCT_2025, agreement=True):
    return eligibility.failures(who, month, mental_health_agreement=agreement, mh_codes=MH)


def test_a_confirmed_pharmacist_has_no_failures():
    assert failures(person()) == []


def test_additionality_not_confirmed_fails_in_every_year():
    for month in (OCT_2024, OCT_2025, OCT_2026):
        assert failures(person(additionality_confirmed=False), month) == [
            "Additionality not confirmed"
        ]


NURSE_RULE = (
    "Nurse or healthcare support worker employed by the PCN or a member practice in the 12 "
    "months before starting (from 2025/26)"
)


@pytest.mark.parametrize(
    "role",
    [
        "general-practice-nurse-new",
        "general-practice-nurse-experienced",
        "consultant-nurse",
        "healthcare-support-worker",
    ],
)
def test_a_nurse_or_hcsw_employed_here_within_12_months_fails_from_2025_26(role):
    nurse = person(
        role_code=role,
        start_date=date(2025, 6, 1),
        recent_network_employment_end=date(2025, 1, 31),
    )
    assert failures(nurse, OCT_2025) == [NURSE_RULE]
    assert failures(nurse, OCT_2026) == [NURSE_RULE]  # and later years


def test_the_nurse_rule_has_its_exceptions():
    recent = {
        "role_code": "general-practice-nurse-new",
        "start_date": date(2025, 6, 1),
        "recent_network_employment_end": date(2025, 1, 31),
    }
    # Moving to a more senior or specialist nursing role.
    assert failures(person(**recent, moved_to_senior_nursing_role=True)) == []
    # 12 months passed between leaving and starting.
    assert failures(person(**{**recent, "recent_network_employment_end": date(2024, 5, 31)})) == []
    # Never employed here.
    assert failures(person(**{**recent, "recent_network_employment_end": None})) == []
    # A 2024/25 month is not subject to it.
    early = person(
        role_code="general-practice-nurse-new",
        start_date=date(2024, 6, 1),
        recent_network_employment_end=date(2024, 3, 31),
    )
    assert failures(early, OCT_2024) == []
    assert failures(early, OCT_2025) == [NURSE_RULE]
    # Nor is a role the rule does not name.
    assert failures(person(**{**recent, "role_code": "clinical-pharmacist"})) == []


def test_a_gp_in_2025_26_must_start_within_two_years_of_cct():
    within = person(role_code="gp", start_date=date(2025, 6, 1), cct_date=date(2023, 8, 1))
    past = person(role_code="gp", start_date=date(2025, 6, 1), cct_date=date(2023, 5, 31))
    unknown = person(role_code="gp", start_date=date(2025, 6, 1), cct_date=None)
    assert failures(within) == []
    assert failures(past) == ["GP more than two years after CCT"]
    assert failures(unknown) == ["GP with no CCT date recorded"]
    # The rule is for 2025/26 only: lifted in 2026/27, and not applied to 2024/25 months.
    for month in (OCT_2024, OCT_2026):
        assert failures(past, month) == [] and failures(unknown, month) == []


def test_a_mental_health_practitioner_needs_the_agreement():
    practitioner = person(role_code="mental-health-practitioner-adult")
    assert failures(practitioner, agreement=True) == []
    assert failures(practitioner, agreement=False) == [
        "Mental health practitioner without the written agreement with the mental health provider"
    ]


def test_every_failure_is_named():
    gp = person(role_code="gp", cct_date=None, additionality_confirmed=False)
    assert failures(gp) == ["Additionality not confirmed", "GP with no CCT date recorded"]


# On the claim ------------------------------------------------------------------------------


@pytest.fixture
def unconfirmed(demo):
    """A pharmacist in the demo network whose additionality is not confirmed, with October's
    line in the draft claim's month."""
    claim = demo.network.claims.get(status=Claim.Status.DRAFT)
    line = (
        SalaryLine.objects.filter(network=demo.network, month=claim.month)
        .select_related("staff")
        .order_by("staff__full_name")
        .first()
    )
    who = line.staff
    who.additionality_confirmed = False
    who.save()
    return claim, line


def test_a_failing_line_is_reimbursed_nothing_with_its_reasons(demo, unconfirmed):
    claim, line = unconfirmed
    found = {c.line.pk: c for c in lines_for(demo.network, [claim.month], RoleTerms(demo.network))}
    result = found[line.pk].result
    assert result.amount == Decimal("0.00")
    assert result.failures == ("Additionality not confirmed",)
    assert result.rule == "Not claimable: Additionality not confirmed"
    left = eligibility.left_out(found.values())
    assert left["count"] == 1 and left["actual"] == line.actual_cost


def test_the_claim_page_and_csv_say_which_lines_are_not_claimable(demo, as_role, unconfirmed):
    claim, line = unconfirmed
    manager = as_role("PCN manager")
    page = text(manager.get(reverse("money:claim", args=[claim.pk])))
    assert "Not claimable" in page and "Additionality not confirmed" in page
    assert 'data-testid="left-out"' in page
    assert f"1 line with an actual cost of £{line.actual_cost:,.2f} is left out" in page
    rows = list(
        csv.reader(
            io.StringIO(manager.get(reverse("money:claim_csv", args=[claim.pk])).content.decode())
        )
    )
    assert rows[0] == CSV_HEADER and rows[0][-1] == "Not claimable because"
    mine = next(r for r in rows[1:] if r[1] == str(line.staff))
    assert mine[-1] == "Additionality not confirmed" and mine[CSV_HEADER.index("Reimbursable")] == (
        "0.00"
    )
    assert all(r[-1] == "" for r in rows[1:] if r[1] != str(line.staff))


def test_a_claim_with_failing_lines_is_submitted_without_them(demo, as_role, unconfirmed):
    claim, line = unconfirmed
    found = lines_for(demo.network, [claim.month])
    # The lines' reimbursements, and the demo's arrears lines on the same claim.
    expected = sum((c.result.amount for c in found), Decimal("0.00")) + sum(
        (a.amount for a in claim.arrears_lines.all()), Decimal("0.00")
    )
    manager = as_role("PCN manager")
    page = text(manager.get(reverse("money:claim", args=[claim.pk])))
    assert "1 line" in page and "not claimable and will be claimed at £0.00" in page
    response = manager.post(
        reverse("money:submit_claim", args=[claim.pk]),
        {
            "version": claim.version,
            "submitted_on_day": "17",
            "submitted_on_month": "11",
            "submitted_on_year": "2026",
        },
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SUBMITTED and claim.amount_claimed == expected
    confirmed = line.staff
    confirmed.additionality_confirmed = True
    confirmed.save()
    assert sum((c.result.amount for c in lines_for(demo.network, [claim.month])), 0) > expected


def test_the_mental_health_rule_shows_on_the_line(demo):
    network, manager = demo.network, demo.user("PCN manager")
    profile = network.money
    actions.update_profile(
        network=network, version=profile.version, by=manager, mental_health_agreement=False
    )
    terms = RoleTerms(network)
    practitioner = person(role_code="mental-health-practitioner-adult", network=network, pk=-1)
    result = terms.reimburse(practitioner, OCT_2026, Decimal("3000.00"))
    assert result.amount == Decimal("0.00")
    assert result.failures == (
        "Mental health practitioner without the written agreement with the mental health provider",
    )

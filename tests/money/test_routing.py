"""Where money goes: ARRS reimbursements to each person's employer, other streams to the first
calls and then to the practices, always adding up to the penny."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from pcn.core.actions import ActionRefused
from pcn.money import actions, routing
from pcn.money.models import FirstCall, IncomeReceipt
from pcn.money.statements import ledger, statement
from pcn.workforce.models import Employer
from tests.conftest import text


@dataclass
class Line:
    staff: object
    result: object


@dataclass
class Result:
    amount: Decimal


@dataclass
class Person:
    employer: str
    employer_practice_id: int | None = None
    employer_name: str = ""


@dataclass(frozen=True)
class Practice:
    pk: int
    is_lead_practice: bool = False


PRACTICES = [Practice(1, True), Practice(2), Practice(3)]
EMPLOYERS = st.sampled_from(
    [
        Person(Employer.LEAD_PRACTICE),
        Person(Employer.MEMBER_PRACTICE, 2),
        Person(Employer.MEMBER_PRACTICE, 3),
        Person(Employer.NETWORK_BODY),
        Person(Employer.THIRD_PARTY, employer_name="Provider A"),
    ]
)
PENNIES = st.integers(min_value=1, max_value=2_000_000).map(lambda p: Decimal(p) / 100)


@given(
    amount=PENNIES,
    lines=st.lists(st.tuples(EMPLOYERS, PENNIES), min_size=1, max_size=25),
)
def test_an_arrs_payment_goes_to_the_employers_to_the_penny(amount, lines):
    routed = routing.arrs(amount, [Line(p, Result(a)) for p, a in lines], PRACTICES)
    assert routed.total == amount
    assert not routed.first_calls
    for person, _ in lines:
        recipient = routing.employer_of(person, PRACTICES)
        if isinstance(recipient, str):
            assert recipient in routed.passed_on
        else:
            assert recipient in routed.practices


def test_the_employer_must_be_known():
    with pytest.raises(ValueError, match="employing practice is not recorded"):
        routing.employer_of(Person(Employer.MEMBER_PRACTICE), PRACTICES)
    with pytest.raises(ValueError, match="no practice is marked as the lead"):
        routing.employer_of(Person(Employer.LEAD_PRACTICE), [Practice(2)])
    assert routing.employer_of(Person(Employer.FEDERATION, employer_name="Fed"), PRACTICES) == (
        "Fed (invoices the network)"
    )


def test_a_practice_employed_pharmacist_reimbursement_goes_to_that_practice(demo):
    network, manager = demo.network, demo.user("PCN manager")
    pharmacist = network.staff.filter(role_code="clinical-pharmacist").order_by("pk").first()
    employer = pharmacist.employer_practice
    assert pharmacist.employer == Employer.MEMBER_PRACTICE and not employer.is_lead_practice
    month = date(2026, 10, 1)
    receipt = actions.record_income(
        network=network,
        stream="arrs",
        month=month,
        amount="100000.00",
        received_on=date(2026, 11, 10),
        by=manager,
    )
    shares = {s.practice_id: s.amount for s in receipt.shares.all()}
    others = [p for p in network.practices.all() if p.pk not in shares]
    assert employer.pk in shares
    # Practices that employ nobody claimed get nothing of it: no population share.
    assert all(p.pk not in shares for p in others)
    assert sum(shares.values()) + sum(routing.from_json(receipt.passed_on).values()) == Decimal(
        "100000.00"
    )
    assert any("invoices the network" in name for name in receipt.passed_on)


def test_first_calls_come_off_before_sharing_and_show_on_every_statement(demo):
    network = demo.network
    receipt = IncomeReceipt.objects.filter(network=network, stream="core_registered").first()
    kept = routing.from_json(receipt.first_calls)
    assert kept == {"Clinical director": Decimal("3000.00"), "PCN manager": Decimal("3500.00")}
    assert sum(s.amount for s in receipt.shares.all()) == receipt.amount - sum(kept.values())
    for practice in network.practices.all():
        found = statement(practice, "2026/27", "Q2")
        assert dict(found.first_calls)["Clinical director"] == Decimal("3000.00") * 3
    _, _, others, _ = ledger(network, "2026/27")
    assert "First call: PCN manager" in [name for name, _, _ in others]


def test_a_first_call_on_arrs_or_without_its_agreement_is_refused(demo):
    network, manager = demo.network, demo.user("PCN manager")
    before = FirstCall.objects.count()
    for change, field in (
        ({"stream": "arrs"}, "stream"),
        ({"agreed_in": " "}, "agreed_in"),
        ({"annual_amount": "1e30"}, "annual_amount"),
        ({"name": "Clinical director"}, "name"),
    ):
        entry = {
            "year": "2026/27",
            "stream": "core_registered",
            "name": "Digital lead",
            "annual_amount": "12000",
            "agreed_in": "Schedule 2",
            **change,
        }
        with pytest.raises(ActionRefused) as refused:
            actions.add_first_call(network=network, by=manager, **entry)
        assert refused.value.field == field
    assert FirstCall.objects.count() == before


def test_the_statement_charges_a_practice_only_for_the_people_it_employs(demo, as_role):
    network = demo.network
    pharmacist = network.staff.filter(role_code="clinical-pharmacist").order_by("pk").first()
    employer = pharmacist.employer_practice
    found = statement(employer, "2026/27", "Q2")
    own = sum(
        line.actual_cost
        for line in network.salary_lines.filter(
            staff__employer=Employer.MEMBER_PRACTICE,
            staff__employer_practice=employer,
            month__in=[date(2026, 7, 1), date(2026, 8, 1), date(2026, 9, 1)],
        )
    )
    assert found.employed_costs == own and own > 0
    assert found.net == found.income_total - own
    page = text(
        as_role("PCN manager").get(
            reverse("money:statement", args=[employer.ods_code]) + "?year=2026/27&quarter=Q2"
        )
    )
    assert "Pay of the people the practice employs" in page

"""The demo network's money looks like a real PCN's: a year of pay lines, claims in every status,
income received and shared out to the penny."""

from datetime import date
from decimal import Decimal

from django.urls import reverse

from pcn.money.models import Claim, IncomeReceipt
from pcn.money.routing import from_json
from tests.conftest import text


def test_the_demo_has_a_year_of_pay_lines_and_claims_in_every_status(demo):
    network = demo.network
    assert network.salary_lines.dates("month", "month").count() == 12
    statuses = set(network.claims.values_list("status", flat=True))
    assert statuses == {Claim.Status.DRAFT, Claim.Status.SUBMITTED, Claim.Status.PAID}
    for claim in network.claims.exclude(status=Claim.Status.DRAFT):
        assert claim.submitted_on > claim.month and claim.amount_claimed > 0
    for claim in network.claims.filter(status=Claim.Status.PAID):
        assert claim.paid_on > claim.submitted_on


def test_every_demo_receipt_is_shared_out_to_the_penny(demo):
    receipts = IncomeReceipt.objects.filter(network=demo.network).prefetch_related("shares")
    assert receipts.count() > 20
    for receipt in receipts:
        elsewhere = sum(from_json(receipt.passed_on).values()) + sum(
            from_json(receipt.first_calls).values()
        )
        assert sum(s.amount for s in receipt.shares.all()) + elsewhere == receipt.amount


def test_the_ledger_adds_up_to_the_income_received(demo, as_role):
    page = text(as_role("Clinical director").get(reverse("money:ledger")))
    for practice in demo.network.practices.all():
        assert practice.name in page
    this_year = IncomeReceipt.objects.filter(
        network=demo.network, month__gte=date(2026, 4, 1), month__lte=date(2027, 3, 1)
    )
    received = sum((r.amount for r in this_year), Decimal("0.00"))
    assert f"£{received:,}" in page

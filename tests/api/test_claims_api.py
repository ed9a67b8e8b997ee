"""GET /api/networks/{pcn_code}/claims: every ARRS claim with its pay lines, as the claims and
claim pages show them; pay is for the PCN manager and the clinical director only."""

import pytest

from pcn.money import claims
from tests.test_permissions import ROLES

from .calls import api_get, every_item

URL = "networks/U35980/claims"
LEADERSHIP = {"PCN manager", "Clinical director"}


def test_every_claim_newest_first_with_the_claims_pages_figures(demo):
    items = every_item(demo.user("Clinical director"), URL)
    on_page = list(demo.network.claims.all())  # the claims page's list, newest first
    assert [i["id"] for i in items] == [c.pk for c in on_page]
    for item, claim in zip(items, on_page, strict=True):
        assert item["month"] == f"{claim.month:%Y-%m}" and item["status"] == claim.status
        assert item["amount_claimed"] == (
            None if claim.amount_claimed is None else str(claim.amount_claimed)
        )
        assert item["amount_paid"] == (
            None if claim.amount_paid is None else str(claim.amount_paid)
        )
        # The claim page's lines and totals for the month.
        lines = claims.lines_for(demo.network, [claim.month])
        totals = claims.totals(lines)
        assert item["actual_cost"] == str(totals["actual"])
        assert item["reimbursable"] == str(totals["reimbursable"])
        assert item["some_maxima_unknown"] == totals["unknown"]
        assert [
            (line["staff_id"], line["actual_cost"], line["reimbursable"], line["rule"])
            for line in item["lines"]
        ] == [
            (
                c.line.staff_id,
                str(c.line.actual_cost),
                None if c.result.amount is None else str(c.result.amount),
                c.result.rule,
            )
            for c in lines
        ]
    submitted = [i for i in items if i["status"] != "draft"]
    assert submitted and all(i["amount_claimed"] and i["submitted_on"] for i in submitted)
    assert any(i["lines"] for i in items)


@pytest.mark.parametrize("role", ROLES)
def test_only_leadership_reads_pay(demo, role):
    response = api_get(demo.user(role), URL)
    assert response.status_code == (200 if role in LEADERSHIP else 403)
    if role not in LEADERSHIP:
        assert "people's pay" in response.json()["detail"]


def test_no_token_another_network_and_too_big_a_page(demo, other_demo):
    assert api_get(None, URL).status_code == 401
    assert api_get(demo.user("PCN manager"), "networks/U07032/claims").status_code == 404
    refused = api_get(demo.user("PCN manager"), URL, page_size=501)
    assert refused.status_code == 422
    assert refused.json()["detail"] == "page_size: Input should be less than or equal to 500"

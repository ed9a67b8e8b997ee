"""A maximum raised after months were claimed (backdated, as in August 2025) leaves arrears:
shown per person and month, added once to a draft claim as separate lines."""

import pytest
from django.urls import reverse

from pcn.core.actions import ActionRefused
from pcn.money import actions
from pcn.money.arrears import owed
from pcn.money.models import ArrearsLine, Claim
from tests.conftest import text


def test_the_demo_claims_arrears_for_the_icbs_raised_pharmacist_maximum(demo):
    draft = demo.network.claims.get(status=Claim.Status.DRAFT)
    lines = list(draft.arrears_lines.all())
    assert lines and all(line.staff.role_code == "clinical-pharmacist" for line in lines)
    assert all(line.month < draft.month and line.amount > 0 for line in lines)
    assert owed(demo.network, before=draft.month) == []  # each month's arrears claimed once


def test_arrears_are_added_once_as_separate_lines(demo):
    network, manager = demo.network, demo.user("PCN manager")
    draft = network.claims.get(status=Claim.Status.DRAFT)
    draft.arrears_lines.all().delete()  # as before the demo added them
    found = owed(network, before=draft.month)
    assert found and all(item.due > item.claimed for item in found)
    before = ArrearsLine.objects.count()
    rows = actions.add_arrears(claim=draft, by=manager)
    assert ArrearsLine.objects.count() == before + len(rows) == before + len(found)
    with pytest.raises(ActionRefused, match="No arrears are owed"):
        actions.add_arrears(claim=draft, by=manager)


def test_arrears_go_on_a_draft_claim_only(demo):
    submitted = demo.network.claims.filter(status=Claim.Status.SUBMITTED).first()
    with pytest.raises(ActionRefused, match="draft claim"):
        actions.add_arrears(claim=submitted, by=demo.user("PCN manager"))


def test_the_claim_page_shows_arrears_and_only_the_pcn_manager_adds_them(demo, as_role):
    draft = demo.network.claims.get(status=Claim.Status.DRAFT)
    draft.arrears_lines.all().delete()
    url = reverse("money:claim", args=[draft.pk])
    page = text(as_role("PCN manager").get(url))
    assert "of arrears owed on earlier claims" in page
    assert "Add the arrears to this claim" in page
    director = text(as_role("Clinical director").get(url))
    assert "of arrears owed on earlier claims" in director
    assert "Add the arrears to this claim" not in director
    before = ArrearsLine.objects.count()
    refused = as_role("Clinical director").post(reverse("money:add_arrears", args=[draft.pk]))
    assert refused.status_code == 403 and ArrearsLine.objects.count() == before
    done = as_role("PCN manager").post(reverse("money:add_arrears", args=[draft.pk]))
    assert done.status_code == 302 and ArrearsLine.objects.count() > before
    after = text(as_role("PCN manager").get(url))
    assert "Arrears on this claim" in after and "of arrears owed" not in after


def test_the_claims_page_lists_arrears_not_yet_claimed(demo, as_role):
    draft = demo.network.claims.get(status=Claim.Status.DRAFT)
    page = text(as_role("PCN manager").get(reverse("money:claims")))
    assert "of arrears not yet claimed" not in page  # the demo added them to its draft
    draft.arrears_lines.all().delete()
    page = text(as_role("Clinical director").get(reverse("money:claims")))
    total = sum(item.amount for item in owed(demo.network))
    assert f"£{total:,.2f} of arrears not yet claimed" in page
    assert str(draft) in page

"""A claim's dates: never in the future (today is Wednesday 18 November 2026), paid on or after
submitted, not before the claim's month; the PCN manager corrects them, audited."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from pcn.core.actions import ActionRefused
from pcn.core.models import AuditEntry
from pcn.money import actions
from pcn.money.models import Claim
from tests.conftest import signed_in, text
from tests.test_permissions import ROLES

TODAY = date(2026, 11, 18)
TOMORROW = TODAY + timedelta(days=1)


def _date(prefix, day):
    return {
        f"{prefix}_day": str(day.day),
        f"{prefix}_month": str(day.month),
        f"{prefix}_year": str(day.year),
    }


def test_a_future_submission_date_is_refused_naming_the_field(demo):
    claim = demo.network.claims.get(status=Claim.Status.DRAFT)
    with pytest.raises(ActionRefused) as refused:
        actions.submit_claim(
            claim=claim, version=claim.version, submitted_on=TOMORROW, by=demo.user("PCN manager")
        )
    assert refused.value.field == "submitted_on"
    assert str(refused.value) == "Date submitted can't be in the future."
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DRAFT


def test_the_page_shows_a_future_submission_date_beside_the_field(demo, as_role):
    claim = demo.network.claims.get(status=Claim.Status.DRAFT)
    response = as_role("PCN manager").post(
        reverse("money:submit_claim", args=[claim.pk]),
        {"version": claim.version, **_date("submitted_on", TOMORROW)},
    )
    assert response.status_code == 200
    assert response.context["submit_form"].errors["submitted_on"] == [
        "Date submitted can't be in the future."
    ]


def test_a_future_or_early_payment_date_is_refused_naming_the_field(demo):
    claim = demo.network.claims.filter(status=Claim.Status.SUBMITTED).first()
    manager = demo.user("PCN manager")
    for paid_on, message in (
        (TOMORROW, "Date paid can't be in the future."),
        (
            claim.submitted_on - timedelta(days=1),
            "It can't have been paid before it was submitted.",
        ),
    ):
        with pytest.raises(ActionRefused) as refused:
            actions.mark_paid(
                claim=claim, version=claim.version, paid_on=paid_on, amount_paid="1", by=manager
            )
        assert (refused.value.field, str(refused.value)) == ("paid_on", message)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SUBMITTED


def test_the_pcn_manager_corrects_a_paid_claims_dates_audited(demo, as_role):
    claim = demo.network.claims.filter(status=Claim.Status.PAID).order_by("month").first()
    before = (claim.submitted_on, claim.paid_on)
    submitted, paid = claim.month + timedelta(days=35), claim.month + timedelta(days=70)
    manager = as_role("PCN manager")
    page = text(manager.get(reverse("money:claim", args=[claim.pk])))
    assert 'data-testid="correct-dates"' in page and "Correct dates" in page
    response = manager.post(
        reverse("money:correct_claim_dates", args=[claim.pk]),
        {"version": claim.version, **_date("submitted_on", submitted), **_date("paid_on", paid)},
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.submitted_on, claim.paid_on) == (submitted, paid)
    entry = AuditEntry.objects.filter(action="money.correct_claim_dates").latest("pk")
    assert entry.before == {"submitted_on": str(before[0]), "paid_on": str(before[1])}
    assert entry.after == {"submitted_on": str(submitted), "paid_on": str(paid)}
    assert entry.actor == demo.user("PCN manager")


def test_a_correction_is_checked_like_the_dates_it_corrects(demo, as_role):
    claim = demo.network.claims.filter(status=Claim.Status.PAID).order_by("month").first()
    manager = as_role("PCN manager")
    url = reverse("money:correct_claim_dates", args=[claim.pk])
    cases = [
        (TOMORROW, claim.paid_on, "submitted_on", "Date submitted can't be in the future."),
        (
            claim.month - timedelta(days=1),
            claim.paid_on,
            "submitted_on",
            "A claim can't be submitted before the month it is for.",
        ),
        (claim.submitted_on, TOMORROW, "paid_on", "Date paid can't be in the future."),
        (
            claim.submitted_on,
            claim.submitted_on - timedelta(days=1),
            "paid_on",
            "It can't have been paid before it was submitted.",
        ),
    ]
    for submitted, paid, field, message in cases:
        response = manager.post(
            url,
            {
                "version": claim.version,
                **_date("submitted_on", submitted),
                **_date("paid_on", paid),
            },
        )
        assert response.status_code == 200
        assert response.context["dates_form"].errors[field] == [message]
    fresh = Claim.objects.get(pk=claim.pk)
    assert (fresh.submitted_on, fresh.paid_on) == (claim.submitted_on, claim.paid_on)
    assert not AuditEntry.objects.filter(action="money.correct_claim_dates").exists()


def test_a_draft_has_no_dates_to_correct(demo):
    claim = demo.network.claims.get(status=Claim.Status.DRAFT)
    with pytest.raises(ActionRefused):
        actions.correct_claim_dates(
            claim=claim,
            version=claim.version,
            submitted_on=TODAY,
            paid_on=None,
            by=demo.user("PCN manager"),
        )


@pytest.mark.parametrize("role", [r for r in ROLES if r != "PCN manager"])
def test_only_the_pcn_manager_corrects_dates(demo, role):
    claim = demo.network.claims.filter(status=Claim.Status.PAID).first()
    client = signed_in(demo.user(role))
    response = client.post(
        reverse("money:correct_claim_dates", args=[claim.pk]),
        {
            "version": claim.version,
            **_date("submitted_on", claim.month + timedelta(days=35)),
            **_date("paid_on", claim.month + timedelta(days=70)),
        },
    )
    assert response.status_code == 403
    fresh = Claim.objects.get(pk=claim.pk)
    assert (fresh.submitted_on, fresh.paid_on) == (claim.submitted_on, claim.paid_on)
    if role == "Clinical director":
        page = text(client.get(reverse("money:claim", args=[claim.pk])))
        assert 'data-testid="correct-dates"' not in page


def test_waiting_days_are_never_negative(demo, as_role):
    claim = demo.network.claims.filter(status=Claim.Status.SUBMITTED).first()
    # A date in the future can no longer be recorded, but one saved before the check could be.
    Claim.objects.filter(pk=claim.pk).update(submitted_on=TODAY + timedelta(days=5))
    page = text(as_role("PCN manager").get(reverse("money:claims")))
    assert "Waiting -" not in page and "−" not in page.split("Claims, newest first")[1][:2000]
    assert "Waiting 0 days" in page

"""A claim's dates: when it was submitted and paid, checked the same way wherever they are
recorded or corrected. Neither can be in the future, after the month it is for comes the
submission, and the payment comes on or after the submission."""

from django.db import transaction
from django.utils import timezone

from pcn.core import audit
from pcn.core.actions import ActionRefused

from .models import Claim


def check_submitted(claim, submitted_on, today=None):
    today = today or timezone.localdate()
    if submitted_on is None:
        raise ActionRefused("Enter the date submitted.", field="submitted_on")
    if submitted_on < claim.month:
        raise ActionRefused(
            "A claim can't be submitted before the month it is for.", field="submitted_on"
        )
    if submitted_on > today:
        raise ActionRefused("Date submitted can't be in the future.", field="submitted_on")


def check_paid(claim, submitted_on, paid_on, today=None):
    today = today or timezone.localdate()
    if paid_on is None:
        raise ActionRefused("Enter the date paid.", field="paid_on")
    if paid_on > today:
        raise ActionRefused("Date paid can't be in the future.", field="paid_on")
    if submitted_on is not None and paid_on < submitted_on:
        raise ActionRefused("It can't have been paid before it was submitted.", field="paid_on")
    if paid_on < claim.month:
        raise ActionRefused("A claim can't be paid before the month it is for.", field="paid_on")


def days_between(earlier, later):
    """Whole days from one date to another, never negative (a date corrected into the future
    of the other still reads as 0 days, not minus)."""
    if earlier is None or later is None:
        return None
    return max(0, (later - earlier).days)


@transaction.atomic
def correct_claim_dates(*, claim, version, submitted_on, paid_on=None, by):
    """Correct the date a claim was submitted and, once paid, the date it was paid: the PCN
    manager's fix for a date typed wrongly. Audited with the dates before and after."""
    if claim.status == Claim.Status.DRAFT:
        raise ActionRefused(
            f"The {claim} has not been submitted yet: there are no dates to correct."
        )
    check_submitted(claim, submitted_on)
    if claim.status == Claim.Status.PAID:
        check_paid(claim, submitted_on, paid_on)
    elif paid_on is not None:
        raise ActionRefused(
            "The claim has not been paid yet: record the payment instead.", field="paid_on"
        )
    before = {"submitted_on": str(claim.submitted_on), "paid_on": str(claim.paid_on)}
    claim.bump_version(version)
    claim.submitted_on = submitted_on
    if claim.status == Claim.Status.PAID:
        claim.paid_on = paid_on
    claim.save()
    audit.record(
        by=by,
        action="money.correct_claim_dates",
        target=claim,
        network=claim.network,
        before=before,
        after={"submitted_on": str(claim.submitted_on), "paid_on": str(claim.paid_on)},
    )
    return claim

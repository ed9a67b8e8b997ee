"""Marking a difference between the register and the NHS census explained, and taking that back.

An explanation belongs to one census: when a newer census is loaded, the same difference (if it is
still there) is open again, because the new census is a new statement of who was in post.
"""

from django.db import transaction
from django.utils import timezone

from pcn.core import audit, limits
from pcn.core.refusals import ActionRefused
from pcn.networks.models import Network

from ..census_match import reconcile
from ..models import CensusExplanation

EXPLAIN = "workforce.explain_census_difference"
REOPEN = "workforce.reopen_census_difference"


@transaction.atomic
def explain(*, network, item, reason, by, today=None):
    """Mark the difference `item` of the latest census explained, with a short reason."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ActionRefused(
            "Enter why this difference is as it should be, in a sentence.", field="reason"
        )
    limits.check_length(reason, CensusExplanation.REASON, "The reason", "reason")
    # Two managers at once: the second waits, then finds it explained.
    Network.objects.select_for_update().filter(pk=network.pk).first()
    found = reconcile(network, today or timezone.localdate())
    entry = found.find(item or "")
    if entry is None:
        raise ActionRefused(
            "This difference is no longer in the comparison: the register or the census has "
            "changed since the page was opened. Look at the page again."
        )
    if entry.explained:
        raise ActionRefused(f"This difference was already explained by {_who(entry.explanation)}.")
    explanation = CensusExplanation.objects.create(
        network=network,
        census_date=found.census_date,
        item=entry.item,
        summary=entry.summary,
        reason=reason,
        explained_by=by,
    )
    audit.record(
        by=by,
        action=EXPLAIN,
        target=explanation,
        network=network,
        after={
            "census_date": found.census_date.isoformat(),
            "difference": explanation.summary,
            "reason": reason,
        },
    )
    return explanation


@transaction.atomic
def reopen(*, network, explanation_id, by):
    """Take an explanation back: the difference is open again."""
    explanation = (
        CensusExplanation.objects.select_for_update()
        .filter(network=network, pk=explanation_id)
        .first()
    )
    if explanation is None:
        raise ActionRefused("That explanation has already been taken back.")
    audit.record(
        by=by,
        action=REOPEN,
        target=explanation,
        network=network,
        before={
            "census_date": explanation.census_date.isoformat(),
            "difference": explanation.summary,
            "reason": explanation.reason,
        },
    )
    explanation.delete()


def _who(explanation):
    name = explanation.explained_by.full_name if explanation.explained_by else "someone"
    return f"{name} on {timezone.localtime(explanation.explained_at):%a} " + (
        f"{timezone.localtime(explanation.explained_at):%-d %b %Y}"
    )

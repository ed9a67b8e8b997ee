"""The agreed allocation: each service's sessions a week per practice, beside the fair share,
with when, by whom and how it was agreed (decision 27)."""

from datetime import date, datetime

from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from pcn.allocation import queries

from ..common import (
    BAD_PARAMETERS,
    NO_TOKEN,
    NOT_ALLOWED,
    NOT_YOURS,
    Pages,
    network_for,
    refuse_unless,
    responses,
)

router = Router(tags=["allocation"])


class HoldoutOut(Schema):
    ods_code: str
    name: str
    objected: bool  # false: it had not answered
    comment: str


class AllocationRowOut(Schema):
    service: str
    basis: str  # how the service is shared, in words
    ods_code: str
    practice: str
    sessions: int  # sessions a week allocated
    fair_share: float
    difference: float  # sessions less the fair share
    why: str
    scenario_id: int
    scenario: str
    week: date  # the Monday of the week whose staff time it shares
    agreed_at: datetime
    agreed_by: str | None
    agreed_without: list[HoldoutOut]  # practices that had not agreed, or objected
    agreed_reason: str  # why it went ahead without them; empty when every practice agreed
    how_agreed: str  # the sentence the pages show


def how_agreed(scenario):
    """ "Agreed on Wed 18 Nov 2026 by Dr X without answers from A, because: “…”." as the
    pages' agreement note reads."""
    when = timezone.localtime(scenario.agreed_at)
    words = f"Agreed on {when:%a} {when.day} {when:%b %Y}"
    if scenario.agreed_by:
        words += f" by {scenario.agreed_by.full_name}"
    if not scenario.agreed_without:
        return words + "."
    reason = scenario.agreed_reason
    stop = "" if reason[-1:] in (".", "!", "?") else "."
    return f"{words} {scenario.agreed_without_phrase}, because: “{reason}”{stop}"


@router.get(
    "/networks/{pcn_code}/allocation",
    response=responses(list[AllocationRowOut], BAD_PARAMETERS, NO_TOKEN, NOT_ALLOWED, NOT_YOURS),
)
@paginate(Pages)
def agreed_allocation(request, pcn_code: str):
    """The allocation the network agreed, a row per service and practice, as its scenario page
    shows it. 404 when the network has not agreed one yet (the detail says so)."""
    network = network_for(request, pcn_code)
    refuse_unless(
        request.auth,
        "allocation.view_allocation",
        network,
        "Only members of the network can read its allocation.",
    )
    scenario = queries.agreed_scenario(network)
    if scenario is None:
        raise HttpError(404, f"{network.name} has not agreed an allocation yet.")
    agreement = {
        "scenario_id": scenario.pk,
        "scenario": scenario.name,
        "week": scenario.week,
        "agreed_at": scenario.agreed_at,
        "agreed_by": scenario.agreed_by.full_name if scenario.agreed_by else None,
        "agreed_without": [h.as_json() for h in scenario.agreed_without_practices],
        "agreed_reason": scenario.agreed_reason,
        "how_agreed": how_agreed(scenario),
    }
    return [
        {
            "service": service["service"],
            "basis": queries.basis_label(service.get("basis", "")),
            "ods_code": row["ods_code"],
            "practice": row.get("name", row["ods_code"]),
            "sessions": row["allocated"],
            "fair_share": row["fair_share"],
            "difference": round(row["allocated"] - row["fair_share"], 2),
            "why": row.get("reason", ""),
            **agreement,
        }
        for service in scenario.result["services"]
        for row in service.get("practices", [])
    ]

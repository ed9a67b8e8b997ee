"""Requests to practices and their answers."""

from ninja import Router, Schema
from ninja.errors import HttpError

from ..common import NO_TOKEN, NOT_ALLOWED, NOT_YOURS, network_for, responses

router = Router(tags=["coordination"])


class RequestPracticeOut(Schema):
    ods_code: str
    practice: str
    status: str  # waiting, acknowledged, done or cannot
    note: str
    answered_at: str | None  # ISO 8601
    overdue: bool


class RequestOut(Schema):
    id: int
    title: str
    reason: str
    due: str  # ISO date
    sent_at: str
    sent_by: str | None
    practices: list[RequestPracticeOut]


@router.get(
    "/networks/{pcn_code}/requests",
    response=responses(list[RequestOut], NO_TOKEN, NOT_ALLOWED, NOT_YOURS),
)
def requests(request, pcn_code: str):
    """Requests to practices, soonest due first, with each practice's status. Leadership and
    observers read every request; a practice manager the ones sent to their practice."""
    from pcn.coordination import queries as coordination
    from pcn.core.roles import managed_practice_ids

    network = network_for(request, pcn_code)
    user = request.auth
    if user.has_perm("coordination.view_all_requests", network):
        rows = coordination.request_board(network)
    elif user.has_perm("coordination.view_inbox", network):
        rows = coordination.requests_of_practices(network, managed_practice_ids(user, network.pk))
    else:
        raise HttpError(403, "Requests are for leadership, observers and practice managers.")
    return [
        {
            "id": row.request.pk,
            "title": row.request.title,
            "reason": row.request.reason,
            "due": row.request.due.isoformat(),
            "sent_at": row.request.sent_at.isoformat(),
            "sent_by": str(row.request.sent_by) if row.request.sent_by else None,
            "practices": [
                {
                    "ods_code": a.practice.ods_code,
                    "practice": a.practice.name,
                    "status": a.status,
                    "note": a.note,
                    "answered_at": a.answered_at.isoformat() if a.answered_at else None,
                    "overdue": a.is_overdue(row.today),
                }
                for a in row.answers
            ],
        }
        for row in sorted(rows, key=lambda r: (r.request.due, r.request.pk))
    ]

"""The coordination hub: what needs the reader's attention across who does what, requests, meetings and concerns."""

from django.shortcuts import render

from pcn.core.decorators import network_page, require
from pcn.core.roles import managed_practice_ids

from .. import queries
from ..models import Concern


@network_page
def hub(request):
    network, user = request.network, request.user
    require(user, "coordination.view_coordination", network)
    mine = managed_practice_ids(user, network.pk)
    box = queries.inbox(user, network) if mine else None
    board = (
        queries.request_board(network)
        if user.has_perm("coordination.view_all_requests", network)
        else None
    )
    proposal = queries.proposed_matrix(network)
    waiting_on_me = []
    if proposal and mine:
        answered = set(proposal.answers.values_list("practice_id", flat=True))
        waiting_on_me = [p for p in network.practices.filter(pk__in=mine) if p.pk not in answered]
    open_concerns = (
        network.concerns.exclude(status=Concern.Status.ANSWERED).count()
        if user.has_perm("coordination.view_all_concerns", network)
        else None
    )
    return render(
        request,
        "coordination/hub.jinja",
        {
            "inbox": box,
            "board": board,
            "agreed": queries.agreed_matrix(network),
            "proposal": proposal,
            "waiting_on_me": waiting_on_me,
            "my_actions": queries.action_tracker(network, status="outstanding", owner_id=user.pk),
            "open_concerns": open_concerns,
            "announcements": network.announcements.select_related("posted_by")[:3],
            "can_send": user.has_perm("coordination.send_request", network),
            # The concerns page opens to those who raise concerns or read them all (concerns.py).
            "can_open_concerns": open_concerns is not None
            or user.has_perm("coordination.raise_concern", network),
            "page_title": "Coordination",
            "nav": "coordination",
        },
    )

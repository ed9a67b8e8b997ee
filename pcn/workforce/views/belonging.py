"""Who is at risk of isolation and why; whose supervision is overdue."""

from django.shortcuts import render

from pcn.core.decorators import network_page, require

from .. import belonging, queries
from ..identity import my_supervisees
from ..supervision import DUE_SOON_DAYS, overdue_list


@network_page
def belonging_page(request):
    network = request.network
    require(request.user, "workforce.view_belonging", network)
    profiles = belonging.profiles(network, role_names=queries.role_names())
    return render(
        request,
        "workforce/belonging.jinja",
        {
            "at_risk": [p for p in profiles if p.at_risk],
            "summary": belonging.summary(profiles),
            "roles": queries.role_names(),
            "can_edit": request.user.has_perm("workforce.edit_register", network),
            "can_edit_teams": request.user.has_perm("workforce.edit_teams", network),
            "page_title": "Belonging: who is at risk of isolation",
            "nav": "staff",
        },
    )


@network_page
def overdue_supervision(request):
    network = request.network
    require(request.user, "workforce.view_overdue_supervision", network)
    people = belonging.active_people(network)
    everyone = request.user.has_perm("workforce.log_supervision_for_anyone", network)
    if not everyone:
        # A supervisor sees only the people they supervise.
        mine = my_supervisees(request.user, network.pk)
        people = [p for p in people if p.pk in mine]
    return render(
        request,
        "workforce/overdue_supervision.jinja",
        {
            "lists": overdue_list(network, people),
            "due_soon_days": DUE_SOON_DAYS,
            "everyone": everyone,
            "roles": queries.role_names(),
            "page_title": "Supervision due and overdue",
            "nav": "staff" if everyone else "my_work",
        },
    )

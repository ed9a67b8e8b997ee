"""Turnover and length of service: does belonging keep people?"""

from django.shortcuts import render

from pcn.core.decorators import network_page, require

from ..catalogue import role_names
from ..retention import SMALL_GROUP, retention


@network_page
def retention_page(request):
    network = request.network
    require(request.user, "workforce.view_retention", network)
    figures = retention(network, role_names())
    highest = max((r.turnover or 0 for r in figures["by_home"]), default=0)
    return render(
        request,
        "workforce/retention.jinja",
        {
            **figures,
            "highest": highest or 1,
            "small_group": SMALL_GROUP,
            "page_title": "Retention",
            "nav": "staff",
        },
    )

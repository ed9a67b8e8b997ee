"""Starting the register from the NHS PCN workforce file."""

from django.contrib import messages
from django.db.models import Count, Max, Sum
from django.shortcuts import redirect, render
from django.urls import reverse

from pcn.core.decorators import network_page, require
from pcn.reference.models import WorkforceRecord

from ..actions.nhs_import import draft_register_from_nhs, role_map
from ..catalogue import role_names


@network_page
def from_nhs(request):
    network = request.network
    require(request.user, "workforce.edit_register", network)
    if request.method == "POST":
        result = draft_register_from_nhs(network=network, by=request.user)
        if result.census_date is None:
            messages.error(
                request, "No NHS workforce file is loaded, so there is nothing to draft."
            )
            return redirect("workforce:from_nhs")
        messages.info(
            request,
            f"{len(result.created)} draft records added from the NHS file of "
            f"{result.census_date:%d %B %Y}; {result.already_in_register} were already in the "
            f"register; {len(result.unmapped)} of the new ones have a role outside the catalogue.",
        )
        return redirect(reverse("workforce:register") + "?status=draft")

    census = WorkforceRecord.objects.aggregate(latest=Max("census_date"))["latest"]
    mapping = role_map()
    names = role_names()
    records = (
        WorkforceRecord.objects.filter(census_date=census, pcn_code=network.pcn_code)
        .values("staff_role", "detailed_role")
        .annotate(count=Count("pk"), fte=Sum("fte"))
        .order_by("staff_role", "detailed_role")
    )
    by_role = [
        {**row, "catalogue": names.get(mapping.get((row["staff_role"], row["detailed_role"]), ""))}
        for row in records
    ]
    return render(
        request,
        "workforce/from_nhs.jinja",
        {
            "census": census,
            "by_role": by_role,
            "total": sum(r["count"] for r in by_role),
            "in_register": network.staff.exclude(nhs_role="").count(),
            "unmapped": network.staff.filter(role_code="")
            .exclude(nhs_role="")
            .order_by("nhs_role", "pk"),
            "page_title": "Start the register from the NHS workforce file",
            "nav": "staff",
        },
    )

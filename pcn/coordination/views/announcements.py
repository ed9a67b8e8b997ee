"""Announcements to everyone in the network."""

from django.contrib import messages
from django.shortcuts import redirect, render

from pcn.core.actions import ActionRefused
from pcn.core.decorators import network_page, require
from pcn.core.refusals import show_on

from .. import actions
from ..forms import (
    AnnouncementForm,
)


@network_page
def announcements(request):
    network = request.network
    require(request.user, "coordination.view_coordination", network)
    form = AnnouncementForm(data=request.POST or None)
    if request.method == "POST":
        require(request.user, "coordination.announce", network)
        if form.is_valid():
            try:
                actions.announcements.announce(
                    network=network,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    by=request.user,
                )
            except ActionRefused as refusal:
                show_on(form, refusal)
            else:
                messages.info(request, "Announced: everyone sees it on the overview.")
                return redirect("coordination:announcements")
    return render(
        request,
        "coordination/announcements.jinja",
        {
            "announcements": network.announcements.select_related("posted_by"),
            "form": form,
            "can_announce": request.user.has_perm("coordination.announce", network),
            "page_title": "Announcements",
            "nav": "coordination",
        },
    )

"""Concerns raised with the PCN manager, and their responses."""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render

from pcn.core.actions import ActionRefused
from pcn.core.decorators import network_page, require
from pcn.core.refusals import show_on

from .. import actions, anonymity
from ..forms import (
    ConcernAgendaForm,
    ConcernForm,
    ConcernResponseForm,
)
from ..models import Concern


@network_page
def concerns(request):
    network, user = request.network, request.user
    sees_all = user.has_perm("coordination.view_all_concerns", network)
    can_raise = user.has_perm("coordination.raise_concern", network)
    if not (sees_all or can_raise):
        require(user, "coordination.raise_concern", network)
    form = ConcernForm(data=request.POST or None)
    if request.method == "POST":
        require(user, "coordination.raise_concern", network)
        if form.is_valid():
            try:
                concern = actions.concerns.raise_concern(
                    network=network,
                    subject=form.cleaned_data["subject"],
                    detail=form.cleaned_data["detail"],
                    anonymous=form.cleaned_data["anonymous"],
                    by=user,
                )
            except ActionRefused as refusal:
                show_on(form, refusal)
            else:
                if concern.anonymous:
                    messages.info(
                        request,
                        "Your concern is with the PCN manager, without your name. Only you see "
                        "that you raised it; its response will appear here.",
                    )
                    return redirect("coordination:concerns")
                messages.info(request, "Your concern is with the PCN manager, who will respond.")
                return redirect("coordination:concern", concern.pk)
    listed = network.concerns.select_related("raised_by")
    mine = set(anonymity.mine(user, network.concerns.all()))
    if not sees_all:
        listed = listed.filter(Q(raised_by=user, anonymous=False) | Q(pk__in=mine))
    return render(
        request,
        "coordination/concerns.jinja",
        {
            "concerns": listed,
            "mine": mine,
            "sees_all": sees_all,
            "can_raise": can_raise,
            "form": form,
            "page_title": "Concerns",
            "nav": "coordination",
        },
    )


@network_page
def concern(request, concern_id):
    item = get_object_or_404(request.network.concerns, pk=concern_id)
    require(request.user, "coordination.view_concern", item)
    can_respond = request.user.has_perm("coordination.respond_concern", item)
    upcoming = request.network.meetings.order_by("-held_on")[:10]
    response_form = ConcernResponseForm(data=request.POST if "response" in request.POST else None)
    agenda_form = ConcernAgendaForm(
        data=request.POST if "meeting" in request.POST else None, meetings=upcoming
    )
    if request.method == "POST":
        require(request.user, "coordination.respond_concern", item)
        try:
            if response_form.is_bound and response_form.is_valid():
                actions.concerns.respond_to_concern(
                    concern=item, response=response_form.cleaned_data["response"], by=request.user
                )
                messages.info(request, "Response recorded; whoever raised it sees it here.")
                return redirect("coordination:concern", item.pk)
            if agenda_form.is_bound and agenda_form.is_valid():
                chosen = agenda_form.meetings[agenda_form.cleaned_data["meeting"]]
                actions.concerns.put_concern_on_agenda(
                    concern=item, meeting=chosen, by=request.user
                )
                messages.info(request, f"Added to the agenda of {chosen}.")
                return redirect("coordination:concern", item.pk)
        except ActionRefused as refusal:
            show_on(response_form if response_form.is_bound else agenda_form, refusal)
    return render(
        request,
        "coordination/concern.jinja",
        {
            "concern": item,
            "mine": item.anonymous and anonymity.is_raiser(request.user, item),
            "agenda_items": item.agenda_items.select_related("meeting"),
            "can_respond": can_respond and item.status != Concern.Status.ANSWERED,
            "response_form": response_form,
            "agenda_form": agenda_form,
            "page_title": item.subject,
            "nav": "coordination",
        },
    )

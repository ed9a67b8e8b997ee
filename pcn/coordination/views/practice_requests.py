"""Requests to practices: the list, sending one, and answering it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from pcn.core.actions import ActionRefused
from pcn.core.decorators import network_page, require
from pcn.core.refusals import show_on
from pcn.core.roles import managed_practice_ids
from pcn.core.versioning import StaleEdit

from .. import actions, queries
from ..forms import (
    RequestAnswerForm,
    RequestForm,
)


@network_page
def requests_page(request):
    network, user = request.network, request.user
    sees_all = user.has_perm("coordination.view_all_requests", network)
    if not sees_all:
        require(user, "coordination.view_inbox", network)
    return render(
        request,
        "coordination/requests.jinja",
        {
            "board": queries.request_board(network) if sees_all else None,
            "inbox": None if sees_all else queries.inbox(user, network),
            "can_send": user.has_perm("coordination.send_request", network),
            "page_title": "Requests to practices" if sees_all else "What is asked of your practice",
            "nav": "coordination",
        },
    )


@network_page
def send_request(request):
    network = request.network
    require(request.user, "coordination.send_request", network)
    practices = list(network.practices.all())
    form = RequestForm(
        data=request.POST or None,
        practices=practices,
        initial={"practices": [str(p.pk) for p in practices]},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sent = actions.practice_requests.send_request(
                network=network,
                title=data["title"],
                reason=data["reason"],
                due=data["due"],
                practices=form.chosen_practices(),
                by=request.user,
            )
        except ActionRefused as refusal:
            show_on(form, refusal)
        else:
            messages.info(
                request,
                f"Sent to {sent.answers.count()} practices. Their answers appear here as they come.",
            )
            return redirect("coordination:request", sent.pk)
    return render(
        request,
        "coordination/request_new.jinja",
        {"form": form, "page_title": "Send a request to practices", "nav": "coordination"},
    )


def _request(request, request_id):
    practice_request = get_object_or_404(request.network.practice_requests, pk=request_id)
    require(request.user, "coordination.view_request", practice_request)
    return practice_request


def _answer_forms(row, user):
    mine = managed_practice_ids(user, row.request.network_id)
    return [
        (
            answer,
            RequestAnswerForm(
                initial={
                    "practice": answer.practice_id,
                    "version": answer.version,
                    "status": answer.status if answer.status != answer.Status.WAITING else "",
                    "note": answer.note,
                },
                auto_id=f"id_{answer.practice.ods_code}_%s",
            ),
        )
        for answer in row.answers
        if answer.practice_id in mine
    ]


@network_page
def request_detail(request, request_id):
    practice_request = _request(request, request_id)
    row = queries.request_row(practice_request)
    form_pairs = _answer_forms(row, request.user)
    if request.method == "POST":
        form = RequestAnswerForm(data=request.POST)
        if not form.is_valid():
            messages.error(request, "Choose done, acknowledged or cannot do.")
            return redirect("coordination:request", practice_request.pk)
        practice = get_object_or_404(request.network.practices, pk=form.cleaned_data["practice"])
        if not request.user.has_perm("coordination.answer_request", practice):
            raise PermissionDenied
        try:
            actions.practice_requests.answer_request(
                request=practice_request,
                practice=practice,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                version=form.cleaned_data["version"],
                by=request.user,
            )
        except (ActionRefused, StaleEdit) as refusal:
            show_on(form, refusal)
            form_pairs = [(a, form if a.practice_id == practice.pk else f) for a, f in form_pairs]
        else:
            messages.info(request, f"Your answer for {practice.name} is recorded.")
            return redirect("coordination:request", practice_request.pk)
    return render(
        request,
        "coordination/request.jinja",
        {
            "row": row,
            "form_pairs": form_pairs,
            "page_title": practice_request.title,
            "nav": "coordination",
        },
    )

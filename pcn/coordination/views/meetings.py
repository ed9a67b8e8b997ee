"""Meetings: their agendas, the decisions recorded and the actions agreed, and the action tracker."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from pcn.core.actions import ActionRefused
from pcn.core.decorators import network_page, require
from pcn.core.refusals import show_on
from pcn.core.versioning import StaleEdit

from .. import actions, queries
from ..forms import (
    ActionForm,
    ActionStatusForm,
    DecisionForm,
    MeetingForm,
)
from ..models import ActionItem


@network_page
def meetings(request):
    network = request.network
    require(request.user, "coordination.view_meetings", network)
    can_record = request.user.has_perm("coordination.record_meeting", network)
    people = queries.network_people(network)
    form = MeetingForm(data=request.POST or None, people=people)
    if request.method == "POST":
        require(request.user, "coordination.record_meeting", network)
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting = actions.meetings.create_meeting(
                    network=network,
                    kind=data["kind"],
                    title=data["title"],
                    held_on=data["held_on"],
                    agenda=form.agenda_items(),
                    attendees=form.chosen(),
                    by=request.user,
                )
            except ActionRefused as refusal:
                show_on(form, refusal)
            else:
                return redirect("coordination:meeting", meeting.pk)
    return render(
        request,
        "coordination/meetings.jinja",
        {
            "meetings": queries.meetings(network),
            "form": form,
            "can_record": can_record,
            "page_title": "Meetings and decisions",
            "nav": "coordination",
        },
    )


def _meeting(request, meeting_id):
    meeting = get_object_or_404(request.network.meetings, pk=meeting_id)
    require(request.user, "coordination.view_meetings", meeting)
    return meeting


def _meeting_page(request, meeting, decision_form=None, action_form=None):
    network = request.network
    people = queries.network_people(network)
    attendees = list(meeting.attendees.order_by("full_name"))
    return render(
        request,
        "coordination/meeting.jinja",
        {
            "meeting": meeting,
            "attendees": attendees,
            "agenda": meeting.agenda.select_related("concern"),
            "decisions": meeting.decisions.prefetch_related("agreed_by").select_related(
                "recorded_by"
            ),
            "action_items": [
                (item, request.user.has_perm("coordination.update_action", item))
                for item in queries.action_tracker(network, meeting_id=meeting.pk)
            ],
            "statuses": ActionItem.Status.choices,
            "decision_form": decision_form
            or DecisionForm(people=people, initial={"agreed_by": [str(u.pk) for u in attendees]}),
            "action_form": action_form or ActionForm(people=people),
            "can_record": request.user.has_perm("coordination.record_meeting", network),
            "page_title": str(meeting),
            "nav": "coordination",
        },
    )


@network_page
def meeting(request, meeting_id):
    return _meeting_page(request, _meeting(request, meeting_id))


@network_page
@require_POST
def record_decision(request, meeting_id):
    meeting = _meeting(request, meeting_id)
    require(request.user, "coordination.record_meeting", meeting)
    form = DecisionForm(data=request.POST, people=queries.network_people(request.network))
    if form.is_valid():
        try:
            actions.meetings.record_decision(
                meeting=meeting,
                text=form.cleaned_data["text"],
                agreed_by=form.chosen(),
                by=request.user,
            )
        except ActionRefused as refusal:
            show_on(form, refusal)
        else:
            messages.info(request, "Decision recorded.")
            return redirect("coordination:meeting", meeting.pk)
    return _meeting_page(request, meeting, decision_form=form)


@network_page
@require_POST
def add_agenda_item(request, meeting_id):
    meeting = _meeting(request, meeting_id)
    require(request.user, "coordination.record_meeting", meeting)
    try:
        actions.meetings.add_agenda_item(
            meeting=meeting, title=request.POST.get("title", ""), by=request.user
        )
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.info(request, "Added to the agenda.")
    return redirect("coordination:meeting", meeting.pk)


@network_page
@require_POST
def add_action(request, meeting_id):
    meeting = _meeting(request, meeting_id)
    require(request.user, "coordination.record_meeting", meeting)
    form = ActionForm(data=request.POST, people=queries.network_people(request.network))
    if form.is_valid():
        try:
            actions.meetings.add_action(
                network=request.network,
                meeting=meeting,
                description=form.cleaned_data["description"],
                owner=form.owner_user(),
                due=form.cleaned_data["due"],
                by=request.user,
            )
        except ActionRefused as refusal:
            show_on(form, refusal)
        else:
            messages.info(request, "Action added to the tracker.")
            return redirect("coordination:meeting", meeting.pk)
    return _meeting_page(request, meeting, action_form=form)


@network_page
def action_tracker(request):
    network = request.network
    require(request.user, "coordination.view_meetings", network)
    status = request.GET.get("status", "outstanding")
    if status not in ("outstanding", "", *ActionItem.Status.values):
        status = "outstanding"
    mine = request.GET.get("owner") == "me"
    items = queries.action_tracker(
        network, status=status, owner_id=request.user.pk if mine else None
    )
    return render(
        request,
        "coordination/actions.jinja",
        {
            "items": [
                (item, request.user.has_perm("coordination.update_action", item)) for item in items
            ],
            "status": status,
            "mine": mine,
            "statuses": ActionItem.Status.choices,
            "page_title": "Action tracker",
            "nav": "coordination",
        },
    )


@network_page
@require_POST
def update_action(request, action_id):
    item = get_object_or_404(request.network.action_items, pk=action_id)
    require(request.user, "coordination.update_action", item)
    form = ActionStatusForm(data=request.POST)
    if form.is_valid():
        try:
            actions.meetings.update_action(
                item=item,
                status=form.cleaned_data["status"],
                version=form.cleaned_data["version"],
                by=request.user,
            )
        except (ActionRefused, StaleEdit) as refusal:
            messages.error(request, str(refusal))
        else:
            messages.info(
                request, f"“{item.description}” is now {item.get_status_display().lower()}."
            )
    else:
        messages.error(request, "Choose a status.")
    back = request.POST.get("next", "")
    # A path on this site only: redirect() would read any other text ("0") as a view's name.
    if not back.startswith("/") or not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}
    ):
        back = reverse("coordination:actions")
    return redirect(back)

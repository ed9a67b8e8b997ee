"""Coordination pages: meetings with decisions and actions, the action tracker, concerns and
announcements."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from pcn.core.actions import ActionRefused
from pcn.core.decorators import network_page, require
from pcn.core.refusals import show_on
from pcn.core.versioning import StaleEdit

from . import actions, meeting_actions, queries
from .forms import (
    ActionForm,
    ActionStatusForm,
    AnnouncementForm,
    ConcernAgendaForm,
    ConcernForm,
    ConcernResponseForm,
    DecisionForm,
    MeetingForm,
)
from .models import ActionItem, Concern


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
                meeting = meeting_actions.create_meeting(
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
            meeting_actions.record_decision(
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
        meeting_actions.add_agenda_item(
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
            meeting_actions.add_action(
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
            meeting_actions.update_action(
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
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("coordination:actions")
    return redirect(back)


# Concerns --------------------------------------------------------------------------------


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
                concern = meeting_actions.raise_concern(
                    network=network,
                    subject=form.cleaned_data["subject"],
                    detail=form.cleaned_data["detail"],
                    by=user,
                )
            except ActionRefused as refusal:
                show_on(form, refusal)
            else:
                messages.info(request, "Your concern is with the PCN manager, who will respond.")
                return redirect("coordination:concern", concern.pk)
    listed = network.concerns.select_related("raised_by")
    if not sees_all:
        listed = listed.filter(raised_by=user)
    return render(
        request,
        "coordination/concerns.jinja",
        {
            "concerns": listed,
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
                meeting_actions.respond_to_concern(
                    concern=item, response=response_form.cleaned_data["response"], by=request.user
                )
                messages.info(request, "Response recorded; whoever raised it sees it here.")
                return redirect("coordination:concern", item.pk)
            if agenda_form.is_bound and agenda_form.is_valid():
                chosen = agenda_form.meetings[agenda_form.cleaned_data["meeting"]]
                meeting_actions.put_concern_on_agenda(concern=item, meeting=chosen, by=request.user)
                messages.info(request, f"Added to the agenda of {chosen}.")
                return redirect("coordination:concern", item.pk)
        except ActionRefused as refusal:
            show_on(response_form if response_form.is_bound else agenda_form, refusal)
    return render(
        request,
        "coordination/concern.jinja",
        {
            "concern": item,
            "agenda_items": item.agenda_items.select_related("meeting"),
            "can_respond": can_respond and item.status != Concern.Status.ANSWERED,
            "response_form": response_form,
            "agenda_form": agenda_form,
            "page_title": item.subject,
            "nav": "coordination",
        },
    )


# Announcements ---------------------------------------------------------------------------


@network_page
def announcements(request):
    network = request.network
    require(request.user, "coordination.view_coordination", network)
    form = AnnouncementForm(data=request.POST or None)
    if request.method == "POST":
        require(request.user, "coordination.announce", network)
        if form.is_valid():
            try:
                actions.announce(
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

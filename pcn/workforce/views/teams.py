"""The network's teams: the list with "Add a team", and each team's page (members, meeting and
the members' week), where the PCN manager adds and removes members."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from pcn.core.decorators import network_page, require
from pcn.core.refusals import attempt

from .. import teams as team_queries
from ..actions import teams as team_actions
from ..forms import MemberForm, TeamEditForm, TeamForm


def _team(request, team_id):
    return get_object_or_404(request.network.teams, pk=team_id)


@network_page
def teams(request):
    network = request.network
    require(request.user, "workforce.view_register", network)
    form = TeamForm(data=request.POST or None)
    if request.method == "POST":
        require(request.user, "workforce.edit_teams", network)
        if form.is_valid():
            team = attempt(
                form,
                lambda: team_actions.add(network=network, by=request.user, **form.cleaned_data),
            )
            if team:
                messages.info(request, f"The team {team.name} is added. Now add its members.")
                return redirect("workforce:team", team_id=team.pk)
    return render(
        request,
        "workforce/teams.jinja",
        {
            "teams": team_queries.teams_with_members(network),
            "form": form,
            "can_edit": request.user.has_perm("workforce.edit_teams", network),
            "page_title": "Teams",
            "nav": "staff",
        },
    )


def _team_page(request, found, member_form=None, status=200):
    can_edit = request.user.has_perm("workforce.edit_teams", request.network)
    members = team_queries.members(found)
    days, rows = team_queries.team_week(found, members)
    return render(
        request,
        "workforce/team.jinja",
        {
            "team": found,
            "members": members,
            "days": days,
            "rows": rows,
            "at_meeting": team_queries.at_meeting(found, rows),
            "member_form": member_form or (MemberForm(team=found) if can_edit else None),
            "can_edit": can_edit,
            "can_see_people": request.user.has_perm("workforce.view_register", request.network),
            "page_title": found.name,
            "nav": "staff",
        },
        status=status,
    )


@network_page
def team(request, team_id):
    found = _team(request, team_id)
    require(request.user, "workforce.view_team", found)
    return _team_page(request, found)


@network_page
def edit_team(request, team_id):
    found = _team(request, team_id)
    require(request.user, "workforce.edit_teams", request.network)
    form = TeamEditForm(data=request.POST or None, initial=TeamForm.initial_for(found))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if attempt(form, lambda: team_actions.update(team=found, by=request.user, **data)):
            messages.info(request, f"{found.name} is saved.")
            return redirect("workforce:team", team_id=found.pk)
    return render(
        request,
        "workforce/team_form.jinja",
        {
            "team": found,
            "form": form,
            "page_title": f"Change {found.name}",
            "nav": "staff",
        },
    )


@network_page
def add_member(request, team_id):
    found = _team(request, team_id)
    require(request.user, "workforce.edit_teams", request.network)
    if request.method != "POST":
        return redirect("workforce:team", team_id=found.pk)
    form = MemberForm(data=request.POST, team=found)
    if form.is_valid():
        person = form.cleaned_data["person"]
        if attempt(
            form, lambda: team_actions.add_member(team=found, person=person, by=request.user)
        ):
            messages.info(request, f"{person} is added to {found.name}.")
            return redirect("workforce:team", team_id=found.pk)
    return _team_page(request, found, form, status=400)


@network_page
def remove_member(request, team_id, pk):
    found = _team(request, team_id)
    require(request.user, "workforce.edit_teams", request.network)
    person = found.members.filter(pk=pk).first()
    if person is None:
        raise Http404
    if request.method == "POST":
        team_actions.remove_member(team=found, person=person, by=request.user)
        messages.info(request, f"{person} is no longer in {found.name}.")
        return redirect("workforce:team", team_id=found.pk)
    return render(
        request,
        "workforce/team_remove.jinja",
        {
            "team": found,
            "person": person,
            "page_title": f"Remove {person} from {found.name}",
            "nav": "staff",
        },
    )

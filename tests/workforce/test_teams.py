"""Teams that work: picked on the person form, each with its own page where the PCN manager adds
and removes members and sets when and where it meets; people who have left are never offered or
listed as current."""

import re
from datetime import time

import pytest
from django.urls import reverse
from django.utils import timezone

from pcn.core.models import AuditEntry
from pcn.core.refusals import ActionRefused
from pcn.workforce.actions import staff
from pcn.workforce.actions import teams as team_actions
from tests.conftest import signed_in, text


def _team(network, name="Medicines team"):
    return network.teams.get(name=name)


def _leaver(network):
    return network.staff.filter(end_date__lt=timezone.localdate(), is_draft=False).first()


def _outsider(network, team):
    """Someone in post who is not in the team."""
    today = timezone.localdate()
    return (
        network.staff.filter(is_draft=False, end_date__isnull=True)
        .exclude(teams=team)
        .exclude(user__isnull=False)
        .order_by("full_name")
        .first()
    ) or pytest.fail(f"the demo has nobody in post outside {team} on {today}")


def _staff_form(network, **overrides):
    practice = network.practices.order_by("ods_code").first()
    data = {
        "version": "1",
        "full_name": "Rhian Evans",
        "role_code": "clinical-pharmacist",
        "wte": "0.8",
        "employer": "lead_practice",
        "funding": "arrs",
        "home_base": str(practice.pk),
    }
    data.update(overrides)
    return data


# The person form


def test_the_person_form_offers_every_team_as_a_checkbox(demo, as_role):
    page = text(as_role("PCN manager").get(reverse("workforce:person_add")))
    assert "There are no teams yet" not in page
    for team in demo.network.teams.all():
        assert f'value="{team.pk}"' in page and team.name in page


def test_a_person_added_with_teams_is_in_them_and_the_audit_says_so(demo, as_role):
    network = demo.network
    medicines, clinical = _team(network), _team(network, "Clinical team")
    response = as_role("PCN manager").post(
        reverse("workforce:person_add"),
        _staff_form(network, teams=[str(medicines.pk), str(clinical.pk)]),
    )
    assert response.status_code == 302
    person = network.staff.get(full_name="Rhian Evans")
    assert set(person.teams.all()) == {medicines, clinical}
    entry = AuditEntry.objects.get(action="workforce.add_staff", target_id=str(person.pk))
    assert entry.after["teams"] == ["Medicines team", "Clinical team"]


def test_editing_a_person_shows_their_teams_ticked_and_saves_a_change(demo, as_role):
    network = demo.network
    person = _team(network).members.filter(end_date__isnull=True).first()
    client = as_role("PCN manager")
    page = text(client.get(reverse("workforce:person_edit", args=[person.pk])))
    assert re.search(rf'value="{_team(network).pk}"[^>]*checked', page)

    clinical = _team(network, "Clinical team")
    data = _staff_form(
        network,
        version=str(person.version),
        full_name=person.full_name,
        role_code=person.role_code,
        wte=str(person.wte),
        teams=[str(clinical.pk)],
    )
    assert client.post(reverse("workforce:person_edit", args=[person.pk]), data).status_code == 302
    assert list(person.teams.all()) == [clinical]


def test_people_who_have_left_are_never_offered_as_line_manager_or_supervisor(demo, as_role):
    network = demo.network
    leaver = _leaver(network)
    page = text(as_role("PCN manager").get(reverse("workforce:person_add")))
    offered = re.findall(r'<option value="(\d+)"\s*>([^<]*)<', page)
    assert (str(leaver.pk), str(leaver)) not in offered
    in_post = network.staff.filter(end_date__isnull=True, is_draft=False).first()
    assert (str(in_post.pk), str(in_post)) in offered

    response = as_role("PCN manager").post(
        reverse("workforce:person_add"), _staff_form(network, line_manager=str(leaver.pk))
    )
    assert response.status_code == 200
    assert not network.staff.filter(full_name="Rhian Evans").exists()


def test_the_register_refuses_a_leaver_as_a_new_line_manager(demo):
    network = demo.network
    leaver = _leaver(network)
    person = (
        network.staff.filter(is_draft=False, end_date__isnull=True)
        .exclude(line_manager=leaver)
        .first()
    )
    with pytest.raises(ActionRefused, match="not in post") as refused:
        staff.update(
            person=person,
            version=person.version,
            by=demo.user("PCN manager"),
            line_manager=leaver,
        )
    assert refused.value.field == "line_manager"


# The teams page and a team's page


def test_teams_list_only_members_in_post(demo, as_role):
    network = demo.network
    team = _team(network)
    leaver = _leaver(network)
    team.members.add(leaver)
    teams_page = text(as_role("PCN manager").get(reverse("workforce:teams")))
    team_page = text(as_role("PCN manager").get(reverse("workforce:team", args=[team.pk])))
    assert leaver.full_name not in teams_page
    assert leaver.full_name not in team_page.split('id="week"')[0]
    assert str(team.members.filter(end_date__isnull=True).first()) in team_page


def test_the_pcn_manager_adds_a_person_to_a_team_and_it_is_audited(demo, as_role):
    network = demo.network
    team = _team(network)
    newcomer = _outsider(network, team)
    client = as_role("PCN manager")
    page = text(client.get(reverse("workforce:team", args=[team.pk])))
    assert re.search(rf'<option value="{newcomer.pk}"\s*>{re.escape(str(newcomer))}<', page)

    response = client.post(
        reverse("workforce:add_team_member", args=[team.pk]), {"person": str(newcomer.pk)}
    )
    assert response.status_code == 302
    assert team.members.filter(pk=newcomer.pk).exists()
    entry = AuditEntry.objects.get(action="workforce.add_team_member", target_id=str(team.pk))
    assert entry.after == {"member": str(newcomer)}
    assert entry.actor == demo.user("PCN manager")


def test_adding_someone_already_in_the_team_or_nobody_is_refused_on_the_field(demo, as_role):
    network = demo.network
    team = _team(network)
    member = team.members.filter(end_date__isnull=True).first()
    client = as_role("PCN manager")
    for value in (str(member.pk), "", "99999999"):
        response = client.post(
            reverse("workforce:add_team_member", args=[team.pk]), {"person": value}
        )
        assert response.status_code == 400
        assert 'href="#id_person"' in text(response)
    assert not AuditEntry.objects.filter(action="workforce.add_team_member").exists()


def test_a_leaver_cannot_join_a_team(demo):
    network = demo.network
    with pytest.raises(ActionRefused, match="not in post"):
        team_actions.add_member(
            team=_team(network), person=_leaver(network), by=demo.user("PCN manager")
        )


def test_removing_a_member_asks_first_then_removes_them_and_audits_it(demo, as_role):
    network = demo.network
    team = _team(network)
    member = team.members.filter(end_date__isnull=True, user__isnull=True).first()
    client = as_role("PCN manager")
    url = reverse("workforce:remove_team_member", args=[team.pk, member.pk])
    confirm = text(client.get(url))
    assert f"Remove {member} from {team.name}?" in confirm
    assert team.members.filter(pk=member.pk).exists()

    assert client.post(url).status_code == 302
    assert not team.members.filter(pk=member.pk).exists()
    assert member in network.staff.all()  # still in the register
    entry = AuditEntry.objects.get(action="workforce.remove_team_member", target_id=str(team.pk))
    assert entry.before == {"member": str(member)}
    # Someone not in the team has nothing to remove.
    assert client.get(url).status_code == 404


def _meeting(**overrides):
    data = {
        "version": "1",
        "name": "Medicines team",
        "purpose": "Medicines reviews across the network",
        "meets_weekday": "3",
        "meets_at": "14:00",
        "meets_every": "fortnightly",
        "meets_where": "Dingle Park, meeting room 2",
    }
    data.update(overrides)
    return data


def test_the_pcn_manager_sets_when_and_where_a_team_meets(demo, as_role):
    team = _team(demo.network)
    client = as_role("PCN manager")
    response = client.post(
        reverse("workforce:edit_team", args=[team.pk]), _meeting(version=str(team.version))
    )
    assert response.status_code == 302
    team.refresh_from_db()
    assert (team.meets_weekday, team.meets_at, team.meets_every) == (3, time(14), "fortnightly")
    assert team.meets_session == "PM"  # from 13:00 the afternoon session
    assert team.meets_where == "Dingle Park, meeting room 2"
    page = text(client.get(reverse("workforce:team", args=[team.pk])))
    assert "Thursdays at 14:00, every other week, Dingle Park, meeting room 2." in page
    entry = AuditEntry.objects.get(action="workforce.update_team", target_id=str(team.pk))
    assert entry.before["meets_weekday"] == "Wednesday"
    assert entry.after["meets_weekday"] == "Thursday"
    assert (entry.before["meets_at"], entry.after["meets_at"]) == ("13:30", "14:00")


def test_add_a_team_takes_its_meeting_time_too(demo, as_role):
    response = as_role("PCN manager").post(
        reverse("workforce:teams"),
        {**_meeting(name="Frailty team", meets_at="09:15", meets_every="monthly"), "version": ""},
    )
    team = demo.network.teams.get(name="Frailty team")
    assert response.url == reverse("workforce:team", args=[team.pk])
    assert (team.meets_at, team.meets_session, team.meets_every) == (time(9, 15), "AM", "monthly")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"meets_weekday": ""}, "meets_weekday", "To set a meeting, give the day too."),
        ({"meets_at": "", "meets_every": ""}, "meets_at", "give the time and how often too"),
        ({"meets_at": "half one"}, "meets_at", "Enter the time as hours and minutes"),
        ({"meets_at": "22:00"}, "meets_at", "between 07:00 and 20:00"),
        ({"meets_every": "daily"}, "meets_every", "Select a valid choice"),
        ({"meets_weekday": "6"}, "meets_weekday", "Select a valid choice"),
        ({"meets_where": "x" * 201}, "meets_where", "at most 200 characters"),
        ({"name": "Clinical team"}, "name", "There is already a team called Clinical team."),
        ({"name": ""}, "name", "Enter the team's name."),
        ({"version": "1"}, None, "changed"),
    ],
)
def test_a_bad_meeting_or_name_is_refused_on_its_field_and_nothing_saved(
    demo, as_role, overrides, field, message
):
    team = _team(demo.network)
    team.bump_version(team.version)
    team.save()  # version 2 now: a form from version 1 is stale
    data = {**_meeting(version=str(team.version)), **overrides}
    response = as_role("PCN manager").post(reverse("workforce:edit_team", args=[team.pk]), data)
    assert response.status_code == 200
    page = text(response)
    assert message in page
    if field:
        assert f'href="#id_{field}' in page
    team.refresh_from_db()
    assert (team.meets_weekday, team.meets_at) == (2, time(13, 30))
    assert not AuditEntry.objects.filter(action="workforce.update_team").exists()


def test_the_team_page_shows_its_members_week_with_the_meeting_marked(demo, as_role):
    team = _team(demo.network)
    page = text(as_role("PCN manager").get(reverse("workforce:team", args=[team.pk])))
    assert 'data-testid="team-week"' in page
    assert "Wednesday 18 Nov (team meets)" in page
    assert "Usual week — no published rota for this week" in page
    assert "Team meeting" in page
    some_practice = demo.network.practices.order_by("name").first().name
    assert some_practice in page or "Hub or remote" in page


@pytest.mark.parametrize(
    ("role", "view", "edit"),
    [
        ("PCN manager", 200, True),
        ("Clinical director", 200, False),
        ("Practice manager of Dingle Park Practice", 403, False),
        ("Observer", 403, False),
    ],
)
def test_who_may_see_and_change_a_team(demo, role, view, edit):
    team = _team(demo.network)
    client = signed_in(demo.user(role))
    response = client.get(reverse("workforce:team", args=[team.pk]))
    assert response.status_code == view
    if view == 200:
        assert ("Add to the team" in text(response)) is edit
    newcomer = _outsider(demo.network, team)
    for url, data in (
        (reverse("workforce:add_team_member", args=[team.pk]), {"person": str(newcomer.pk)}),
        (reverse("workforce:edit_team", args=[team.pk]), _meeting(version=str(team.version))),
        (reverse("workforce:teams"), _meeting(name="Another team")),
    ):
        response = client.post(url, data)
        status = response.status_code
        problems = re.findall(r'href="#id_\w+">([^<]*)<', text(response))
        assert (status == 302) is edit and (status == 403) is (not edit), (url, problems)


def test_a_member_sees_their_own_teams_page_but_not_anothers(demo):
    network = demo.network
    me = network.staff.get(user=demo.user("Staff member"))
    mine = me.teams.first()
    other = network.teams.exclude(pk=mine.pk).first()
    client = signed_in(demo.user("Staff member"))
    page = client.get(reverse("workforce:team", args=[mine.pk]))
    assert page.status_code == 200 and "Add to the team" not in text(page)
    assert client.get(reverse("workforce:team", args=[other.pk])).status_code == 403
    assert client.get(reverse("workforce:edit_team", args=[mine.pk])).status_code == 403

"""Belonging profiles: each check both ways, the reasons and fixes in plain English, worst first,
and who may see them."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from pcn.workforce import belonging
from pcn.workforce.models import StaffMember, SupervisionSession, Team, WorkingSession
from tests.conftest import signed_in, text
from tests.test_permissions import ROLES

TODAY = timezone.localdate()


@pytest.fixture
def network(db):
    """An empty network with two practices, so each test builds exactly the people it needs."""
    from pcn.core.models import User
    from pcn.networks import actions

    manager = User.objects.create_user(
        email="m@example.nhs.uk", full_name="M", password="x-y-z-1234"
    )
    return actions.set_up(pcn_code="U03864", by=manager)


def person(network, name, **fields):
    fields.setdefault("wte", Decimal("1"))
    fields.setdefault("start_date", TODAY - timedelta(days=400))
    return StaffMember.objects.create(network=network, full_name=name, **fields)


def week(person, *sites):
    """One session per site given, Monday AM onwards."""
    slots = [(d, s) for d in range(5) for s in ("AM", "PM")]
    WorkingSession.objects.bulk_create(
        WorkingSession(staff=person, weekday=d, session=s, practice=site)
        for (d, s), site in zip(slots, sites, strict=False)
    )


def profile_of(network, who):
    return next(p for p in belonging.profiles(network) if p.person.pk == who.pk)


def well_supported(network, name="Anna Settled", role="clinical-pharmacist"):
    """Someone who meets every check: the baseline each test spoils one thing of."""
    home = network.practices.order_by("ods_code").first()
    team = Team.objects.get_or_create(
        network=network, name="Medicines team", defaults={"meets_weekday": 0, "meets_session": "AM"}
    )[0]
    lead = network.staff.filter(full_name="Lead Pharmacist").first() or person(
        network, "Lead Pharmacist", role_code=role, home_practice=home
    )
    lead.teams.add(team)
    someone = person(
        network,
        name,
        role_code=role,
        home_practice=home,
        line_manager=lead,
        supervisor=lead,
    )
    someone.teams.add(team)
    week(someone, home, home, home)
    SupervisionSession.objects.create(
        staff=someone, supervisor=lead, date=TODAY - timedelta(days=5), kind="clinical"
    )
    return someone


def test_someone_with_a_home_team_supervisor_and_settled_week_belongs(network):
    profile = profile_of(network, well_supported(network))
    assert profile.concerns == [] and not profile.at_risk
    assert all(passed for _, passed in profile.checks)


def test_no_home_base_is_a_reason_with_its_fix(network):
    someone = well_supported(network)
    someone.home_practice = None
    someone.save()
    profile = profile_of(network, someone)
    assert profile.reasons == ["No home base"]
    assert profile.concerns[0].fix == "Set a home practice or the network team."

    someone.home_is_network_team = True
    someone.save()
    assert profile_of(network, someone).reasons == []


def test_no_line_manager_and_no_supervisor(network):
    someone = well_supported(network)
    someone.line_manager = someone.supervisor = None
    someone.save()
    assert set(profile_of(network, someone).reasons) == {
        "No line manager",
        "No clinical supervisor",
    }

    someone.external_supervisor = "Dr Lee, Mersey Care"
    someone.save()
    assert profile_of(network, someone).reasons == ["No line manager"]


def test_the_only_person_in_a_role_with_no_team(network):
    someone = person(network, "Cara Coord", role_code="care-coordinator")
    assert "The only care co-ordinator, no team" in profile_of(network, someone).reasons

    person(network, "Second Coord", role_code="care-coordinator")
    assert "Not in any team" in profile_of(network, someone).reasons


def test_a_team_of_one_has_no_peers_until_someone_else_in_post_joins(network):
    someone = person(network, "Solo Worker", role_code="health-and-wellbeing-coach")
    team = Team.objects.create(network=network, name="Wellbeing team")
    someone.teams.add(team)
    left = person(network, "Gone Already", end_date=TODAY - timedelta(days=1))
    left.teams.add(team)
    assert "Nobody else in Wellbeing team" in profile_of(network, someone).reasons

    person(network, "New Peer").teams.add(team)
    assert not any(r.startswith("Nobody else") for r in profile_of(network, someone).reasons)


def test_a_week_over_more_than_two_sites(network):
    someone = well_supported(network)
    someone.usual_week.all().delete()
    a, b, c = network.practices.order_by("ods_code")[:3]
    week(someone, a, b, c, None)
    profile = profile_of(network, someone)
    assert profile.sites == 4
    concern = next(c for c in profile.concerns if c.reason == "Works at 4 sites")
    assert concern.weight == 3
    # Which week it counted, and its places, are named with the fix.
    assert concern.fix == (
        "Bring their week down to 1 or 2 sites. Usual week — no published rota for this week: "
        f"{', '.join(sorted([a.name, b.name, c.name]))}, Hub or remote."
    )

    someone.usual_week.exclude(practice=a).delete()
    week_two = profile_of(network, someone)
    assert week_two.sites == 1 and not any(r.startswith("Works at") for r in week_two.reasons)


def test_no_usual_week_is_a_reason(network):
    someone = well_supported(network)
    someone.usual_week.all().delete()
    assert "No usual week recorded" in profile_of(network, someone).reasons


def test_overdue_supervision_counts_only_where_the_role_has_a_cadence(network):
    pharmacist = well_supported(network)  # clinical pharmacists: monthly (FACTS.md, S38)
    pharmacist.supervision.update(date=TODAY - timedelta(days=45))
    assert "Supervision overdue by 15 days" in profile_of(network, pharmacist).reasons

    coordinator = well_supported(network, "Cora Coord", role="care-coordinator")
    coordinator.supervision.update(date=TODAY - timedelta(days=400))
    profile = profile_of(network, coordinator)
    assert not any("upervis" in r for r in profile.reasons)
    assert not profile.supervision.cadence_known


def test_regular_time_with_the_team_needs_its_meeting_session(network):
    someone = well_supported(network)
    team = someone.teams.get()
    team.meets_weekday, team.meets_session = 3, "PM"
    team.save()
    assert (
        "Not working when Medicines team meets (Thursday afternoon)"
        in profile_of(network, someone).reasons
    )

    team.meets_weekday = None
    team.meets_session = ""
    team.save()
    assert "Their team has no regular meeting time" in profile_of(network, someone).reasons


def test_worst_first_and_the_summary(network):
    fine = well_supported(network)
    lonely = person(network, "Lonely Worker", role_code="care-coordinator")
    a, b, c = network.practices.order_by("ods_code")[:3]
    week(lonely, a, b, c)
    middling = well_supported(network, "Middling Person")
    middling.home_practice = None
    middling.save()

    profiles = [p for p in belonging.profiles(network) if p.at_risk]
    order = [p.person for p in profiles]
    assert [p.score for p in profiles] == sorted((p.score for p in profiles), reverse=True)
    assert order.index(lonely) < order.index(middling)
    assert fine not in order
    assert profile_of(network, lonely).severity == "High"
    assert profile_of(network, middling).severity == "Medium"
    summary = belonging.summary(belonging.profiles(network))
    assert summary["at_risk"] == len(profiles)
    assert ("No home base", 2) in summary["commonest"]


def test_drafts_and_leavers_are_not_profiled(network):
    draft = person(network, "", is_draft=True)
    left = person(network, "Left Person", end_date=TODAY - timedelta(days=3))
    people = {p.person.pk for p in belonging.profiles(network)}
    assert draft.pk not in people and left.pk not in people


# Pages


@pytest.mark.parametrize("role", ROLES)
def test_only_leadership_sees_who_is_at_risk(demo, role):
    response = signed_in(demo.user(role)).get(reverse("workforce:belonging"))
    assert response.status_code == (200 if role in {"PCN manager", "Clinical director"} else 403)


def test_the_belonging_page_lists_people_at_risk_worst_first_with_reasons(demo, as_role):
    response = as_role("PCN manager").get(reverse("workforce:belonging"))
    at_risk = response.context["at_risk"]
    assert at_risk, "the demo register has people at risk"
    assert [p.score for p in at_risk] == sorted((p.score for p in at_risk), reverse=True)
    page = text(response)
    worst = at_risk[0]
    assert worst.person.full_name in page
    for concern in worst.concerns:
        assert concern.reason in page and concern.fix in page
    assert f"<strong>{len(at_risk)}</strong>" in page


def test_the_person_page_shows_their_profile(demo, as_role):
    someone = demo.network.staff.filter(is_draft=False, end_date__isnull=True).first()
    page = text(as_role("PCN manager").get(reverse("workforce:person", args=[someone.pk])))
    assert "Belonging" in page and "Home base set" in page
    assert "Next supervision" in page


def test_the_hub_or_remote_counts_as_one_site(network):
    someone = well_supported(network)
    someone.usual_week.all().delete()
    a, b = network.practices.order_by("ods_code")[:2]
    week(someone, a, None, None, a)
    profile = profile_of(network, someone)
    assert profile.sites == 2 and not any(r.startswith("Works at") for r in profile.reasons)

    someone.usual_week.all().delete()
    week(someone, a, b, None)
    assert "Works at 3 sites" in profile_of(network, someone).reasons


def test_more_sites_weigh_more(network):
    a, b, c = network.practices.order_by("ods_code")[:3]
    three = well_supported(network, "Three Sites")
    three.usual_week.all().delete()
    week(three, a, b, c)
    four = well_supported(network, "Four Sites")
    four.usual_week.all().delete()
    week(four, a, b, c, None)
    assert profile_of(network, four).score > profile_of(network, three).score
    order = [p.person for p in belonging.profiles(network)]
    assert order.index(four) < order.index(three)


def test_never_supervised_counts_once_the_first_session_is_due(network):
    someone = well_supported(network)
    someone.supervision.all().delete()
    assert "Never supervised" in profile_of(network, someone).reasons

    someone.start_date = TODAY - timedelta(days=10)  # pharmacists: first due after 30 days
    someone.save()
    assert profile_of(network, someone).reasons == []


def test_the_whole_network_in_a_fixed_number_of_queries(network, django_assert_max_num_queries):
    for n in range(3):
        well_supported(network, f"Person {n}")
    with django_assert_max_num_queries(10) as small:
        belonging.profiles(network, role_names={})
    for n in range(3, 30):
        well_supported(network, f"Person {n}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(belonging.profiles(network, role_names={})) == 31  # and the lead


def test_the_page_summary_counts_and_names_the_commonest_reasons(network):
    from pcn.core.models import Role

    well_supported(network)
    for name in ("No Home One", "No Home Two"):
        someone = well_supported(network, name)
        someone.home_practice = None
        someone.save()
    manager = network.memberships.get(role=Role.PCN_MANAGER).user
    response = signed_in(manager).get(reverse("workforce:belonging"))
    page = text(response)
    # The lead has no week, line manager or supervisor: at risk too.
    assert "Of 4 people in post, <strong>3</strong> have at least one reason" in page
    assert "No home base: 2 people" in page
    for someone in StaffMember.objects.filter(full_name__startswith="No Home"):
        assert reverse("workforce:person", args=[someone.pk]) in page
        assert reverse("workforce:person_edit", args=[someone.pk]) in page
    assert "Anna Settled" not in page  # belongs: not listed


def test_nobody_at_risk_says_so(network):
    from pcn.core.models import Role

    someone = well_supported(network)
    lead = network.staff.get(full_name="Lead Pharmacist")
    assert profile_of(network, lead).at_risk
    lead.line_manager = someone
    lead.external_supervisor = "Dr Patel, GP clinical supervisor"
    lead.save()
    week(lead, lead.home_practice)
    SupervisionSession.objects.create(staff=lead, date=TODAY, kind="clinical")
    assert not any(p.at_risk for p in belonging.profiles(network))

    manager = network.memberships.get(role=Role.PCN_MANAGER).user
    page = text(signed_in(manager).get(reverse("workforce:belonging")))
    assert "Of 2 people in post, <strong>0</strong> have" in page
    assert "Nobody in post is at risk" in page


def test_the_clinical_director_sees_the_list_but_no_edit_links(demo, as_role):
    page = text(as_role("Clinical director").get(reverse("workforce:belonging")))
    assert "/edit/" not in page and "Worst first" in page


def test_the_belonging_page_shows_only_this_networks_people(demo, other_demo):
    response = signed_in(demo.user("PCN manager")).get(reverse("workforce:belonging"))
    shown = {p.person.pk for p in response.context["at_risk"]}
    assert shown and shown <= set(demo.network.staff.values_list("pk", flat=True))
    assert response.context["summary"]["people"] == len(belonging.active_people(demo.network))


def test_the_register_links_to_belonging_for_leadership(demo, as_role):
    url = reverse("workforce:belonging")
    assert f'href="{url}"' in text(as_role("PCN manager").get(reverse("workforce:register")))


def test_the_person_page_shows_what_would_help(demo, as_role):
    someone = (
        demo.network.staff.filter(is_draft=False, end_date__isnull=True).order_by("pk").first()
    )
    someone.home_practice = None
    someone.home_is_network_team = False
    someone.save()
    page = text(as_role("PCN manager").get(reverse("workforce:person", args=[someone.pk])))
    assert "No home base. Set a home practice or the network team." in page
    assert "risk of isolation" in page


def test_a_staff_member_sees_their_own_profile(demo, as_role):
    me = demo.network.staff.get(user=demo.user("Staff member"))
    page = text(as_role("Staff member").get(reverse("workforce:person", args=[me.pk])))
    assert 'data-testid="belonging-checks"' in page

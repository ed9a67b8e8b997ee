"""Who sees and changes the staff register: every role against every register page, refusals
included. Staff see their own record and their team's names; practice managers see who works at
their practice and when; supervisors see their supervisees; leadership sees everyone."""

import pytest
from django.urls import reverse
from django.utils import timezone

from pcn.workforce.actions import staff
from pcn.workforce.models import SupervisionSession
from tests.conftest import signed_in, text
from tests.test_permissions import DINGLE, ROLES

LEADERS = {"PCN manager", "Clinical director"}
MANAGER = {"PCN manager"}
DINGLE_MANAGER = "Practice manager of Dingle Park Practice"


@pytest.fixture
def people(demo):
    """The signed-in staff member's own record, and someone they neither are nor supervise."""
    me = demo.network.staff.get(user=demo.user("Staff member"))
    stranger = (
        demo.network.staff.filter(is_draft=False)
        .exclude(pk=me.pk)
        .exclude(supervisor=me)
        .order_by("pk")
        .first()
    )
    return me, stranger


def _pages(me, stranger):
    """page -> roles that get 200; every other signed-in role gets 403."""
    return {
        ("workforce:register", ()): LEADERS,
        ("workforce:teams", ()): LEADERS,
        ("workforce:leave_requests", ()): MANAGER,
        ("workforce:person", (stranger.pk,)): LEADERS,
        ("workforce:person", (me.pk,)): LEADERS | {"Staff member"},
        ("workforce:person_add", ()): MANAGER,
        ("workforce:person_edit", (stranger.pk,)): MANAGER,
        ("workforce:person_edit", (me.pk,)): MANAGER,
        ("workforce:usual_week", (stranger.pk,)): MANAGER,
        ("workforce:record_leaver", (stranger.pk,)): MANAGER,
        ("workforce:record_leave", (stranger.pk,)): MANAGER,
        ("workforce:record_leave", (me.pk,)): MANAGER | {"Staff member"},
        ("workforce:log_supervision", (stranger.pk,)): MANAGER,
        ("home:my_work", ()): {"Staff member"},
        ("workforce:practice_staff", (DINGLE,)): LEADERS | {DINGLE_MANAGER},
    }


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_exactly_its_register_pages(demo, people, role):
    client = signed_in(demo.user(role))
    for (name, args), allowed in _pages(*people).items():
        status = client.get(reverse(name, args=args)).status_code
        expected = 200 if role in allowed else 403
        assert status == expected, f"{role} on {name}{args}: {status}, expected {expected}"


def test_signed_out_visitors_are_sent_to_sign_in(demo, client, people):
    for name, args in _pages(*people):
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302 and "sign-in" in response.url, name


@pytest.mark.parametrize("role", [r for r in ROLES if r != "PCN manager"])
def test_only_the_pcn_manager_changes_a_person(demo, people, role):
    _, stranger = people
    before = (stranger.full_name, stranger.version)
    response = signed_in(demo.user(role)).post(
        reverse("workforce:person_edit", args=[stranger.pk]),
        {"version": stranger.version, "full_name": "Changed", "wte": "1"},
    )
    stranger.refresh_from_db()
    assert response.status_code == 403
    assert (stranger.full_name, stranger.version) == before


@pytest.mark.parametrize("role", [r for r in ROLES if r != "PCN manager"])
def test_only_the_pcn_manager_adds_teams_and_decides_leave(demo, role):
    client = signed_in(demo.user(role))
    assert client.post(reverse("workforce:teams"), {"name": "Sneaky team"}).status_code == 403
    assert not demo.network.teams.filter(name="Sneaky team").exists()
    leave = demo.network.staff.first().leave.create(
        kind="annual", start=timezone.localdate(), end=timezone.localdate()
    )
    response = client.post(
        reverse("workforce:decide_leave", args=[leave.pk]), {"decision": "approve"}
    )
    leave.refresh_from_db()
    assert response.status_code == 403 and leave.status == "requested"


def test_a_supervisor_sees_and_logs_for_their_supervisees_only(demo, people):
    me, stranger = people
    supervisee = demo.network.staff.filter(is_draft=False).exclude(pk=me.pk).last()
    staff.update(
        person=supervisee, version=supervisee.version, by=demo.user("PCN manager"), supervisor=me
    )
    client = signed_in(demo.user("Staff member"))

    assert client.get(reverse("workforce:person", args=[supervisee.pk])).status_code == 200
    logged = client.post(
        reverse("workforce:log_supervision", args=[supervisee.pk]),
        {
            "on_day": timezone.localdate().day,
            "on_month": timezone.localdate().month,
            "on_year": timezone.localdate().year,
            "kind": "clinical",
            "note": "Went well",
        },
    )
    assert logged.status_code == 302
    session = SupervisionSession.objects.get(staff=supervisee, note="Went well")
    assert session.supervisor == me
    if stranger.supervisor_id != me.pk:
        assert client.get(reverse("workforce:person", args=[stranger.pk])).status_code == 403


def test_a_practice_manager_sees_who_works_at_their_practice_not_supervision_notes(demo):
    practice = demo.network.practices.get(ods_code=DINGLE)
    worker = demo.network.staff.filter(
        usual_week__practice=practice, is_draft=False, end_date__isnull=True
    ).first()
    staff.log_supervision(
        person=worker,
        on=timezone.localdate(),
        kind="clinical",
        supervisor_name="Dr External",
        note="Confidential supervision note",
        by=demo.user("PCN manager"),
    )
    page = text(
        signed_in(demo.user(DINGLE_MANAGER)).get(reverse("workforce:practice_staff", args=[DINGLE]))
    )
    assert worker.full_name in page
    assert "Confidential supervision note" not in page
    assert "supervis" not in page.lower().replace("supervision and", "")


def test_staff_see_their_team_mates_names_in_my_work(demo, people):
    me, _ = people
    page = text(signed_in(demo.user("Staff member")).get(reverse("home:my_work")))
    for team in me.teams.all():
        assert team.name in page
        mates = team.members.exclude(pk=me.pk).filter(is_draft=False)
        for mate in mates.filter(end_date__isnull=True):
            assert mate.full_name in page
        for gone in mates.filter(end_date__lt=timezone.localdate()):
            assert gone.full_name not in page  # leavers are no longer team mates


def test_another_networks_person_is_not_found(demo, other_demo):
    stranger = other_demo.network.staff.first()
    response = signed_in(demo.user("PCN manager")).get(
        reverse("workforce:person", args=[stranger.pk])
    )
    assert response.status_code == 404


def test_the_practice_page_lists_only_people_in_post(demo):
    practice = demo.network.practices.get(ods_code=DINGLE)
    worker = demo.network.staff.filter(
        usual_week__practice=practice, is_draft=False, end_date__isnull=True
    ).first()
    staff.record_leaver(
        person=worker,
        version=worker.version,
        end_date=timezone.localdate() - timezone.timedelta(days=1),
        reason="career",
        by=demo.user("PCN manager"),
    )
    response = signed_in(demo.user(DINGLE_MANAGER)).get(
        reverse("workforce:practice_staff", args=[DINGLE])
    )
    assert worker not in response.context["people"]

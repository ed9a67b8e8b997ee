"""A WTE in sessions a week: a full-time GP works 9 sessions (FACTS §1.4), every other role 10."""

from datetime import date
from decimal import Decimal

from django.urls import reverse

from pcn.allocation.capacity import service_capacity, week_start
from pcn.networks.models import Session
from pcn.workforce.models import StaffMember, WorkingSession
from pcn.workforce.sessions import (
    expected_sessions,
    sessions_per_wte,
    usual_sessions,
    week_against_wte,
    wte_in_sessions,
)
from tests.conftest import text


def test_a_gp_wte_is_nine_sessions_and_every_other_role_ten():
    assert sessions_per_wte("gp") == 9
    assert sessions_per_wte("clinical-pharmacist") == 10
    assert sessions_per_wte("") == 10


def test_a_full_time_gp_expects_9_sessions_and_a_pharmacist_at_0_8_expects_8():
    gp = StaffMember(role_code="gp", wte=Decimal("1.00"))
    pharmacist = StaffMember(role_code="clinical-pharmacist", wte=Decimal("0.80"))
    assert expected_sessions(gp) == 9
    assert expected_sessions(pharmacist) == 8
    assert wte_in_sessions(gp) == "1.0 WTE = 9 sessions a week (a full-time GP works 9, FACTS)"
    assert wte_in_sessions(pharmacist) == "0.8 WTE = 8 sessions a week"


def test_a_usual_week_that_differs_from_the_wte_is_said_plainly():
    gp = StaffMember(role_code="gp", wte=Decimal("1.00"))
    assert week_against_wte(gp, 10) == "Their usual week has 10 sessions: 1 more than their WTE."
    assert week_against_wte(gp, 7) == "Their usual week has 7 sessions: 2 fewer than their WTE."
    assert week_against_wte(gp, 9) == ""
    assert week_against_wte(gp, 0) == ""  # no usual week: the belonging concerns say so


def test_the_demo_gps_usual_weeks_are_9_sessions_a_wte(other_demo):
    gps = list(
        other_demo.network.staff.filter(role_code="gp", is_draft=False).prefetch_related(
            "usual_week"
        )
    )
    assert gps, "the second demo network has salaried GPs"
    # GPs deliver enhanced access: two evenings (0.4 of a session each) and sometimes a Saturday
    # session in place of a day session or two, so a week is its WTE's sessions within one.
    for gp in gps:
        expected = min(10, max(1, round(float(gp.wte) * 9)))
        week = [(s.weekday, s.session) for s in gp.usual_week.all()]
        assert abs(usual_sessions(week) - expected) < 1, gp
    full_time = [gp for gp in gps if gp.wte == 1]
    assert all(8 < usual_sessions((s.weekday, s.session) for s in gp.usual_week.all()) <= 9
               for gp in full_time)  # fmt: skip


def test_the_person_page_gives_the_wte_in_sessions_and_a_week_that_differs(other_demo):
    from tests.conftest import signed_in

    network = other_demo.network
    gp = network.staff.filter(role_code="gp", is_draft=False).first()
    gp.wte = Decimal("1.00")
    gp.save(update_fields=["wte"])
    gp.usual_week.all().delete()
    WorkingSession.objects.bulk_create(
        WorkingSession(staff=gp, weekday=day, session=session, practice=None)
        for day in range(5)
        for session in Session.values
    )
    client = signed_in(other_demo.user("PCN manager"))
    page = text(client.get(reverse("workforce:person", args=[gp.pk])))
    assert "1.0 WTE = 9 sessions a week (a full-time GP works 9, FACTS)" in page
    assert "Their usual week has 10 sessions: 1 more than their WTE." in page
    week_page = text(client.get(reverse("workforce:usual_week", args=[gp.pk])))
    assert "1.0 WTE = 9 sessions a week" in week_page
    assert "1 more than their WTE" in week_page


def test_the_person_page_of_a_pharmacist_at_0_8(demo, as_role):
    person = demo.network.staff.filter(role_code="clinical-pharmacist", is_draft=False).first()
    person.wte = Decimal("0.80")
    person.save(update_fields=["wte"])
    page = text(as_role("PCN manager").get(reverse("workforce:person", args=[person.pk])))
    assert "0.8 WTE = 8 sessions a week" in page
    assert "full-time GP" not in page


def test_allocation_capacity_counts_9_sessions_a_wte_for_a_gp(demo):
    network = demo.network
    services = list(network.services.all())
    gp_services = [s for s in services if "gp" in s.role_codes]
    assert gp_services
    week = week_start(date(2026, 11, 23))
    gp = StaffMember.objects.create(network=network, full_name="Dr Test", role_code="gp", wte=1)
    pharmacist = StaffMember.objects.create(
        network=network, full_name="Test Pharmacist", role_code="clinical-pharmacist", wte=1
    )
    capacity = service_capacity(network, services, {s.pk for s in services}, week)

    def given(person):
        return sum(
            (share for c in capacity.values() for p, share in c.people if p.pk == person.pk),
            Decimal(0),
        )

    assert given(gp) == 9  # no usual week recorded: their WTE's sessions
    if any("clinical-pharmacist" in s.role_codes for s in services):
        assert given(pharmacist) == 10


def test_a_gps_cost_per_session_divides_a_year_of_pay_by_9_sessions_a_week(demo):
    from pcn.money.claims import RoleTerms
    from pcn.money.models import SalaryLine
    from pcn.money.statements import _cost_per_session

    network = demo.network
    gp = StaffMember.objects.create(network=network, full_name="Dr Test", role_code="gp", wte=1)
    SalaryLine.objects.create(
        network=network,
        staff=gp,
        month=date(2026, 10, 1),
        salary=Decimal("7800"),
        employer_ni=Decimal(0),
        employer_pension=Decimal(0),
    )
    cost = _cost_per_session(network, RoleTerms(network), "2026/27")[gp.pk]
    assert cost == Decimal("7800") * 12 / (9 * 52)  # £200 a session, not £180

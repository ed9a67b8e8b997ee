"""Enhanced access in the app: the network's minutes a week from its adjusted population, the
evening and Saturday sessions practices offer, the plan page, the calendar feed, the usual week
and the bank holidays a network works. The clock stays at 18 November 2026, in 2026/27: the
population date is 1 January 2026."""

import json
import math
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from icalendar import Calendar

from pcn.core.models import AuditEntry
from pcn.networks.models import Basis, RoomAvailability
from pcn.networks.populations import network_populations
from pcn.rota import actions, enhanced_access, problems
from pcn.rota.models import Assignment, HolidayWorked, RotaPlan
from pcn.workforce.identity import my_record
from pcn.workforce.models import WorkingSession
from tests import clock
from tests.conftest import signed_in, text
from tests.rota.calendar_links import new_calendar_token

BOXING = date(2026, 12, 28)


def test_the_minutes_a_week_are_60_per_1000_adjusted_population_at_1_january(demo):
    required = enhanced_access.requirement(demo.network, date(2026, 12, 7))
    assert required.as_at == date(2026, 1, 1)
    adjusted = network_populations(demo.network, as_at=date(2026, 1, 1)).totals[Basis.ADJUSTED]
    assert required.population == adjusted > 0
    assert required.minutes == math.ceil(60 * adjusted / 1000)
    assert required.working.startswith(f"60 × {adjusted:,} adjusted population at 1 Jan 2026")
    assert required.working.endswith(f"÷ 1,000 = {required.minutes:,} minutes")
    # A rota in March belongs to 2025/26: the figures at 1 January 2025.
    assert enhanced_access.requirement(demo.network, date(2026, 3, 2)).as_at == date(2025, 1, 1)
    # Each practice's evening and Saturday rooms are what it offers.
    offered = {(o.practice.ods_code, o.weekday, o.session) for o in required.offered}
    rooms = RoomAvailability.objects.filter(
        practice__network=demo.network, session__in=["EVE", "SAT_AM", "SAT_PM"], rooms__gt=0
    )
    assert offered == {(r.practice.ods_code, r.weekday, r.session) for r in rooms} != set()


def test_the_problem_carries_the_duty_evenings_and_saturdays_and_no_enhanced_access_target(demo):
    manager = demo.user("PCN manager")
    plan = actions.create_plan(network=demo.network, start=date(2026, 12, 7), weeks=1, by=manager)
    problem = problems.build(plan)
    required = enhanced_access.requirement(demo.network, plan.start)
    assert problem.enhanced_access.minutes_required_per_week == required.minutes
    assert len(problem.enhanced_access.sessions) == len(required.offered)
    assert {s.name for s in problem.services if s.enhanced} == {"Enhanced access"}
    assert not [t for t in problem.targets if t.service == "Enhanced access"]
    sessions = {slot.session for person in problem.people for slot in person.available}
    assert {"EVE", "SAT_AM"} <= sessions or {"EVE", "SAT_PM"} <= sessions
    # Only those whose usual week has evenings or Saturdays work them.
    usual = {
        str(w.staff_id)
        for w in WorkingSession.objects.filter(
            staff__network=demo.network, session__in=["EVE", "SAT_AM", "SAT_PM"]
        )
    }
    assert {p.id for p in problem.people if any(s.enhanced for s in p.available)} <= usual


def test_solve_rota_prints_the_duty_and_puts_enhanced_access_on_evenings_and_saturdays(
    demo, capsys
):
    call_command(
        "solve_rota", demo.network.pcn_code, "--weeks", "1", "--start", "2026-12-07",
        "--seconds", "4", "--json",
    )  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    duty = data["problem"]["enhanced_access"]
    assert duty["minutes_required_per_week"] > 0 and duty["sessions"]
    enhanced = [a for a in data["rota"] if a["service"] == "Enhanced access"]
    assert enhanced and {a["session"] for a in enhanced} <= {"EVE", "SAT_AM", "SAT_PM"}
    assert not [a for a in data["rota"] if a["session"] == "EVE" and a["service"] not in
                ("Enhanced access", "network")]  # fmt: skip
    parts = {p["rule"]: p for p in data["gap_by_rule"]}
    assert parts["enhanced_access_shortfall"]["bound_part"] > 0  # the shortfall nobody avoids
    assert sum(p["objective_part"] for p in parts.values()) == data["objective"]


def test_the_plan_page_gives_the_weeks_minutes_against_the_duty(demo, as_role):
    manager = demo.user("PCN manager")
    plan = actions.create_plan(network=demo.network, start=date(2026, 12, 7), weeks=1, by=manager)
    required = enhanced_access.requirement(demo.network, plan.start)
    person = demo.network.staff.filter(usual_week__session="EVE").first()
    offered = required.offered[0]
    monday = plan.start
    day = monday + timedelta(days=offered.weekday)
    Assignment.objects.create(
        plan=plan, staff=person, day=day, session=offered.session,
        practice=offered.practice, service="Enhanced access",
    )  # fmt: skip
    body = text(as_role("Clinical director").get(reverse("rota:plan", args=[plan.pk])))
    given = offered.minutes
    assert f"{given:,} of the {required.minutes:,} minutes a week the contract requires: " in body
    assert f"<strong>{required.minutes - given:,} minutes short</strong>" in body
    assert required.working in body
    assert f"{offered.practice.name}: {offered.name}" in body


def test_the_pcn_manager_works_a_bank_holiday_for_a_service_and_it_is_audited(demo, as_role):
    manager = demo.user("PCN manager")
    plan = actions.create_plan(network=demo.network, start=date(2026, 12, 28), weeks=1, by=manager)
    service = demo.network.services.get(name="Enhanced access")
    url = reverse("rota:work_holiday", args=[plan.pk])
    form = {"day": BOXING.isoformat(), "service": service.pk, "reason": "ICB agreed a clinic"}
    assert as_role("Clinical director").post(url, form).status_code == 403
    client = as_role("PCN manager")
    # Not a bank holiday, no reason, a reason too long: refused, nothing saved.
    for bad, message in [
        ({"day": "2026-12-29"}, "Tuesday 29 December 2026 is not a bank holiday in England."),
        ({"reason": ""}, "Say why the network works the bank holiday"),
        ({"reason": "x" * 201}, "Keep the reason to 200 characters."),
        ({"day": "29/12/2026"}, "Choose a bank holiday of this rota and a service."),
    ]:
        page = client.post(url, {**form, **bad}, follow=True)
        assert message in text(page)
    assert not HolidayWorked.objects.exists()
    page = client.post(url, form, follow=True)
    assert "Monday 28 December is worked for Enhanced access" in text(page)
    worked = HolidayWorked.objects.get()
    entry = AuditEntry.objects.get(action="rota.work_holiday")
    assert entry.actor == manager and entry.after["reason"] == "ICB agreed a clinic"
    body = text(client.get(reverse("rota:plan", args=[plan.pk])))
    assert (
        "Boxing Day (observed) (bank holiday) — worked for Enhanced access (ICB agreed a clinic)"
        in body
    )
    # The problem lets those who deliver it work that Monday, for it only.
    problem = problems.build(plan)
    assert problem.holidays_worked == {BOXING: ("Enhanced access",)}
    on_the_day = [p for p in problem.people if any(s.day == BOXING for s in p.available)]
    assert on_the_day and all("Enhanced access" in p.services for p in on_the_day)
    # Worked for enhanced access, the day is worked in its hours only: the evening.
    assert {s.session for p in problem.people for s in p.available if s.day == BOXING} == {"EVE"}
    client.post(reverse("rota:stop_working_holiday", args=[plan.pk, worked.pk]))
    assert not HolidayWorked.objects.exists()
    assert AuditEntry.objects.filter(action="rota.stop_working_holiday").exists()


def test_the_calendar_feed_gives_evening_and_saturday_hours_and_a_worked_holiday(demo):
    manager = demo.user("PCN manager")
    staff_user = demo.user("Staff member")
    me = my_record(staff_user, demo.network.pk)
    plan = actions.create_plan(network=demo.network, start=date(2026, 12, 28), weeks=1, by=manager)
    RotaPlan.objects.filter(pk=plan.pk).update(
        status=RotaPlan.Status.PUBLISHED, published_at=clock.NOW
    )
    service = demo.network.services.get(name="Enhanced access")
    HolidayWorked.objects.create(network=demo.network, day=BOXING, service=service, reason="x")
    for day, session in [
        (BOXING, "EVE"),
        (date(2026, 12, 29), "EVE"),
        (date(2027, 1, 2), "SAT_AM"),
    ]:
        Assignment.objects.create(
            plan=plan, staff=me, day=day, session=session, service="Enhanced access"
        )
    Assignment.objects.create(plan=plan, staff=me, day=BOXING, session="AM", service="network")
    staff = signed_in(staff_user)
    ics = staff.get(reverse("rota:feed", args=[new_calendar_token(staff)]))
    events = sorted(
        (e.decoded("dtstart"), e.decoded("dtend"))
        for e in Calendar.from_ical(ics.content).walk()
        if e.name == "VEVENT"
    )
    hours = [(start.strftime("%a %H:%M"), end.strftime("%H:%M")) for start, end in events]
    # Boxing Day's evening is worked for enhanced access; its morning of network work is not.
    assert hours == [("Mon 18:30", "20:00"), ("Tue 18:30", "20:00"), ("Sat 09:00", "13:00")]


def test_a_usual_week_with_evenings_and_a_saturday_counts_an_evening_as_04(demo, as_role):
    person = demo.network.staff.filter(role_code="clinical-pharmacist", is_draft=False).first()
    client = as_role("PCN manager")
    url = reverse("workforce:usual_week", args=[person.pk])
    page = client.get(url)
    assert "Saturday" in text(page) and "Evening (18:30–20:00)" in text(page)
    form = {"version": person.version}
    for day in range(5):
        form[f"slot_{day}_AM"] = "hub"
    form["slot_1_EVE"] = form["slot_3_EVE"] = "hub"
    form["slot_5_SAT_AM"] = "hub"
    assert client.post(url, form).status_code == 302
    assert sorted(person.usual_week.values_list("weekday", "session")) == sorted(
        [(d, "AM") for d in range(5)] + [(1, "EVE"), (3, "EVE"), (5, "SAT_AM")]
    )
    person.refresh_from_db()
    if person.wte == 1:
        assert "Their usual week has 6.8 sessions: 3.2 fewer than their WTE." in text(
            client.get(reverse("workforce:person", args=[person.pk]))
        )


@pytest.mark.parametrize("field, value", [("rooms_5_SAT_AM", "3"), ("rooms_2_EVE", "2")])
def test_a_practice_offers_an_evening_or_saturday_session_by_giving_rooms(demo, field, value):
    from tests.networks.test_practice import DINGLE, rooms_form

    dingle = demo.network.practices.get(ods_code=DINGLE)
    manager = demo.user("Practice manager of Dingle Park Practice")
    response = signed_in(manager).post(
        reverse("networks:edit_rooms", args=[DINGLE]), rooms_form(dingle, **{field: value})
    )
    assert response.status_code == 302
    _, weekday, session = field.split("_", 2)
    assert RoomAvailability.objects.get(
        practice=dingle, weekday=int(weekday), session=session
    ).rooms == int(value)
    offered = enhanced_access.requirement(demo.network, date(2026, 12, 7)).offered
    assert (dingle.pk, int(weekday), session) in {
        (o.practice.pk, o.weekday, o.session) for o in offered
    }


def test_the_new_rota_form_offers_a_weight_for_every_rule_including_enhanced_access(as_role):
    page = as_role("PCN manager").get(reverse("rota:plans"))
    assert page.status_code == 200
    assert "Each hour a week short of the enhanced access minutes required" in text(page)

"""Bank holidays in the app: England's dates, the problem the app builds, the JSON the command
prints, the plan page and the calendar feed. Christmas 2026 is a Friday; Boxing Day's substitute
is Monday 28 December; New Year's Day 2027 a Friday. The clock stays at 18 November 2026."""

import json
from datetime import date

from django.core.management import call_command
from django.urls import reverse
from icalendar import Calendar

from pcn.core.bank_holidays import bank_holidays
from pcn.rota import actions, problems
from pcn.rota.models import Assignment, RotaPlan
from pcn.workforce.identity import my_record
from tests import clock
from tests.conftest import signed_in, text
from tests.rota.calendar_links import new_calendar_token

CHRISTMAS, BOXING, NEW_YEAR = date(2026, 12, 25), date(2026, 12, 28), date(2027, 1, 1)
HOLIDAYS = {CHRISTMAS, BOXING, NEW_YEAR}


def test_englands_bank_holidays_over_christmas_are_the_three_weekdays():
    found = bank_holidays(date(2026, 12, 14), date(2027, 1, 22))
    assert found == {
        CHRISTMAS: "Christmas Day",
        BOXING: "Boxing Day (observed)",  # Boxing Day itself is a Saturday: not listed
        NEW_YEAR: "New Year's Day",
    }
    assert bank_holidays(date(2026, 11, 16), date(2026, 12, 18)) == {}


def test_the_problem_for_a_christmas_plan_has_nobody_available_on_a_holiday(demo):
    manager = demo.user("PCN manager")
    plan = actions.create_plan(network=demo.network, start=date(2026, 12, 21), weeks=2, by=manager)
    problem = problems.build(plan)
    assert set(problem.holidays) == HOLIDAYS
    assert problem.holiday_names[CHRISTMAS] == "Christmas Day"
    assert [problem.working_days(w) for w in range(2)] == [4, 3]
    assert problem.people and not [
        slot for person in problem.people for slot in (*person.available, *person.leave)
        if slot.day in HOLIDAYS
    ]  # fmt: skip
    assert any(slot.day == date(2026, 12, 24) for p in problem.people for slot in p.available)


def test_solve_rota_over_christmas_puts_nobody_on_a_bank_holiday(demo, capsys):
    call_command(
        "solve_rota", demo.network.pcn_code, "--weeks", "6", "--start", "2026-12-14",
        "--seconds", "5", "--json",
    )  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert data["status"] in ("optimal", "feasible")
    assert data["problem"]["holidays"] == ["2026-12-25", "2026-12-28", "2027-01-01"]
    assert data["rota"]
    assert not [a for a in data["rota"] if date.fromisoformat(a["date"]) in HOLIDAYS]
    # The targets follow the working days: weeks 2 and 3 (21 and 28 December) ask less.
    targets = {
        (t["site"], t["service"]): t["sessions_per_week"] for t in data["problem"]["targets"]
    }
    for practice in data["explanation"]["practices"]:
        for service in practice["services"]:
            agreed = targets.get((practice["site"], service["service"]), 0)
            asked = [w["target"] for w in service["weeks"]]
            expected = [agreed, (2 * agreed * 4 + 5) // 10, (2 * agreed * 3 + 5) // 10]
            assert asked == [*expected, agreed, agreed, agreed]
            if agreed == 5:
                assert asked[1:3] == [4, 3]
            if agreed and asked[1] != agreed:
                assert service["weeks"][1]["note"].endswith("Friday 25 December is a bank holiday")


def test_the_plan_page_names_the_weeks_bank_holidays(demo, as_role):
    manager = demo.user("PCN manager")
    plan = actions.create_plan(network=demo.network, start=date(2026, 12, 21), weeks=2, by=manager)
    client = as_role("PCN manager")
    page = client.get(reverse("rota:plan", args=[plan.pk]))
    assert "Friday 25 December: Christmas Day (bank holiday) — nobody works" in text(page)
    second = text(client.get(reverse("rota:plan", args=[plan.pk]) + "?week=2"))
    assert "Monday 28 December: Boxing Day (observed) (bank holiday) — nobody works" in second
    assert "Friday 1 January: New Year's Day (bank holiday) — nobody works" in second
    printed = text(client.get(reverse("rota:print", args=[plan.pk]) + "?week=1"))
    assert "Christmas Day (bank holiday)" in printed
    ordinary = actions.create_plan(
        network=demo.network, start=date(2026, 11, 30), weeks=1, by=manager
    )
    assert "bank holiday" not in text(client.get(reverse("rota:plan", args=[ordinary.pk])))


def test_the_calendar_feed_never_carries_a_session_on_a_bank_holiday(demo):
    # A rota published with a session on Christmas Day (as one made before holidays were known
    # could be): the feed leaves it out and keeps the day before.
    manager = demo.user("PCN manager")
    staff_user = demo.user("Staff member")
    me = my_record(staff_user, demo.network.pk)
    plan = actions.create_plan(network=demo.network, start=date(2026, 12, 21), weeks=1, by=manager)
    RotaPlan.objects.filter(pk=plan.pk).update(
        status=RotaPlan.Status.PUBLISHED, published_at=clock.NOW
    )
    plan.refresh_from_db()
    for day in (date(2026, 12, 24), CHRISTMAS):
        Assignment.objects.create(plan=plan, staff=me, day=day, session="AM", service="network")
    staff = signed_in(staff_user)
    ics = staff.get(reverse("rota:feed", args=[new_calendar_token(staff)]))
    events = [c for c in Calendar.from_ical(ics.content).walk() if c.name == "VEVENT"]
    days = {event.decoded("dtstart").date() for event in events}
    assert date(2026, 12, 24) in days and CHRISTMAS not in days

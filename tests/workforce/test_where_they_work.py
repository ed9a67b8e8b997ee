"""One truth about where someone works: the published rota for the week when there is one, else
the usual week (without bank holidays), labelled; and every page that says it agrees."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pcn.rota.models import RotaPlan
from pcn.workforce import where_they_work
from pcn.workforce.models import WorkingSession
from tests.conftest import signed_in, text

MONDAY = date(2026, 11, 16)  # the tests' week (clock.TODAY is Wednesday 18 November)
CHRISTMAS_WEEK = date(2026, 12, 21)  # Friday 25 December is a bank holiday


def _published(network, start, rows, *, weeks=1, minutes_ago=0, status=RotaPlan.Status.PUBLISHED):
    """A plan with these (person, day, session, practice or None) rows, published (or not)."""
    plan = RotaPlan.objects.create(
        network=network,
        start=start,
        weeks=weeks,
        status=status,
        published_at=timezone.now() - timedelta(minutes=minutes_ago),
    )
    for person, day, session, practice in rows:
        plan.assignments.create(
            staff=person, day=day, session=session, practice=practice, service="network"
        )
    return plan


def _usual(person, *slots):
    person.usual_week.all().delete()
    WorkingSession.objects.bulk_create(
        WorkingSession(staff=person, weekday=d, session=s, practice=p) for d, s, p in slots
    )


@pytest.fixture
def two(demo):
    """Two people in post with a usual week at the first practice, and the practices."""
    network = demo.network
    practices = list(network.practices.order_by("name"))
    people = list(
        network.staff.filter(is_draft=False, end_date__isnull=True, user__isnull=True).order_by(
            "pk"
        )[:2]
    )
    for person in people:
        _usual(person, (0, "AM", practices[0]), (4, "PM", practices[0]))
    return network, people, practices


def test_with_no_published_rota_the_usual_week_counts_and_says_so(two):
    network, (anna, _), practices = two
    week = where_they_work.week_of_one(anna, MONDAY)
    assert not week.from_rota
    assert week.label == "Usual week — no published rota for this week"
    assert week.places == {(0, "AM"): practices[0], (4, "PM"): practices[0]}


def test_a_published_rota_for_the_week_counts_over_the_usual_week(two):
    network, (anna, ben), practices = two
    _published(
        network,
        MONDAY,
        [(anna, MONDAY, "PM", practices[1]), (anna, MONDAY + timedelta(days=2), "AM", None)],
    )
    weeks = where_they_work.week_of(network, [anna, ben], MONDAY)
    assert weeks[anna.pk].from_rota
    assert weeks[anna.pk].label == "From the published rota for w/c Mon 16 Nov"
    assert weeks[anna.pk].places == {(0, "PM"): practices[1], (2, "AM"): None}
    assert weeks[anna.pk].place_names == [practices[1].name, "Hub or remote"]
    # Ben is not in that rota: his usual week, saying why.
    assert not weeks[ben.pk].from_rota
    assert weeks[ben.pk].label == "Usual week — not in the published rota for w/c Mon 16 Nov"


def test_a_draft_rota_or_one_for_another_week_does_not_count(two):
    network, (anna, _), practices = two
    _published(network, MONDAY, [(anna, MONDAY, "PM", practices[1])], status="draft")
    later = MONDAY + timedelta(days=7)
    _published(network, later, [(anna, later, "PM", practices[1])])
    week = where_they_work.week_of_one(anna, MONDAY)
    assert not week.from_rota and week.places[(0, "AM")] == practices[0]


def test_where_published_rotas_overlap_the_newest_counts(two):
    network, (anna, _), practices = two
    _published(network, MONDAY, [(anna, MONDAY, "AM", practices[1])], minutes_ago=60)
    _published(network, MONDAY, [(anna, MONDAY, "AM", practices[2])], minutes_ago=5)
    assert where_they_work.week_of_one(anna, MONDAY).places == {(0, "AM"): practices[2]}


def test_nobody_works_the_usual_week_on_a_bank_holiday(two):
    network, (anna, _), practices = two
    week = where_they_work.week_of_one(anna, CHRISTMAS_WEEK)
    assert week.holidays == {4: "Christmas Day"}
    assert week.places == {(0, "AM"): practices[0]}  # not Friday afternoon
    assert week.label == "Usual week — no published rota for this week"


def test_a_holiday_worked_in_the_published_rota_still_counts(two):
    network, (anna, _), practices = two
    christmas = CHRISTMAS_WEEK + timedelta(days=4)
    _published(network, CHRISTMAS_WEEK, [(anna, christmas, "AM", practices[3])])
    week = where_they_work.week_of_one(anna, CHRISTMAS_WEEK)
    assert week.from_rota and week.places == {(4, "AM"): practices[3]}


def test_this_week_at_the_weekend_is_the_next_one():
    assert where_they_work.this_week(date(2026, 11, 18)) == MONDAY
    assert where_they_work.this_week(date(2026, 11, 21)) == MONDAY + timedelta(days=7)


def test_the_whole_register_is_answered_in_a_fixed_number_of_queries(
    demo, django_assert_max_num_queries
):
    network = demo.network
    people = list(network.staff.filter(is_draft=False))
    practice = network.practices.first()
    _published(network, MONDAY, [(p, MONDAY, "AM", practice) for p in people[:10]])
    with django_assert_max_num_queries(4):
        weeks = where_they_work.week_of(network, people, MONDAY)
    assert sum(w.from_rota for w in weeks.values()) == 10
    with django_assert_max_num_queries(4):
        where_they_work.week_of(network, people[:3], MONDAY)


# The pages


def test_the_practice_page_links_to_its_staff_page(demo, as_role):
    practice = demo.network.practices.get(ods_code="N82033")
    page = text(
        as_role("Practice manager of Dingle Park").get(
            reverse("networks:practice", args=[practice.ods_code])
        )
    )
    assert reverse("workforce:practice_staff", args=[practice.ods_code]) in page
    # Someone who may not open the staff page is not sent there.
    staff_view = text(
        as_role("Staff member").get(reverse("networks:practice", args=[practice.ods_code]))
    )
    assert reverse("workforce:practice_staff", args=[practice.ods_code]) not in staff_view


def _places(html, testid):
    found = re.search(rf'data-testid="{testid}"[^>]*>[^:]*: ([^<]*)\.<', html)
    return found and found.group(1)


def test_belonging_person_practice_and_my_work_pages_say_the_same_practices(demo):
    """The staff member's week this week is published over three practices and the hub; each
    page says so, and none says their usual week."""
    network = demo.network
    me = network.staff.get(user=demo.user("Staff member"))
    practices = list(network.practices.order_by("name"))
    a, b, c = practices[-3:]
    usual = {w.practice for w in me.usual_week.all()}
    _published(
        network,
        MONDAY,
        [
            (me, MONDAY, "AM", a),
            (me, MONDAY, "PM", b),
            (me, MONDAY + timedelta(days=1), "AM", c),
            (me, MONDAY + timedelta(days=2), "AM", None),
        ],
    )
    expected = f"{a.name}, {b.name}, {c.name}, Hub or remote"
    label = "From the published rota for w/c Mon 16 Nov"
    manager = signed_in(demo.user("PCN manager"))

    belonging = text(manager.get(reverse("workforce:belonging")))
    assert (
        f"Works at 4 sites.</strong> Bring their week down to 1 or 2 sites. {label}: {expected}."
        in belonging
    )

    person = text(manager.get(reverse("workforce:person", args=[me.pk])))
    assert f"{label}." in person
    assert _places(person, "this-week-places") == expected

    my_work = text(signed_in(demo.user("Staff member")).get(reverse("home:my_work")))
    assert f"{label}." in my_work
    assert _places(my_work, "this-week-places") == expected

    for practice in practices:
        page = text(manager.get(reverse("workforce:practice_staff", args=[practice.ods_code])))
        people = page.split('data-testid="practice-people"')[1]
        assert (str(me) in people) is (practice in (a, b, c)), practice.name
        if practice in (a, b, c):
            assert label in people
    # Their usual week elsewhere does not count this week.
    for practice in usual - {a, b, c, None}:
        assert practice.name not in _places(person, "this-week-places")

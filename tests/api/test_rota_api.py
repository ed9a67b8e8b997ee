"""GET /api/networks/{pcn_code}/rota/people and /rota/practices: the rota in force for a week,
as the rota page shows the published plan; withdrawn weeks and drafts left out; a member of
staff reads their own sessions only."""

from datetime import date, timedelta

import pytest

from pcn.rota import actions
from pcn.rota.models import Assignment, RotaPlan, WithdrawnWeeks
from pcn.rota.queries import grid_by_person, grid_by_practice
from pcn.workforce.identity import my_record
from tests import clock
from tests.test_permissions import ROLES

from .calls import api_get, every_item

MONDAY = date(2026, 11, 23)  # the week after the tests' day
PEOPLE, PRACTICES = "networks/U35980/rota/people", "networks/U35980/rota/practices"


def _plan(demo, *, publish=True, only=None):
    """A one-week plan from MONDAY: each person with a home practice there every weekday
    morning and at the hub on Tuesday afternoons (`only`: those people)."""
    manager = demo.user("PCN manager")
    plan = actions.create_plan(network=demo.network, start=MONDAY, weeks=1, by=manager)
    people = only or [p for p in demo.network.staff.filter(is_draft=False) if p.home_practice_id]
    rows = []
    for person in people:
        for offset in range(5):
            rows.append(
                Assignment(
                    plan=plan,
                    staff=person,
                    day=MONDAY + timedelta(days=offset),
                    session="AM",
                    practice_id=person.home_practice_id,
                    service="Structured medication reviews",
                )
            )
        rows.append(
            Assignment(
                plan=plan, staff=person, day=MONDAY + timedelta(days=1), session="PM", service="Hub"
            )
        )
    Assignment.objects.bulk_create(rows)
    if publish:  # published as it stands: these tests are about reading it, not its rules
        RotaPlan.objects.filter(pk=plan.pk).update(
            status=RotaPlan.Status.PUBLISHED, published_at=clock.NOW
        )
        plan.refresh_from_db()
    return plan


@pytest.fixture
def published(demo):
    return _plan(demo)


def test_by_person_is_the_rota_pages_grid(demo, published):
    items = every_item(demo.user("PCN manager"), PEOPLE, week=MONDAY.isoformat())
    grid = grid_by_person(published, 1)
    assert [i["staff_id"] for i in items] == [person.pk for person, _ in grid.rows]
    for item, (person, cells) in zip(items, grid.rows, strict=True):
        assert item["name"] == person.full_name and item["week"] == MONDAY.isoformat()
        on_page = [
            (c.day.isoformat(), c.session, c.practice.ods_code if c.practice else None, c.service)
            for c in cells
            if c
        ]
        assert [
            (s["day"], s["session"], s["ods_code"], s["service"]) for s in item["sessions"]
        ] == (on_page)
    first = items[0]["sessions"]
    assert first[0]["when"] == "Mon 23 Nov, morning"
    assert [s["when"] for s in first[1:3]] == ["Tue 24 Nov, morning", "Tue 24 Nov, afternoon"]
    assert first[2]["practice"] == "Hub or remote" and first[2]["ods_code"] is None


def test_by_practice_is_the_rota_pages_grid(demo, published):
    items = every_item(demo.user("Practice manager of Dingle Park"), PRACTICES, week="2026-11-23")
    grid = grid_by_practice(published, 1)
    assert [i["ods_code"] for i in items] == [p.ods_code if p else None for p, _ in grid.rows]
    for item, (_, cells) in zip(items, grid.rows, strict=True):
        on_page = sorted(
            (a.day.isoformat(), a.session, a.staff_id, a.service) for cell in cells for a in cell
        )
        from_api = sorted(
            (s["day"], s["session"], s["staff_id"], s["service"]) for s in item["sessions"]
        )
        assert from_api == on_page
    assert sum(len(i["sessions"]) for i in items) == published.assignments.count()


def test_a_draft_is_not_the_rota(demo):
    _plan(demo, publish=False)
    body = api_get(demo.user("PCN manager"), PEOPLE, week="2026-11-23").json()
    assert body["count"] == 0 and body["items"] == []


def test_a_week_replaced_by_a_later_rota_is_read_from_the_later_one(demo, published):
    manager = demo.user("PCN manager")
    someone = published.assignments.select_related("staff").first().staff
    later = _plan(demo, only=[someone])
    WithdrawnWeeks.objects.create(
        plan=published, replaced_by=later, start=MONDAY, end=MONDAY + timedelta(days=6)
    )
    items = every_item(manager, PEOPLE, week="2026-11-23")
    assert [i["staff_id"] for i in items] == [someone.pk]
    assert len(items[0]["sessions"]) == later.assignments.count() == 6
    by_practice = every_item(manager, PRACTICES, week="2026-11-23")
    assert sum(len(i["sessions"]) for i in by_practice) == 6


def test_another_week_has_nothing_in_force(demo, published):
    body = api_get(demo.user("PCN manager"), PEOPLE, week="2026-11-30").json()
    assert body["count"] == 0


def test_a_member_of_staff_reads_their_own_sessions_only(demo):
    staff_user = demo.user("Staff member")
    me = my_record(staff_user, demo.network.pk)
    if me.home_practice_id is None:
        me.home_practice = demo.network.practices.first()
        me.save()
    plan = _plan(demo)
    assert plan.assignments.exclude(staff=me).exists()
    items = every_item(staff_user, PEOPLE, week="2026-11-23")
    assert [i["staff_id"] for i in items] == [me.pk]
    assert len(items[0]["sessions"]) == plan.assignments.filter(staff=me).count()
    refused = api_get(staff_user, PRACTICES, week="2026-11-23")
    assert refused.status_code == 403 and "own sessions" in refused.json()["detail"]


@pytest.mark.parametrize("role", ROLES)
def test_who_reads_the_whole_rota(demo, published, role):
    """Everyone who sees published rotas on the rota page reads them all; staff only theirs."""
    everyone = role != "Staff member"
    people = api_get(demo.user(role), PEOPLE, week="2026-11-23").json()
    if everyone:
        assert people["count"] == len({a.staff_id for a in published.assignments.all()})
    else:
        assert people["count"] <= 1
    assert api_get(demo.user(role), PRACTICES, week="2026-11-23").status_code == (
        200 if everyone else 403
    )


def test_no_token_and_another_network(demo, other_demo, published):
    assert api_get(None, PEOPLE).status_code == 401
    assert api_get(demo.user("PCN manager"), "networks/U07032/rota/people").status_code == 404
    assert api_get(demo.user("PCN manager"), PRACTICES, page_size=1000).status_code == 422

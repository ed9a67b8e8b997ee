"""Next supervision due from the role's cadence; the overdue list for the PCN manager and for
supervisors; cadence unknown stays unknown."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from pcn.reference.models import ArrsRole
from pcn.reference.queries import current_financial_year
from pcn.workforce import supervision
from pcn.workforce.actions import staff
from pcn.workforce.models import NetworkRoleFigure, SupervisionSession
from tests.conftest import signed_in, text
from tests.test_permissions import ROLES

TODAY = timezone.localdate()


def _person(demo, name, role, **fields):
    return staff.add(
        network=demo.network,
        by=demo.user("PCN manager"),
        full_name=name,
        role_code=role,
        wte=Decimal("1"),
        start_date=TODAY - timedelta(days=300),
        **fields,
    )


def _supervised(person, days_ago):
    SupervisionSession.objects.create(
        staff=person,
        supervisor_name="Dr Lee",
        date=TODAY - timedelta(days=days_ago),
        kind="clinical",
    )


def test_the_catalogue_gives_pharmacists_a_monthly_cadence_and_most_roles_none(db):
    every = ArrsRole.objects.filter(year=current_financial_year())
    assert every.get(code="clinical-pharmacist").supervision_every_days == 30
    assert every.get(code="care-coordinator").supervision_every_days is None


def test_next_due_is_one_cadence_after_the_last_session(demo):
    pharmacist = _person(demo, "Pat Pharm", "clinical-pharmacist")
    _supervised(pharmacist, 10)
    _supervised(pharmacist, 40)
    due = supervision.due_dates(demo.network, [pharmacist])[pharmacist.pk]
    assert due.last == TODAY - timedelta(days=10)
    assert due.due == TODAY + timedelta(days=20)
    assert not due.is_overdue and due.days_overdue == 0


def test_overdue_by_the_days_past_due(demo):
    pharmacist = _person(demo, "Pat Pharm", "clinical-pharmacist")
    _supervised(pharmacist, 45)
    due = supervision.due_dates(demo.network, [pharmacist])[pharmacist.pk]
    assert due.is_overdue and due.days_overdue == 15


def test_never_supervised_is_due_one_cadence_after_starting(demo):
    pharmacist = _person(demo, "New Starter", "clinical-pharmacist")
    pharmacist.start_date = TODAY - timedelta(days=10)
    due = supervision.due_dates(demo.network, [pharmacist])[pharmacist.pk]
    assert due.never_supervised and due.due == TODAY + timedelta(days=20)


def test_an_unknown_cadence_gives_no_due_date_until_the_network_enters_one(demo):
    coordinator = _person(demo, "Cora Coord", "care-coordinator")
    _supervised(coordinator, 100)
    due = supervision.due_dates(demo.network, [coordinator])[coordinator.pk]
    assert not due.cadence_known and due.due is None and not due.is_overdue

    NetworkRoleFigure.objects.create(
        network=demo.network,
        role=ArrsRole.objects.get(year=current_financial_year(), code="care-coordinator"),
        field=supervision.CADENCE_FIELD,
        value=Decimal("60"),
        source="Our supervision policy, 2026",
    )
    due = supervision.due_dates(demo.network, [coordinator])[coordinator.pk]
    assert due.every_days == 60 and due.days_overdue == 40


def test_the_overdue_list_is_worst_first_and_keeps_unknowns_apart(demo):
    later = _person(demo, "A Later", "clinical-pharmacist")
    _supervised(later, 35)
    worse = _person(demo, "B Worse", "pharmacy-technician")
    _supervised(worse, 90)
    unknown = _person(demo, "C Unknown", "care-coordinator")
    lists = supervision.overdue_list(demo.network, [later, worse, unknown])
    assert [d.person for d in lists.overdue] == [worse, later]
    assert [d.person for d in lists.unknown] == [unknown]


@pytest.mark.parametrize("role", ROLES)
def test_who_may_open_the_overdue_list(demo, role):
    """The PCN manager; a staff member who supervises someone (the demo pharmacist leads the
    medicines team); nobody else."""
    me = demo.network.staff.filter(user=demo.user("Staff member")).first()
    supervises = me is not None and me.supervisees.exists()
    allowed = {"PCN manager"} | ({"Staff member"} if supervises else set())
    response = signed_in(demo.user(role)).get(reverse("workforce:overdue_supervision"))
    assert response.status_code == (200 if role in allowed else 403)


def test_a_supervisor_sees_only_their_supervisees(demo):
    me = demo.network.staff.get(user=demo.user("Staff member"))
    mine = _person(demo, "Mine Overdue", "clinical-pharmacist", supervisor=me)
    _supervised(mine, 60)
    theirs = _person(demo, "Not Mine Overdue", "clinical-pharmacist")
    _supervised(theirs, 60)

    page = text(signed_in(demo.user("Staff member")).get(reverse("workforce:overdue_supervision")))
    assert "Mine Overdue" in page and "Not Mine Overdue" not in page
    manager_page = text(
        signed_in(demo.user("PCN manager")).get(reverse("workforce:overdue_supervision"))
    )
    assert "Mine Overdue" in manager_page and "Not Mine Overdue" in manager_page


def test_my_work_says_when_my_next_supervision_is_due(demo):
    me = demo.network.staff.get(user=demo.user("Staff member"))
    me.supervision.all().delete()
    _supervised(me, 31)
    page = text(signed_in(demo.user("Staff member")).get(reverse("home:my_work")))
    assert "1 day overdue" in page


def test_a_line_management_one_to_one_does_not_count_as_supervision(demo):
    pharmacist = _person(demo, "Pat Pharm", "clinical-pharmacist")
    _supervised(pharmacist, 50)
    SupervisionSession.objects.create(
        staff=pharmacist, supervisor_name="Ops lead", date=TODAY - timedelta(days=2), kind="line"
    )
    due = supervision.due_dates(demo.network, [pharmacist])[pharmacist.pk]
    assert due.last == TODAY - timedelta(days=50) and due.days_overdue == 20


def test_never_supervised_with_no_start_date_is_due_now_not_a_cadence_away(demo):
    pharmacist = _person(demo, "No Start", "clinical-pharmacist")
    pharmacist.start_date = None
    due = supervision.due_dates(demo.network, [pharmacist])[pharmacist.pk]
    assert due.due == TODAY and not due.is_overdue
    assert [d.person for d in supervision.overdue_list(demo.network, [pharmacist]).never] == [
        pharmacist
    ]


def test_the_whole_register_in_a_fixed_number_of_queries(demo, django_assert_num_queries):
    people = list(demo.network.staff.filter(is_draft=False))
    with django_assert_num_queries(3):  # catalogue cadences, network figures, last sessions
        supervision.overdue_list(demo.network, people)


def _overdue_page(user):
    return signed_in(user).get(reverse("workforce:overdue_supervision"))


def test_the_page_lists_the_most_overdue_first_with_a_link_to_log_each(demo):
    demo.network.staff.all().delete()
    a_little = _person(demo, "A Little Late", "clinical-pharmacist")
    _supervised(a_little, 35)
    very = _person(demo, "Very Late", "pharmacy-technician")
    _supervised(very, 120)
    never = _person(demo, "Never Seen", "clinical-pharmacist")  # started 300 days ago
    new = _person(demo, "Just Started", "clinical-pharmacist")
    new.start_date = TODAY - timedelta(days=3)
    new.save()
    unknown = _person(demo, "Cadence Unknown", "care-coordinator")

    response = _overdue_page(demo.user("PCN manager"))
    overdue = response.context["lists"].overdue
    assert [d.person for d in overdue] == [never, very, a_little]
    assert [d.days_overdue for d in overdue] == [270, 90, 5]
    assert [d.person for d in response.context["lists"].never] == [new]
    assert [d.person for d in response.context["lists"].unknown] == [unknown]

    page = text(response)
    assert page.index("Never Seen") < page.index("Very Late") < page.index("A Little Late")
    assert "270 days" in page and "Never" in page
    for person in (never, very, a_little, new, unknown):
        assert reverse("workforce:log_supervision", args=[person.pk]) in page
    unknown_part = page[page.index("No known cadence") :]
    assert "Cadence Unknown" in unknown_part and "Very Late" not in unknown_part
    assert "Enter your network's own cadence" in unknown_part


def test_leavers_and_drafts_are_not_on_the_overdue_list(demo):
    left = _person(demo, "Has Left", "clinical-pharmacist")
    left.end_date = TODAY - timedelta(days=1)
    left.save()
    _supervised(left, 200)
    page = text(_overdue_page(demo.user("PCN manager")))
    assert "Has Left" not in page
    assert not any(
        d.person.is_draft for d in _overdue_page(demo.user("PCN manager")).context["lists"].overdue
    )


def test_a_supervisor_with_nobody_to_supervise_any_more_is_refused(demo):
    me = demo.network.staff.get(user=demo.user("Staff member"))
    me.supervisees.update(supervisor=None)
    assert _overdue_page(demo.user("Staff member")).status_code == 403


def test_the_overdue_list_shows_only_this_networks_people(demo, other_demo):
    theirs = other_demo.network.staff.filter(is_draft=False).exclude(full_name="")
    response = _overdue_page(demo.user("PCN manager"))
    lists = response.context["lists"]
    shown = {d.person.pk for d in lists.overdue + lists.never + lists.unknown}
    assert shown and not shown & set(theirs.values_list("pk", flat=True))
    assert shown <= set(demo.network.staff.values_list("pk", flat=True))


def test_the_person_page_says_next_supervision_is_unknown_when_the_cadence_is(demo):
    coordinator = _person(demo, "Cora Coord", "care-coordinator")
    page = text(
        signed_in(demo.user("PCN manager")).get(reverse("workforce:person", args=[coordinator.pk]))
    )
    assert 'Next supervision: <span class="app-unknown">unknown</span>' in page
    pharmacist = _person(demo, "Pat Pharm", "clinical-pharmacist")
    _supervised(pharmacist, 10)
    page = text(
        signed_in(demo.user("PCN manager")).get(reverse("workforce:person", args=[pharmacist.pk]))
    )
    assert f"Next supervision due by {(TODAY + timedelta(days=20)):%-d %B %Y}" in page


def test_due_in_the_next_two_weeks_is_listed_soonest_first(demo):
    demo.network.staff.all().delete()
    in_ten = _person(demo, "Due In Ten", "clinical-pharmacist")
    _supervised(in_ten, 20)
    in_two = _person(demo, "Due In Two", "clinical-pharmacist")
    _supervised(in_two, 28)
    settled = _person(demo, "Just Seen", "clinical-pharmacist")
    _supervised(settled, 1)
    response = _overdue_page(demo.user("PCN manager"))
    lists = response.context["lists"]
    assert [d.person for d in lists.due_soon] == [in_two, in_ten]
    assert lists.up_to_date == 1 and lists.overdue == []
    page = text(response)
    assert "Due in the next 14 days (2)" in page and "Just Seen" not in page
    assert "0 overdue, 2 due in the next 14 days or never supervised, 1 up to date" in page


def test_a_long_wait_is_also_said_in_months_or_years(demo):
    pharmacist = _person(demo, "Long Wait", "clinical-pharmacist")
    for days_ago, roughly in ((40, None), (120, "about 3 months"), (30 + 800, "about 2 years")):
        pharmacist.supervision.all().delete()
        _supervised(pharmacist, days_ago)
        due = supervision.due_dates(demo.network, [pharmacist])[pharmacist.pk]
        assert due.overdue_roughly == roughly
    page = text(_overdue_page(demo.user("PCN manager")))
    assert "800 days" in page and "about 2 years" in page

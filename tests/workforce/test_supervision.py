"""Next supervision due from the role's cadence; the overdue list for the PCN manager and for
supervisors; cadence unknown stays unknown."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from pcn.reference.models import ArrsRole
from pcn.reference.queries import current_financial_year
from pcn.workforce import actions, supervision
from pcn.workforce.models import NetworkRoleFigure, SupervisionSession
from tests.conftest import signed_in, text
from tests.test_permissions import ROLES

TODAY = timezone.localdate()


def _person(demo, name, role, **fields):
    return actions.add(
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
    page = text(signed_in(demo.user("Staff member")).get(reverse("workforce:my_work")))
    assert "1 day overdue" in page

"""History shows a change only to someone who may open the page that shows the thing changed:
pay to those who read pay, the register to those who read the register, concerns to those who
read every concern, and a pulse answer to no one. What a viewer may not see is left out."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse

from pcn.coordination.actions import concerns
from pcn.core import audit
from pcn.core.models import AuditEntry
from pcn.money import actions as money_actions
from pcn.money.models import SalaryLine
from pcn.workforce.actions import staff as staff_actions
from pcn.workforce.models import LeaverReason, StaffMember
from tests.conftest import signed_in, text

ROLES = [
    "PCN manager",
    "Clinical director",
    "Practice manager of Dingle Park Practice",
    "Staff member",
    "Observer",
]
LEADERSHIP = {"PCN manager", "Clinical director"}
READS_HISTORY = LEADERSHIP | {"Observer"}

SALARY = "31415.92"
SALARY_SHOWN = "£31,415.92"  # as History writes an amount of money
LEAVER_NOTE = "Moving nearer to family in Whitby"
CONCERN = "Rota swaps with no notice"


@pytest.fixture
def changes(demo):
    """A salary line, a leaver's note, a pulse answer and a concern, each written by its action."""
    network = demo.network
    manager = demo.user("PCN manager")
    line = (
        SalaryLine.objects.filter(staff__network=network, vat=0, staff__funding="arrs")
        .exclude(month__in=network.claims.exclude(status="draft").values("month"))
        .select_related("staff")
        .order_by("-month")
        .first()
    )
    saved = money_actions.enter_salary_line(
        network=network,
        staff=line.staff,
        month=line.month,
        salary=Decimal(SALARY),
        employer_ni=line.employer_ni,
        employer_pension=line.employer_pension,
        by=manager,
        version=line.version,
    )
    leaver = network.staff.filter(user__isnull=True, leaver_reason="", is_draft=False).first()
    staff_actions.record_leaver(
        person=leaver,
        version=leaver.version,
        end_date=date(2026, 12, 31),
        reason=LeaverReason.PERSONAL,
        note=LEAVER_NOTE,
        by=manager,
    )
    me = network.staff.get(user=demo.user("Staff member"))
    me.pulse.all().delete()
    staff_actions.answer_pulse(
        person=me,
        month=date(2026, 11, 1),
        belong=2,
        support=2,
        clarity=2,
        comment="My supervisor never turns up",
        by=demo.user("Staff member"),
    )
    concern = concerns.raise_concern(
        network=network, subject=CONCERN, detail="Twice this month", by=demo.user("Staff member")
    )
    return {"salary_line": saved, "leaver": leaver, "concern": concern}


@pytest.mark.parametrize("role", ROLES)
def test_the_network_history_shows_each_role_only_what_its_pages_show(demo, changes, role):
    response = signed_in(demo.user(role)).get(reverse("core:history"))
    if role not in READS_HISTORY:
        assert response.status_code == 403
        return
    page = text(response)
    assert response.status_code == 200
    reads_pay_and_register = role in LEADERSHIP
    assert (SALARY_SHOWN in page) == reads_pay_and_register
    assert "31415" not in page.replace("31,415", "")  # never the raw figure
    assert (LEAVER_NOTE in page) == reads_pay_and_register
    assert ("entered a month's pay" in page) == reads_pay_and_register
    assert ("changed a staff record" in page) == reads_pay_and_register
    assert (CONCERN in page) == reads_pay_and_register
    # Nobody sees that the pulse was answered, by whom or when.
    assert "answer pulse" not in page.lower() and "Pulse for" not in page
    assert "My supervisor never turns up" not in page


@pytest.mark.parametrize("role", ROLES)
def test_one_records_history_is_refused_where_its_page_is(demo, changes, role):
    client = signed_in(demo.user(role))
    for kind, record in [
        ("money.salaryline", changes["salary_line"]),
        ("workforce.staffmember", changes["leaver"]),
        ("coordination.concern", changes["concern"]),
    ]:
        response = client.get(reverse("core:record_history", args=[kind, record.pk]))
        expected = 200 if role in LEADERSHIP else 403
        assert response.status_code == expected, f"{role} on {kind}: {response.status_code}"
        if expected == 200:
            assert any(s in text(response) for s in (SALARY_SHOWN, LEAVER_NOTE, CONCERN))


def test_the_observer_still_reads_what_the_network_did_together(demo, changes):
    page = text(signed_in(demo.user("Observer")).get(reverse("core:history")))
    rota_or_practice = re.search(
        r"(published a rota|changed rooms|set up the network|answered|added a service)", page
    )
    assert rota_or_practice, "the observer's history should not be empty of shared work"


def test_a_field_guarded_by_another_permission_is_left_out_of_an_entry(demo, monkeypatch):
    """Field by field: an entry readable as a whole still drops a field whose page is guarded
    by a permission the viewer lacks."""
    network = demo.network
    monkeypatch.setitem(
        audit._GUARDS,
        "test.mixed",
        audit.Guard("networks.view_network", {"salary": "money.view_pay"}),
    )
    with transaction.atomic():
        audit.record(
            by=demo.user("PCN manager"),
            action="test.mixed",
            target=network,
            network=network,
            before={"name": "Old name", "salary": "100"},
            after={"name": "New name", "salary": "271828"},
        )
    observer = audit.Reader(demo.user("Observer"), network)
    manager = audit.Reader(demo.user("PCN manager"), network)
    entry = AuditEntry.objects.get(action="test.mixed")
    assert observer.read(entry).changes == [("name", "Old name", "New name")]
    assert ("salary", "100", "271828") in manager.read(entry).changes


def test_an_entry_whose_every_change_is_hidden_is_left_out(demo, monkeypatch):
    network = demo.network
    monkeypatch.setitem(
        audit._GUARDS,
        "test.pay_only",
        audit.Guard("networks.view_network", {"salary": "money.view_pay"}),
    )
    with transaction.atomic():
        audit.record(
            by=demo.user("PCN manager"),
            action="test.pay_only",
            target=network,
            network=network,
            before={"salary": "1"},
            after={"salary": "2"},
        )
    entry = AuditEntry.objects.get(action="test.pay_only")
    assert audit.Reader(demo.user("Observer"), network).read(entry) is None


def test_every_action_that_writes_an_audit_entry_says_who_may_read_it():
    """An action nobody registered is shown to nobody: this keeps new actions from vanishing
    from History by accident."""
    from pathlib import Path

    source = Path(__file__).resolve().parents[2] / "pcn"
    written = set()
    for path in source.rglob("*.py"):
        body = path.read_text()
        if "audit.record(" not in body:
            continue
        written |= set(re.findall(r'action="([a-z_]+\.[a-z_]+)"', body))
        written |= set(re.findall(r'^ACTION = "([a-z_]+\.[a-z_]+)"', body, re.M))
    assert written, "found no audited actions"
    assert written - set(audit.guarded_actions()) == set()


def test_a_pulse_answer_is_audited_without_the_person_or_the_moment(demo):
    me = demo.network.staff.get(user=demo.user("Staff member"))
    me.pulse.all().delete()
    staff_actions.answer_pulse(
        person=me, month=date(2026, 11, 18), belong=4, support=4, clarity=4, by=me.user
    )
    entry = AuditEntry.objects.filter(action="workforce.answer_pulse").latest("pk")
    assert entry.actor is None
    assert entry.target_type == "networks.network"  # not the answer, which names the person
    assert entry.at.astimezone(date_zone()).isoformat().startswith("2026-11-01T00:00")
    assert entry.after == {"answered": True}
    assert StaffMember.objects.get(pk=me.pk).pulse.get().belong == 4


def date_zone():
    from django.utils import timezone

    return timezone.get_current_timezone()


@pytest.mark.parametrize("role", ROLES)
def test_draft_rota_plans_history_is_for_those_who_see_every_plan(demo, role):
    sees = demo.user(role).has_perm("rota.view_all_plans", demo.network)
    assert sees == (role in READS_HISTORY)


def test_pulse_answers_audited_before_keep_only_the_fact(demo):
    """The migration that forgets who answered, run over an entry written the old way."""
    import importlib
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.apps import apps as current_apps

    forget = importlib.import_module(
        "pcn.core.migrations.0005_pulse_answers_audited_without_the_person"
    ).forget_who_answered
    me = demo.network.staff.get(user=demo.user("Staff member"))
    old = AuditEntry.objects.create(
        at=datetime(2026, 10, 14, 9, 31, tzinfo=ZoneInfo("Europe/London")),
        actor=me.user,
        network=demo.network,
        action="workforce.answer_pulse",
        target_type="workforce.pulseresponse",
        target_id="12345",
        target_label="Pulse for October 2026",
        after={"answered": True},
    )
    forget(current_apps, None)
    old.refresh_from_db()
    assert old.actor is None
    assert old.at == datetime(2026, 10, 1, tzinfo=ZoneInfo("Europe/London"))
    assert (old.target_type, old.target_id) == ("networks.network", str(demo.network.pk))

"""Leave done properly: requests that can't be right are refused on their field, staff withdraw
their own leave (and only theirs), and the PCN manager sees what approving would take out of the
published rota. On the tests' clock today is Wed 18 Nov 2026; the demo's rota is published for
the four weeks from Mon 16 Nov."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from pcn.core.models import AuditEntry
from pcn.core.refusals import ActionRefused
from pcn.rota import actions as rota_actions
from pcn.rota.models import Assignment, RotaPlan
from pcn.workforce import leave as leave_rules
from pcn.workforce.actions import staff
from pcn.workforce.models import Leave
from tests import clock
from tests.conftest import signed_in, text

TODAY = clock.TODAY  # Wed 18 Nov 2026


def _dates(start, end, **more):
    return {
        "kind": "annual",
        "start_day": start.day,
        "start_month": start.month,
        "start_year": start.year,
        "end_day": end.day,
        "end_month": end.month,
        "end_year": end.year,
        **more,
    }


@pytest.fixture
def me(demo):
    """The demo's staff member, with none of the demo's random leave in the way."""
    person = demo.network.staff.get(user=demo.user("Staff member"))
    person.leave.all().delete()
    return person


def _ask(demo, me, start, end, follow=False, **more):
    return signed_in(demo.user("Staff member")).post(
        reverse("workforce:record_leave", args=[me.pk]), _dates(start, end, **more), follow=follow
    )


def _refused_on(response, field, words):
    assert response.status_code == 200, "the form is shown again"
    form = response.context["form"]
    assert any(words in error for error in form.errors[field]), form.errors
    assert words in text(response)


def test_leave_cannot_start_in_the_past(demo, me):
    response = _ask(demo, me, TODAY - timedelta(days=1), TODAY + timedelta(days=2))
    _refused_on(response, "start", "can't be in the past: today is Wed 18 Nov 2026")
    assert not me.leave.exists()


def test_leave_can_start_today(demo, me):
    assert _ask(demo, me, TODAY, TODAY).status_code == 302
    assert me.leave.get().status == Leave.Status.REQUESTED


def test_leave_longer_than_sixty_days_is_refused_with_what_to_do_instead(demo, me):
    start = date(2026, 12, 1)
    response = _ask(demo, me, start, start + timedelta(days=60))
    _refused_on(response, "end", "at most 60 days in one request (this is 61)")
    assert "record them as a leaver or long-term absence" in text(response)
    assert not me.leave.exists()
    assert _ask(demo, me, start, start + timedelta(days=59)).status_code == 302


def test_leave_ending_before_it_starts_is_refused_on_the_last_day(demo, me):
    response = _ask(demo, me, date(2026, 12, 10), date(2026, 12, 7))
    _refused_on(response, "end", "The last day must be on or after the first day.")
    assert not me.leave.exists()


@pytest.mark.parametrize("status", [Leave.Status.APPROVED, Leave.Status.REQUESTED])
def test_leave_overlapping_the_persons_open_leave_is_refused_naming_its_dates(demo, me, status):
    me.leave.create(kind="annual", start=date(2026, 12, 7), end=date(2026, 12, 11), status=status)
    response = _ask(demo, me, date(2026, 12, 10), date(2026, 12, 15))
    _refused_on(response, "start", "Mon 7 Dec 2026 to Fri 11 Dec 2026")
    assert "2026-12" not in text(response)
    assert me.leave.count() == 1


def test_declined_or_withdrawn_leave_does_not_block_the_same_dates(demo, me):
    for status in (Leave.Status.DECLINED, Leave.Status.WITHDRAWN):
        me.leave.create(
            kind="annual", start=date(2026, 12, 7), end=date(2026, 12, 11), status=status
        )
    assert _ask(demo, me, date(2026, 12, 7), date(2026, 12, 11)).status_code == 302


def test_a_note_longer_than_its_limit_is_refused_on_the_note(demo, me):
    response = _ask(demo, me, date(2026, 12, 7), date(2026, 12, 7), note="x" * 301)
    assert response.status_code == 200 and response.context["form"].errors["note"]
    assert not me.leave.exists()
    with pytest.raises(ActionRefused) as refused:
        staff.request_leave(
            person=me,
            kind="annual",
            start=date(2026, 12, 7),
            end=date(2026, 12, 7),
            note="x" * 301,
            by=demo.user("Staff member"),
        )
    assert refused.value.field == "note"


def test_the_request_message_says_the_dates_and_working_days_as_people_read_them(demo, me):
    # Mon 21 Dec to Fri 1 Jan: ten weekdays, three of them bank holidays (25 Dec, 28 Dec for
    # Boxing Day on a Saturday, 1 Jan).
    page = text(_ask(demo, me, date(2026, 12, 21), date(2027, 1, 1), follow=True))
    assert "annual leave, Mon 21 Dec 2026 to Fri 1 Jan 2027 (7 working days)" in page
    assert "2026-12-21" not in page


def test_working_days_leave_out_weekends_and_bank_holidays():
    assert leave_rules.working_days(date(2026, 12, 21), date(2027, 1, 1)) == 7
    assert leave_rules.working_days(date(2026, 11, 21), date(2026, 11, 22)) == 0  # a weekend
    assert leave_rules.working_days(date(2026, 11, 23), date(2026, 11, 27)) == 5


def test_a_pcn_manager_may_record_absence_that_is_over(demo):
    person = demo.network.staff.filter(is_draft=False).exclude(user__isnull=False).first()
    person.leave.all().delete()
    leave = staff.record_leave(
        person=person,
        kind="sickness",
        start=TODAY - timedelta(days=3),
        end=TODAY - timedelta(days=2),
        by=demo.user("PCN manager"),
    )
    assert leave.status == Leave.Status.APPROVED


# Withdrawing


def test_staff_withdraw_their_own_pending_request(demo, me):
    leave = staff.request_leave(
        person=me, kind="annual", start=date(2026, 12, 7), end=date(2026, 12, 8), by=me.user
    )
    client = signed_in(demo.user("Staff member"))
    assert "Withdraw" in text(client.get(reverse("home:my_work")))
    response = client.post(reverse("workforce:withdraw_leave", args=[leave.pk]), follow=True)
    leave.refresh_from_db()
    assert leave.status == Leave.Status.WITHDRAWN
    entry = AuditEntry.objects.get(action="workforce.withdraw_leave", target_id=str(leave.pk))
    assert entry.actor == me.user and entry.after == {"status": "withdrawn"}
    page = text(response)
    assert "Withdrawn: annual leave, Mon 7 Dec 2026 to Tue 8 Dec 2026." in page
    assert not mail.outbox, "nobody had approved it, so nobody is told"


def test_withdrawing_approved_leave_tells_whoever_approved_it(demo, me):
    manager = demo.user("PCN manager")
    leave = staff.request_leave(
        person=me, kind="annual", start=date(2026, 12, 7), end=date(2026, 12, 8), by=me.user
    )
    staff.decide_leave(leave=leave, approve=True, by=manager)
    client = signed_in(demo.user("Staff member"))
    response = client.post(reverse("workforce:withdraw_leave", args=[leave.pk]), follow=True)
    leave.refresh_from_db()
    assert leave.status == Leave.Status.WITHDRAWN
    (email,) = mail.outbox
    assert email.to == [manager.email]
    assert "Sam Clarke has withdrawn annual leave you approved" in email.body
    assert "Mon 7 Dec 2026 to Tue 8 Dec 2026" in email.body
    assert f"{manager}, who approved it, has been told by email." in text(response)


def test_approved_leave_that_has_started_cannot_be_withdrawn(demo, me):
    leave = me.leave.create(
        kind="annual", start=TODAY, end=TODAY + timedelta(days=1), status=Leave.Status.APPROVED
    )
    response = signed_in(demo.user("Staff member")).post(
        reverse("workforce:withdraw_leave", args=[leave.pk]), follow=True
    )
    leave.refresh_from_db()
    assert leave.status == Leave.Status.APPROVED
    assert "can't be withdrawn: it is approved and has started" in text(response)


@pytest.mark.parametrize("role", ["PCN manager", "Clinical director", "Practice manager"])
def test_nobody_withdraws_someone_elses_leave(demo, role):
    person = demo.network.staff.filter(is_draft=False, user__isnull=True).first()
    person.leave.all().delete()
    leave = person.leave.create(kind="annual", start=date(2026, 12, 7), end=date(2026, 12, 8))
    response = signed_in(demo.user(role)).post(reverse("workforce:withdraw_leave", args=[leave.pk]))
    leave.refresh_from_db()
    assert response.status_code == 403 and leave.status == Leave.Status.REQUESTED
    with pytest.raises(ActionRefused):
        staff.withdraw_leave(leave=leave, by=demo.user(role))


def test_another_network_cannot_reach_a_leave_to_withdraw(demo, other_demo, me):
    leave = me.leave.create(kind="annual", start=date(2026, 12, 7), end=date(2026, 12, 8))
    response = signed_in(other_demo.user("Staff member")).post(
        reverse("workforce:withdraw_leave", args=[leave.pk])
    )
    assert response.status_code == 404


# Approving


def _publish(demo, sessions):
    """A published rota holding `sessions`: [(person, day, session, practice or None)]."""
    plan = rota_actions.create_plan(
        network=demo.network, start=date(2026, 11, 23), weeks=1, by=demo.user("PCN manager")
    )
    RotaPlan.objects.filter(pk=plan.pk).update(
        status=RotaPlan.Status.PUBLISHED, published_at=clock.NOW
    )
    for person, day, session, practice in sessions:
        Assignment.objects.create(
            plan=plan, staff=person, day=day, session=session, practice=practice, service="network"
        )


def test_the_approval_list_shows_the_rota_sessions_and_practices_a_request_takes(demo, me):
    first, second = demo.network.practices.order_by("name")[:2]
    _publish(
        demo,
        [
            (me, date(2026, 11, 23), "AM", second),
            (me, date(2026, 11, 24), "PM", first),
            (me, date(2026, 11, 26), "EVE", None),
            (me, date(2026, 11, 30), "AM", first),  # after the leave
        ],
    )
    colleague = (
        demo.network.staff.filter(is_draft=False, role_code=me.role_code).exclude(pk=me.pk).first()
    )
    colleague.leave.all().delete()
    colleague.leave.create(
        kind="study", start=date(2026, 11, 26), end=date(2026, 11, 26), status="approved"
    )
    staff.request_leave(
        person=me, kind="annual", start=date(2026, 11, 23), end=date(2026, 11, 27), by=me.user
    )
    response = signed_in(demo.user("PCN manager")).get(reverse("workforce:leave_requests"))
    page = text(response)
    clashes = [f"{s.text}: {s.practice}" for s in response.context["requests"][0].rota]
    assert clashes == [
        f"Mon 23 Nov, morning: {second.name}",
        f"Tue 24 Nov, afternoon: {first.name}",
        "Thu 26 Nov, evening (18:30–20:00): Hub or remote",
    ]
    for line in clashes:
        assert line in page
    assert f"{first.name}, Hub or remote, {second.name}" in page or (
        ", ".join(sorted([first.name, second.name, "Hub or remote"])) in page
    )
    assert "Mon 23 Nov 2026 to Fri 27 Nov 2026 (5 working days)" in page
    assert f"{colleague.full_name}: Thu 26 Nov 2026" in page


def test_a_request_with_no_published_sessions_says_so(demo, me):
    staff.request_leave(
        person=me, kind="annual", start=date(2027, 2, 1), end=date(2027, 2, 2), by=me.user
    )
    page = text(signed_in(demo.user("PCN manager")).get(reverse("workforce:leave_requests")))
    assert "No published sessions in these dates." in page


def test_approving_leave_that_now_overlaps_approved_leave_is_refused(demo, me):
    first = staff.request_leave(
        person=me, kind="annual", start=date(2026, 12, 7), end=date(2026, 12, 8), by=me.user
    )
    # An overlapping request from before the checks, as old data may hold.
    second = me.leave.create(kind="study", start=date(2026, 12, 8), end=date(2026, 12, 9))
    manager = signed_in(demo.user("PCN manager"))
    manager.post(reverse("workforce:decide_leave", args=[first.pk]), {"decision": "approve"})
    response = manager.post(
        reverse("workforce:decide_leave", args=[second.pk]), {"decision": "approve"}, follow=True
    )
    second.refresh_from_db()
    assert second.status == Leave.Status.REQUESTED
    assert "overlap approved annual leave from Mon 7 Dec 2026 to Tue 8 Dec 2026" in text(response)


def test_decisions_are_said_with_readable_dates(demo, me):
    leave = staff.request_leave(
        person=me, kind="annual", start=date(2026, 12, 7), end=date(2026, 12, 7), by=me.user
    )
    response = signed_in(demo.user("PCN manager")).post(
        reverse("workforce:decide_leave", args=[leave.pk]), {"decision": "decline"}, follow=True
    )
    assert "Declined: Sam Clarke, Annual leave, Mon 7 Dec 2026." in text(response)
    assert leave.__class__.objects.get(pk=leave.pk).decided_by == demo.user("PCN manager")

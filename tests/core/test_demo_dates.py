"""The demo's activity is spread over the past weeks, relative to the clock, not stamped with the
moment the demo was built."""

from datetime import timedelta

from django.utils import timezone

from pcn.allocation.models import Participation
from pcn.coordination import feed, queries
from pcn.core.models import AuditEntry


def _day(moment):
    return timezone.localtime(moment).date()


def test_requests_were_sent_and_answered_on_different_days_and_one_is_overdue(demo):
    today = timezone.localdate()
    requests = list(demo.network.practice_requests.all())
    assert any(r.due < today and r.answers.filter(answered_at__isnull=True) for r in requests)
    for request in requests:
        sent = _day(request.sent_at)
        assert sent < today
        for answer in request.answers.filter(answered_at__isnull=False):
            assert sent < _day(answer.answered_at) < today
    overdue = next(
        r for r in requests if r.due < today and r.answers.filter(answered_at__isnull=True)
    )
    assert (today - _day(overdue.sent_at)).days == 18


def test_the_matrix_proposal_was_made_twelve_days_ago_and_answered_since(demo):
    today = timezone.localdate()
    proposal = queries.proposed_matrix(demo.network)
    assert _day(proposal.proposed_at) == today - timedelta(days=12)
    answered = sorted(_day(a.answered_at) for a in proposal.answers.all())
    assert len(set(answered)) == len(answered) > 1
    assert _day(proposal.proposed_at) < answered[0] and answered[-1] < today
    agreed = queries.agreed_matrix(demo.network)
    assert _day(agreed.agreed_at) < _day(proposal.proposed_at)


def test_activity_and_its_history_spread_over_weeks_with_nothing_in_the_future(demo):
    now = timezone.now()
    entries = AuditEntry.objects.filter(network=demo.network)
    assert not entries.filter(at__gt=now).exists()
    days = {_day(at) for at in entries.values_list("at", flat=True)}
    assert len(days) >= 15
    assert min(days) <= timezone.localdate() - timedelta(weeks=8)
    items = feed.recent(demo.network, demo.user("PCN manager"), limit=8)
    assert len({_day(item.at) for item in items}) >= 4
    meeting = demo.network.meetings.order_by("held_on").first()
    assert _day(meeting.created_at) == meeting.held_on - timedelta(days=7)
    assert all(_day(d.recorded_at) == meeting.held_on for d in meeting.decisions.all())
    announcement = demo.network.announcements.get()
    assert _day(announcement.posted_at) == timezone.localdate() - timedelta(days=2)


def test_practices_answered_for_services_weeks_before_the_allocation_was_agreed(demo):
    answered = Participation.objects.filter(practice__network=demo.network)
    first_agreed = demo.network.scenarios.get(name="Equal split").agreed_at
    assert answered and all(a.answered_at < first_agreed for a in answered)
    assert len({_day(a.answered_at) for a in answered}) > 2

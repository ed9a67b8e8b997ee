from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pcn.coordination import actions, queries
from pcn.coordination.models import ActionItem, Decision, Meeting
from pcn.core.actions import ActionRefused
from tests.conftest import signed_in, text

ROLES = [
    "PCN manager",
    "Clinical director",
    "Practice manager of Dingle Park",
    "Staff member",
    "Observer",
]


def _date(prefix, days):
    day = timezone.localdate() + timedelta(days=days)
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def test_the_demo_has_two_meetings_with_decisions_and_actions_some_overdue(demo):
    meetings = list(demo.network.meetings.all())
    assert len(meetings) == 2
    assert all(m.decisions.exists() and m.action_items.exists() for m in meetings)
    tracker = queries.action_tracker(demo.network, status="outstanding")
    assert any(item.overdue for item in tracker)


def test_the_pcn_manager_records_a_meeting_its_decision_with_who_agreed_and_an_action(demo):
    manager, director = demo.user("PCN manager"), demo.user("Clinical director")
    pm = demo.user("Practice manager of Dingle Park")
    client = signed_in(manager)
    response = client.post(
        reverse("coordination:meetings"),
        {
            "kind": "board",
            "title": "December board",
            **_date("held_on", 0),
            "agenda": "Winter pressures\nBudget",
            "attendees": [str(manager.pk), str(director.pk), str(pm.pk)],
        },
        follow=True,
    )
    meeting = demo.network.meetings.get(title="December board")
    assert [a.title for a in meeting.agenda.all()] == ["Winter pressures", "Budget"]
    assert "Winter pressures" in text(response)
    client.post(
        reverse("coordination:record_decision", args=[meeting.pk]),
        {"text": "Open the hub on Boxing Day.", "agreed_by": [str(director.pk), str(pm.pk)]},
    )
    decision = meeting.decisions.get()
    assert set(decision.agreed_by.all()) == {director, pm}
    client.post(
        reverse("coordination:add_action", args=[meeting.pk]),
        {"description": "Book the hub staff", "owner": str(pm.pk), **_date("due", 5)},
    )
    item = meeting.action_items.get()
    assert item.owner == pm and item.status == "open"
    # Everyone in the network reads it.
    for role in ROLES:
        page = text(
            signed_in(demo.user(role)).get(reverse("coordination:meeting", args=[meeting.pk]))
        )
        assert "Open the hub on Boxing Day." in page and "Book the hub staff" in page


def test_an_action_without_an_owner_is_refused_with_a_message_and_nothing_saved(demo):
    meeting = demo.network.meetings.first()
    before = ActionItem.objects.count()
    response = signed_in(demo.user("PCN manager")).post(
        reverse("coordination:add_action", args=[meeting.pk]),
        {"description": "Nobody's job", "owner": "", **_date("due", 5)},
    )
    assert "Choose who owns this action" in text(response)
    assert ActionItem.objects.count() == before


def test_an_action_due_in_the_past_is_refused(demo):
    with pytest.raises(ActionRefused, match="has passed"):
        actions.meetings.add_action(
            network=demo.network,
            description="Too late",
            owner=demo.user("PCN manager"),
            due=timezone.localdate() - timedelta(days=1),
            by=demo.user("PCN manager"),
        )


def test_a_decision_needs_who_agreed(demo):
    meeting = demo.network.meetings.first()
    with pytest.raises(ActionRefused, match="Choose who agreed"):
        actions.meetings.record_decision(
            meeting=meeting, text="Something", agreed_by=[], by=demo.user("PCN manager")
        )


def test_an_owner_outside_the_network_is_refused(demo, other_demo):
    with pytest.raises(ActionRefused, match="is not a member"):
        actions.meetings.add_action(
            network=demo.network,
            description="Theirs",
            owner=other_demo.user("PCN manager"),
            due=timezone.localdate(),
            by=demo.user("PCN manager"),
        )


@pytest.mark.parametrize("role", ["Practice manager of Dingle Park", "Staff member", "Observer"])
def test_only_leadership_records_meetings_decisions_and_actions(demo, role):
    client = signed_in(demo.user(role))
    meeting = demo.network.meetings.first()
    counts = (Meeting.objects.count(), Decision.objects.count(), ActionItem.objects.count())
    assert (
        client.post(reverse("coordination:meetings"), {"kind": "board", "title": "x"}).status_code
        == 403
    )
    assert (
        client.post(
            reverse("coordination:record_decision", args=[meeting.pk]), {"text": "x"}
        ).status_code
        == 403
    )
    assert client.post(reverse("coordination:add_action", args=[meeting.pk]), {}).status_code == 403
    assert counts == (Meeting.objects.count(), Decision.objects.count(), ActionItem.objects.count())
    assert "Record the decision" not in text(
        client.get(reverse("coordination:meeting", args=[meeting.pk]))
    )


def test_the_owner_updates_their_action_and_others_are_refused(demo):
    item = demo.network.action_items.exclude(owner=demo.user("PCN manager")).first()
    owner = item.owner
    url = reverse("coordination:update_action", args=[item.pk])
    staff = signed_in(demo.user("Staff member"))
    assert staff.post(url, {"status": "done", "version": item.version}).status_code == 403
    signed_in(owner).post(url, {"status": "done", "version": item.version})
    item.refresh_from_db()
    assert item.status == "done"
    # A stale form is refused with a message, not saved over.
    response = signed_in(demo.user("PCN manager")).post(
        url, {"status": "open", "version": item.version - 1}, follow=True
    )
    assert "changed by someone else" in text(response)
    item.refresh_from_db()
    assert item.status == "done"


def test_the_tracker_filters_to_my_actions(demo):
    manager = demo.user("PCN manager")
    page = signed_in(manager).get(reverse("coordination:actions") + "?owner=me&status=")
    assert {item.owner for item, _ in page.context["items"]} == {manager}


def test_saving_a_status_never_sends_you_to_another_site(demo):
    item = demo.network.action_items.first()
    response = signed_in(demo.user("PCN manager")).post(
        reverse("coordination:update_action", args=[item.pk]),
        {"status": "done", "version": item.version, "next": "https://example.com/"},
    )
    assert response.url == reverse("coordination:actions")


def test_leadership_adds_to_a_meetings_agenda(demo):
    meeting = demo.network.meetings.first()
    client = signed_in(demo.user("Clinical director"))
    url = reverse("coordination:add_agenda_item", args=[meeting.pk])
    client.post(url, {"title": "Winter surge"})
    assert meeting.agenda.last().title == "Winter surge"
    response = client.post(url, {"title": " "}, follow=True)
    assert "Say what the agenda item is." in text(response)

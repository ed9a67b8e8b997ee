from datetime import timedelta
from decimal import Decimal

import pytest

from pcn.core.models import AuditEntry
from pcn.core.refusals import ActionRefused
from pcn.purpose import actions, queries
from pcn.purpose.models import PurposeVersion
from tests import clock
from tests.purpose.conftest import carried, priority

Status = PurposeVersion.Status


def test_the_demo_has_an_agreed_purpose_with_three_priorities_and_dated_progress(demo):
    version = queries.agreed(demo.network)
    assert version.number == 1 and version.year == "2026/27"
    assert not version.agreed_without
    rows = queries.priorities(version, demo.user("PCN manager"))
    assert [r.terms.owner.full_name for r in rows] == ["Sam Clarke", "Priya Shah", "Dr Tom Okafor"]
    reviews = rows[0]
    assert [u.on for u in reviews.progress] == [
        clock.TODAY - timedelta(days=9),
        clock.TODAY - timedelta(days=47),
    ]
    assert reviews.latest.figure == Decimal(183) and reviews.terms.target == Decimal(400)
    assert rows[2].progress == []


def test_a_new_draft_leaves_the_agreed_version_in_force_until_it_is_agreed(
    demo, new_draft, practice_managers
):
    draft = new_draft()
    assert draft.number == 2 and draft.status == Status.PROPOSED
    assert queries.agreed(demo.network).number == 1
    for practice, pm in practice_managers.items():
        actions.answer(version=draft, practice=practice, agrees=True, by=pm)
    assert queries.agreed(demo.network).number == 1  # practices alone do not agree it
    actions.agree(version=draft, by=demo.user("Clinical director"))
    draft.refresh_from_db()
    assert draft.status == Status.AGREED and draft.agreed_without == []
    assert demo.network.purpose_versions.get(number=1).status == Status.SUPERSEDED
    assert len(queries.priorities(draft, demo.user("PCN manager"))) == 4


def test_progress_stays_with_a_priority_that_a_new_version_rewords(demo, new_draft):
    agreed = queries.agreed(demo.network)
    drafts = carried(agreed)
    drafts[0].title = "Medicines reviewed in every care home"
    draft = new_draft(priorities=drafts)
    actions.agree(
        version=draft,
        by=demo.user("PCN manager"),
        without=[p.ods_code for p in demo.network.practices.all()],
        reason="Only a title changed.",
    )
    row = queries.priorities(draft, demo.user("PCN manager"))[0]
    assert row.terms.title == "Medicines reviewed in every care home"
    assert len(row.progress) == 2
    assert queries.changes(draft)[1] == [
        "Medicines reviewed for every care home resident is now called "
        "Medicines reviewed in every care home."
    ]


def test_a_newer_draft_replaces_an_unagreed_one(demo, new_draft):
    first = new_draft()
    second = new_draft(note="Second thoughts.", statement="A new purpose.")
    first.refresh_from_db()
    assert first.status == Status.WITHDRAWN and second.number == 3
    assert AuditEntry.objects.filter(action="purpose.withdraw_purpose").count() == 1


def test_a_draft_the_same_as_the_latest_is_refused(demo, new_draft):
    agreed = queries.agreed(demo.network)
    with pytest.raises(ActionRefused, match="same as version 1"):
        new_draft(priorities=carried(agreed))


def test_agreeing_without_practices_needs_them_named_and_a_reason(
    demo, new_draft, practice_managers
):
    draft = new_draft()
    (first, pm_first), (second, pm_second), *rest = practice_managers.items()
    actions.answer(version=draft, practice=first, agrees=True, by=pm_first)
    actions.answer(
        version=draft,
        practice=second,
        agrees=False,
        comment="Flu is the practices' job.",
        by=pm_second,
    )
    director = demo.user("Clinical director")
    pending = [p.ods_code for p, _ in actions.not_agreed(draft)]
    assert second.ods_code in pending and first.ods_code not in pending
    with pytest.raises(ActionRefused, match="Not every practice has agreed") as refused:
        actions.agree(version=draft, by=director)
    assert refused.value.field == "without" and second.name in str(refused.value)
    with pytest.raises(ActionRefused, match="Confirm"):  # naming only some of them
        actions.agree(version=draft, by=director, without=pending[:1], reason="Board agreed.")
    with pytest.raises(ActionRefused) as refused:
        actions.agree(version=draft, by=director, without=pending, reason="  ")
    assert refused.value.field == "reason"
    assert queries.agreed(demo.network).number == 1  # nothing half-done
    actions.agree(version=draft, by=director, without=pending, reason="The board agreed it.")
    draft.refresh_from_db()
    assert draft.status == Status.AGREED and draft.agreed_reason == "The board agreed it."
    without = {p["practice"]: p for p in draft.agreed_without}
    assert without[second.name]["answer"] == "objected"
    assert without[second.name]["comment"] == "Flu is the practices' job."
    assert {p["answer"] for name, p in without.items() if name != second.name} == {"not answered"}
    entry = AuditEntry.objects.get(action="purpose.agree_purpose", target_id=str(draft.pk))
    assert entry.actor == director and entry.after["reason"] == "The board agreed it."


def test_a_confirmation_goes_stale_when_a_practice_answers_meanwhile(
    demo, new_draft, practice_managers
):
    draft = new_draft()
    pending = [p.ods_code for p, _ in actions.not_agreed(draft)]
    practice, pm = next(iter(practice_managers.items()))
    actions.answer(version=draft, practice=practice, agrees=True, by=pm)
    with pytest.raises(ActionRefused, match="Confirm"):
        actions.agree(version=draft, by=demo.user("PCN manager"), without=pending, reason="Go.")


def test_an_objection_needs_a_reason_and_a_practice_manager_answers_only_for_their_practice(
    demo, new_draft, practice_managers
):
    draft = new_draft()
    (first, pm_first), (second, _) = list(practice_managers.items())[:2]
    with pytest.raises(ActionRefused) as refused:
        actions.answer(version=draft, practice=first, agrees=False, comment=" ", by=pm_first)
    assert refused.value.field == "comment"
    with pytest.raises(ActionRefused, match="only answer for the practice you manage"):
        actions.answer(version=draft, practice=second, agrees=True, by=pm_first)
    assert not draft.answers.exists()


def test_only_leadership_drafts_and_agrees(demo, new_draft):
    for role in ("Practice manager of Dingle Park", "Staff member", "Observer"):
        with pytest.raises(ActionRefused, match="Only the PCN manager or clinical director"):
            new_draft(by=demo.user(role))
    draft = new_draft()
    with pytest.raises(ActionRefused, match="Only the PCN manager or clinical director"):
        actions.agree(version=draft, by=demo.user("Staff member"))


def test_a_year_has_at_most_five_priorities(demo, new_draft):
    owner = demo.user("PCN manager")
    six = [priority(f"Priority {n}", owner) for n in range(6)]
    with pytest.raises(ActionRefused, match="at most 5 priorities") as refused:
        new_draft(priorities=six)
    assert refused.value.field == "priorities"
    assert new_draft(priorities=six[:5]).priorities.count() == 5


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"statement": "  "}, "statement", "Write the network's purpose"),
        ({"statement": "x" * 501}, "statement", "500 characters or fewer"),
        ({"values": ["v"] * 7}, "values", "6 values or fewer"),
        ({"values": ["x" * 201]}, "values", "200 characters or fewer"),
        ({"year": "2026-27"}, "year", "not a financial year"),
        ({"note": "x" * 5001}, "note", "5,000 characters or fewer"),
    ],
)
def test_the_purpose_fields_have_limits_named_in_the_refusal(
    demo, new_draft, changes, field, message
):
    with pytest.raises(ActionRefused, match=message) as refused:
        new_draft(**changes)
    assert refused.value.field == field
    assert demo.network.purpose_versions.count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": ""}, "p0-title", "give it a title"),
        ({"title": "x" * 201}, "p0-title", "200 characters or fewer"),
        ({"measure": ""}, "p0-measure", "say what will show progress"),
        ({"measure": "x" * 301}, "p0-measure", "300 characters or fewer"),
        ({"unit": "x" * 41, "target": Decimal(1)}, "p0-unit", "40 characters or fewer"),
        ({"unit": "people"}, "p0-target", "give a target figure"),
        ({"target": Decimal(-1)}, "p0-target", "between 0 and"),
    ],
)
def test_the_priority_fields_have_limits_named_in_the_refusal(
    demo, new_draft, changes, field, message
):
    fields = {"title": "A priority", "owner": demo.user("PCN manager"), "measure": "Counted"}
    fields.update(changes)
    with pytest.raises(ActionRefused, match=message) as refused:
        new_draft(priorities=[actions.PriorityDraft(**fields)])
    assert refused.value.field == field


def test_an_owner_works_in_the_network_and_has_not_left(demo, other_demo, new_draft):
    with pytest.raises(ActionRefused, match="an owner who works in the network"):
        new_draft(priorities=[priority("Flu", demo.user("Observer"))])
    with pytest.raises(ActionRefused, match="an owner who works in the network"):
        new_draft(priorities=[priority("Flu", other_demo.user("PCN manager"))])
    sam = demo.network.staff.get(user=demo.user("Staff member"))
    sam.end_date = clock.TODAY - timedelta(days=1)
    sam.save()
    with pytest.raises(ActionRefused, match="Sam Clarke has left the network") as refused:
        new_draft(priorities=[priority("Flu", demo.user("Staff member"))])
    assert refused.value.field == "p0-owner"


def test_the_owner_or_leadership_adds_progress_and_others_may_not(demo):
    version = queries.agreed(demo.network)
    reviews = version.priorities.get(title__startswith="Medicines").priority
    update = actions.add_progress(
        priority=reviews,
        on=clock.TODAY,
        note="Two more homes.",
        figure=Decimal(201),
        by=demo.user("Staff member"),
    )
    assert update.added_by == demo.user("Staff member")
    entry = AuditEntry.objects.get(action="purpose.add_progress", target_id=str(update.pk))
    assert entry.after["note"] == "Two more homes."
    actions.add_progress(
        priority=reviews, on=clock.TODAY, note="Checked.", by=demo.user("Clinical director")
    )
    for role in ("Practice manager of Dingle Park", "Observer"):
        with pytest.raises(ActionRefused, match="Only the priority's owner"):
            actions.add_progress(priority=reviews, on=clock.TODAY, note="x", by=demo.user(role))
    home_visiting = version.priorities.get(title__startswith="Home visiting").priority
    with pytest.raises(ActionRefused, match="Only the priority's owner"):
        actions.add_progress(
            priority=home_visiting, on=clock.TODAY, note="x", by=demo.user("Staff member")
        )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"note": " "}, "note"),
        ({"note": "x" * 5001}, "note"),
        ({"on": clock.TODAY + timedelta(days=1)}, "on"),
        ({"figure": Decimal(-3)}, "figure"),
    ],
)
def test_progress_is_refused_on_the_field_it_is_about(demo, changes, field):
    reviews = queries.agreed(demo.network).priorities.first().priority
    fields = {
        "priority": reviews,
        "on": clock.TODAY,
        "note": "Fine.",
        "by": demo.user("PCN manager"),
    }
    fields.update(changes)
    with pytest.raises(ActionRefused) as refused:
        actions.add_progress(**fields)
    assert refused.value.field == field
    assert reviews.progress.count() == 2


def test_a_draft_only_priority_takes_no_progress_until_agreed(demo, new_draft):
    draft = new_draft()
    flu = draft.priorities.get(title__startswith="Flu").priority
    with pytest.raises(ActionRefused, match="agreed purpose only"):
        actions.add_progress(priority=flu, on=clock.TODAY, note="x", by=demo.user("PCN manager"))


def test_a_staff_member_sees_the_priorities_their_service_contributes_to(demo):
    version = queries.agreed(demo.network)
    staff = {
        r.terms.title: r.contributes for r in queries.priorities(version, demo.user("Staff member"))
    }
    assert staff == {
        "Medicines reviewed for every care home resident": True,
        "Every ARRS colleague has a home base and a team": False,
        "Home visiting where the practices need it": False,
    }
    manager = queries.priorities(version, demo.user("PCN manager"))
    assert not any(r.contributes for r in manager)

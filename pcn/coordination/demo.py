"""Coordination in the demo network: an agreed matrix and a newer proposal some practices
agreed, one objected to; open, overdue and finished requests; a board and a practice managers'
meeting with decisions and actions; concerns; an announcement."""

from datetime import timedelta

from django.utils import timezone

from pcn.core import demo_dates as dates
from pcn.core.models import Role

from . import actions, matrix

# A second version: estates led by the PCN manager, and social prescribing added.
PROPOSAL_NOTE = (
    "Estates: the PCN manager takes it on, with the lead practice consulted. "
    "Social prescribing added now the link workers report to the network."
)


def build(network, *, manager, director, today):
    managers = {
        m.practice: m.user
        for m in network.memberships.filter(role=Role.PRACTICE_MANAGER).select_related(
            "practice", "user"
        )
    }
    practices = list(network.practices.all())
    _matrix(network, manager, managers, practices)
    _requests(network, manager, managers, practices, today)
    _meetings(network, manager, director, managers, today)
    staff = network.memberships.filter(role=Role.STAFF).select_related("user").first()
    _concerns(network, manager, managers, staff.user if staff else None)
    actions.announcements.announce(
        network=network,
        title="Flu clinics: extra Saturday sessions",
        body="Two extra Saturday flu clinics in December at the hub. The rota shows who is on.",
        by=manager,
    )
    _dated(network, today)


def _matrix(network, manager, managers, practices):
    first = actions.who_does_what.propose_matrix(
        network=network, rows=matrix.starting_rows(), note="Our first agreed remit.", by=manager
    )
    for practice in practices:
        actions.who_does_what.answer_matrix(
            version=first, practice=practice, agrees=True, by=managers[practice]
        )
    rows = matrix.starting_rows()
    for row in rows:
        if row["activity"] == "Estates":
            row["cells"] = {
                "pcn_manager": "RA",
                "clinical_director": "I",
                "practice_managers": "C",
                "lead_practice": "C",
            }
    rows.append(
        {
            "activity": "Social prescribing",
            "cells": {
                "pcn_manager": "R",
                "clinical_director": "A",
                "practice_managers": "I",
                "lead_practice": "",
            },
        }
    )
    second = actions.who_does_what.propose_matrix(
        network=network, rows=rows, note=PROPOSAL_NOTE, by=manager
    )
    for practice in practices[:3]:
        actions.who_does_what.answer_matrix(
            version=second, practice=practice, agrees=True, by=managers[practice]
        )
    if len(practices) > 3:
        actions.who_does_what.answer_matrix(
            version=second,
            practice=practices[3],
            agrees=False,
            comment="Our building is leased by the practice: we want to be consulted on estates, "
            "not only informed.",
            by=managers[practices[3]],
        )


def _answer(request, practice, status, by, note=""):
    answer = request.answers.get(practice=practice)
    actions.practice_requests.answer_request(
        request=request, practice=practice, status=status, note=note, version=answer.version, by=by
    )


def _requests(network, manager, managers, practices, today):
    overdue = actions.practice_requests.send_request(
        network=network,
        title="Confirm your practice's enhanced access hours for December",
        reason="The ICB needs the network's December plan by the end of the month.",
        due=today - timedelta(days=4),
        practices=practices,
        by=manager,
        today=today - timedelta(days=18),
    )
    for practice in practices[:2]:
        _answer(overdue, practice, "done", managers[practice])
    if len(practices) > 2:
        _answer(overdue, practices[2], "acknowledged", managers[practices[2]])

    open_request = actions.practice_requests.send_request(
        network=network,
        title="Send your Q3 workforce figures",
        reason="The workforce return is due to NHS England; the network files one for everyone.",
        due=today + timedelta(days=10),
        practices=practices,
        by=manager,
        today=today - timedelta(days=3),
    )
    _answer(open_request, practices[0], "done", managers[practices[0]])
    if len(practices) > 4:
        _answer(
            open_request,
            practices[4],
            "cannot",
            managers[practices[4]],
            note="Our practice manager post is vacant until January; we can send it on the 10th.",
        )

    finished = actions.practice_requests.send_request(
        network=network,
        title="Room bookings for the pharmacist clinics",
        reason="So the rota puts the clinical pharmacists where there are rooms.",
        due=today - timedelta(days=20),
        practices=practices[:3],
        by=manager,
        today=today - timedelta(days=35),
    )
    for practice in practices[:3]:
        _answer(finished, practice, "done", managers[practice])


def _meetings(network, manager, director, managers, today):
    pms = list(managers.values())
    board_day = today - timedelta(days=21)
    board = actions.meetings.create_meeting(
        network=network,
        kind="board",
        title="Network board",
        held_on=board_day,
        agenda=["ARRS spend to date", "Enhanced access from January", "Any other business"],
        attendees=[manager, director, *pms[:3]],
        by=manager,
    )
    actions.meetings.record_decision(
        meeting=board,
        text="Recruit a second first contact physiotherapist from February, hosted at the hub.",
        agreed_by=[director, *pms[:3]],
        by=manager,
    )
    actions.meetings.record_decision(
        meeting=board,
        text="Enhanced access stays at the lead practice on Saturdays; weekday evenings rotate between practices.",
        agreed_by=[director, *pms[:2]],
        by=manager,
    )
    actions.meetings.add_action(
        network=network,
        meeting=board,
        description="Draft the physiotherapist job description",
        owner=manager,
        due=board_day + timedelta(days=14),
        by=manager,
        today=board_day,
    )
    actions.meetings.add_action(
        network=network,
        meeting=board,
        description="Ask the ICB about the evening rota in the contract report",
        owner=director,
        due=today + timedelta(days=7),
        by=manager,
        today=board_day,
    )

    pm_day = today - timedelta(days=7)
    pm_meeting = actions.meetings.create_meeting(
        network=network,
        kind="practice_managers",
        title="Practice managers' meeting",
        held_on=pm_day,
        agenda=["Who does what: version 2", "Workforce return", "Rooms for the new starters"],
        attendees=[manager, *pms],
        by=manager,
    )
    actions.meetings.record_decision(
        meeting=pm_meeting,
        text="Workforce figures come to the PCN manager by the 5th of each quarter's last month.",
        agreed_by=pms,
        by=manager,
    )
    item = actions.meetings.add_action(
        network=network,
        meeting=pm_meeting,
        description="Share the room booking sheet with every practice",
        owner=manager,
        due=today + timedelta(days=3),
        by=manager,
        today=pm_day,
    )
    actions.meetings.update_action(
        item=item, status="in_progress", version=item.version, by=manager
    )
    if pms:
        actions.meetings.add_action(
            network=network,
            meeting=pm_meeting,
            description="Check the lease terms for the hub room",
            owner=pms[0],
            due=pm_day + timedelta(days=5),
            by=manager,
            today=pm_day,
        )


def _concerns(network, manager, managers, staff_user):
    pms = list(managers.values())
    if len(pms) > 1:
        concern = actions.concerns.raise_concern(
            network=network,
            subject="Requests arrive with too little notice",
            detail="Three requests last month gave us under a week. Can we agree a minimum notice?",
            by=pms[1],
        )
        upcoming = network.meetings.order_by("-held_on").first()
        actions.concerns.put_concern_on_agenda(concern=concern, meeting=upcoming, by=manager)
    if staff_user is not None:
        concern = actions.concerns.raise_concern(
            network=network,
            subject="Working at four sites in one week",
            detail="Moving between four practices leaves little time with any team.",
            by=staff_user,
        )
        actions.concerns.respond_to_concern(
            concern=concern,
            response="From January the rota keeps everyone to two sites a week at most.",
            by=manager,
        )


def _dated(network, today):
    """Spread the activity above over the past weeks (pcn.core.demo_dates): the first who-does-
    what version agreed ten weeks ago, the second proposed twelve days ago and answered since;
    requests answered days after they were sent; meetings set up a week ahead; concerns raised
    a fortnight ago and answered; the announcement two days ago."""
    versions = list(network.matrix_versions.order_by("number"))
    for version, proposed, gap in zip(versions, (70, 12), (2, 2), strict=False):
        dates.move(
            version,
            dates.moment(today, proposed, 9),
            actions=["coordination.propose_matrix", "coordination.withdraw_matrix"],
            proposed_at=None,
        )
        answers = list(version.answers.order_by("practice__name"))
        for index, answer in enumerate(answers):
            dates.move(
                answer, dates.moment(today, proposed - 2 - gap * index, 11), answered_at=None
            )
        if version.agreed_at and answers:
            last = max(a.answered_at for a in answers)
            dates.move(version, last, actions=["coordination.matrix_agreed"], agreed_at=None)
    for request in network.practice_requests.all():
        dates.move(request, request.sent_at, actions=["coordination.send_request"])
        answered = request.answers.filter(answered_at__isnull=False).order_by("practice__name")
        for index, answer in enumerate(answered):
            # Days after it was sent, and by yesterday at the latest.
            sent = timezone.localtime(request.sent_at).date()
            after = min(3 + 3 * index, max(1, (today - sent).days - 1))
            when = dates.on(sent + timedelta(days=after), 14)
            dates.move(answer, when, actions=["coordination.answer_request"], answered_at=None)
    for meeting in network.meetings.all():
        dates.move(
            meeting,
            dates.on(meeting.held_on - timedelta(days=7), 9),
            actions=["coordination.create_meeting"],
            created_at=None,
        )
        after = dates.on(meeting.held_on, 17)
        for decision in meeting.decisions.all():
            dates.move(decision, after, recorded_at=None)
        for item in meeting.action_items.all():
            dates.move(item, after, actions=["coordination.add_action"], created_at=None)
    for concern, raised in zip(
        network.concerns.order_by("raised_at", "pk"), (16, 10), strict=False
    ):
        dates.move(
            concern,
            dates.moment(today, raised, 15),
            actions=["coordination.raise_concern"],
            raised_at=None,
        )
        if concern.responded_at:
            dates.move(
                concern,
                dates.moment(today, raised - 3, 12),
                actions=["coordination.respond_concern"],
                responded_at=None,
            )
        else:
            dates.move(
                concern,
                dates.moment(today, raised - 2, 12),
                actions=["coordination.concern_on_agenda"],
            )
    for announcement in network.announcements.all():
        dates.move(announcement, dates.moment(today, 2, 8, 30), posted_at=None)

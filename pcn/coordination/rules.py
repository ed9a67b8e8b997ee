"""Who may see and do what in coordination.

Everyone in the network reads the matrix, meetings and decisions, and announcements. Only the
PCN manager and clinical director send requests, record meetings and decisions, and post
announcements; the PCN manager proposes the matrix and responds to concerns. A practice manager
agrees the matrix and answers requests for their own practice only. Anyone who works in the
network (not observers) may raise a concern; it is seen by leadership and by whoever raised it.
"""

import rules

from pcn.core import audit
from pcn.core.models import Role
from pcn.core.roles import has_network_role, managed_practice_ids
from pcn.core.rules import (
    is_clinical_director,
    is_network_member,
    is_observer,
    is_pcn_manager,
    manages_this_practice,
    network_id_of,
)

from . import anonymity


@rules.predicate
def is_a_practice_manager(user, obj):
    return has_network_role(user, network_id_of(obj), Role.PRACTICE_MANAGER)


@rules.predicate
def works_in_network(user, obj):
    return has_network_role(
        user,
        network_id_of(obj),
        Role.PCN_MANAGER,
        Role.CLINICAL_DIRECTOR,
        Role.PRACTICE_MANAGER,
        Role.STAFF,
    )


@rules.predicate
def asked_of_my_practice(user, practice_request):
    mine = managed_practice_ids(user, practice_request.network_id)
    return bool(mine) and practice_request.answers.filter(practice_id__in=mine).exists()


@rules.predicate
def owns_this_action(user, action_item):
    return action_item.owner_id == user.pk


@rules.predicate
def raised_this_concern(user, concern):
    if concern.anonymous:
        return anonymity.is_raiser(user, concern)
    return concern.raised_by_id == user.pk


leadership = is_pcn_manager | is_clinical_director

rules.add_perm("coordination.view_coordination", is_network_member)
rules.add_perm("coordination.view_matrix", is_network_member)
rules.add_perm("coordination.propose_matrix", is_pcn_manager)
rules.add_perm("coordination.answer_matrix", manages_this_practice)  # on a practice
# Putting a version in force before every practice has agreed, with a reason.
rules.add_perm("coordination.agree_matrix", is_clinical_director)

# Every practice's status: leadership and observers. A practice manager: their inbox.
rules.add_perm("coordination.view_all_requests", leadership | is_observer)
rules.add_perm("coordination.view_inbox", is_a_practice_manager)
rules.add_perm(
    "coordination.view_request",
    leadership | is_observer | (is_network_member & asked_of_my_practice),
)
rules.add_perm("coordination.send_request", leadership)
rules.add_perm("coordination.answer_request", manages_this_practice)  # on a practice

rules.add_perm("coordination.view_meetings", is_network_member)
rules.add_perm("coordination.record_meeting", leadership)
rules.add_perm("coordination.update_action", leadership | owns_this_action)

rules.add_perm("coordination.raise_concern", works_in_network)
rules.add_perm("coordination.view_all_concerns", leadership)
rules.add_perm("coordination.view_concern", leadership | raised_this_concern)
rules.add_perm("coordination.respond_concern", is_pcn_manager)

rules.add_perm("coordination.announce", leadership)

# What the activity feed may show about requests: their titles, not a practice's answers.
rules.add_perm("coordination.see_request_titles", leadership | is_observer | is_a_practice_manager)

# History: who may read the entries of each action (pcn.core.audit).
audit.shown_to(
    "coordination.view_coordination",
    "coordination.announce",
    "coordination.send_digest",
    names={
        "coordination.announce": "Made an announcement",
        "coordination.send_digest": "Sent the digest email",
    },
    automatic=("coordination.send_digest",),
)
audit.shown_to(
    "coordination.view_matrix",
    "coordination.propose_matrix",
    "coordination.withdraw_matrix",
    "coordination.answer_matrix",
    "coordination.matrix_agreed",
    "coordination.agree_matrix",
    names={
        "coordination.propose_matrix": "Proposed who does what",
        "coordination.withdraw_matrix": "Withdrew a proposal of who does what",
        "coordination.answer_matrix": "Answered for a practice about who does what",
        "coordination.matrix_agreed": "Who does what came into force",
        "coordination.agree_matrix": "Agreed who does what without every practice",
    },
)
audit.shown_to(
    "coordination.view_all_requests",
    "coordination.send_request",
    "coordination.answer_request",
    names={
        "coordination.send_request": "Sent a request to practices",
        "coordination.answer_request": "Answered a request",
    },
)
audit.shown_to(
    "coordination.view_meetings",
    "coordination.create_meeting",
    "coordination.add_agenda_item",
    "coordination.record_decision",
    "coordination.add_action",
    "coordination.update_action",
    names={
        "coordination.create_meeting": "Arranged a meeting",
        "coordination.add_agenda_item": "Added an agenda item",
        "coordination.record_decision": "Recorded a decision",
        "coordination.add_action": "Added an action",
        "coordination.update_action": "Changed an action",
    },
)
audit.shown_to(
    "coordination.view_all_concerns",
    "coordination.raise_concern",
    "coordination.respond_concern",
    "coordination.concern_on_agenda",
    names={
        "coordination.raise_concern": "Raised a concern",
        "coordination.respond_concern": "Responded to a concern",
        "coordination.concern_on_agenda": "Put a concern on a meeting's agenda",
    },
)
# Someone's own choice of email: the people who manage members.
audit.shown_to(
    "core.view_members",
    "coordination.subscribe_digest",
    "coordination.unsubscribe_digest",
    names={
        "coordination.subscribe_digest": "Chose to get the digest email",
        "coordination.unsubscribe_digest": "Stopped the digest email",
    },
)

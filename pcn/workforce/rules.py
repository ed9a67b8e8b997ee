"""Who may see and change the staff register.

Staff see their own record and their team's names; practice managers see who works at their
practice and when, never pay or supervision notes; supervisors see their supervisees; the PCN
manager and clinical director see everyone. Supervision notes: only the two people and the PCN
manager.
"""

import rules

from pcn.core import audit
from pcn.core.rules import (
    is_clinical_director,
    is_network_member,
    is_observer,
    is_pcn_manager,
    manages_this_practice,
)

from .identity import my_record, my_supervisees


@rules.predicate
def is_this_person(user, person):
    me = my_record(user, person.network_id)
    return me is not None and me.pk == person.pk


@rules.predicate
def is_own_leave(user, leave):
    return leave.staff.user_id is not None and leave.staff.user_id == user.pk


@rules.predicate
def supervises_this_person(user, person):
    return person.pk in my_supervisees(user, person.network_id)


@rules.predicate
def is_in_register(user, network):
    return my_record(user, network.pk) is not None


@rules.predicate
def is_party_to_supervision(user, session):
    me = my_record(user, session.staff.network_id)
    return me is not None and me.pk in (session.staff_id, session.supervisor_id)


@rules.predicate
def is_in_this_team(user, team):
    me = my_record(user, team.network_id)
    return me is not None and team.members.filter(pk=me.pk).exists()


@rules.predicate
def supervises_anyone(user, network):
    return bool(my_supervisees(user, network.pk))


leadership = is_pcn_manager | is_clinical_director

rules.add_perm("workforce.view_register", leadership)
rules.add_perm("workforce.edit_register", is_pcn_manager)
rules.add_perm("workforce.view_person", leadership | is_this_person | supervises_this_person)
rules.add_perm("workforce.edit_person", is_pcn_manager)
rules.add_perm("workforce.view_supervision_note", is_pcn_manager | is_party_to_supervision)
rules.add_perm("workforce.log_supervision", is_pcn_manager | supervises_this_person)
rules.add_perm("workforce.view_overdue_supervision", is_pcn_manager | supervises_anyone)
rules.add_perm("workforce.log_supervision_for_anyone", is_pcn_manager)
rules.add_perm("workforce.view_belonging", leadership)
# Aggregates only (at least 5 answers per figure): leadership and observers such as the ICB.
rules.add_perm("workforce.view_pulse_results", leadership | is_observer)
rules.add_perm("workforce.view_retention", leadership | is_observer)
rules.add_perm("workforce.view_practice_staff", leadership | manages_this_practice)
rules.add_perm("workforce.view_my_work", is_network_member & is_in_register)
rules.add_perm("workforce.decide_leave", is_pcn_manager)
# Teams: whoever edits the register adds teams, sets their meetings and who is in them; a team's
# own members see its page (its members, meeting and week), as the leadership does.
rules.add_perm("workforce.edit_teams", is_pcn_manager)
rules.add_perm("workforce.view_team", leadership | is_in_this_team)
# Only the person whose leave it is takes it back; the PCN manager declines, never withdraws.
rules.add_perm("workforce.withdraw_leave", is_own_leave)
# The catalogue is reference data: everyone in the network reads it; the PCN manager fills gaps.
rules.add_perm("workforce.view_catalogue", is_network_member)
rules.add_perm("workforce.edit_catalogue", is_pcn_manager)
# The register against the NHS census: it names people, so the leadership reads it (and its
# export for the next return); the PCN manager, who makes the return, explains differences.
rules.add_perm("workforce.view_census", leadership)
rules.add_perm("workforce.explain_census", is_pcn_manager)


def _leave_decision(entry):
    """History names a leave decision by its outcome."""
    status = (entry.after or {}).get("status")
    return {"approved": "Approved leave", "declined": "Declined leave"}.get(
        status, "Decided on leave"
    )


# History: who may read the entries of each action (pcn.core.audit). The register's entries say
# what the staff record says (contact details, band, leaving and why), so they are for those who
# may open the register; the catalogue's for everyone who reads it.
audit.shown_to(
    "workforce.view_register",
    "workforce.add_staff",
    "workforce.update_staff",
    "workforce.draft_from_nhs",
    "workforce.import_register",
    "workforce.set_usual_week",
    "workforce.add_team",
    "workforce.update_team",
    "workforce.add_team_member",
    "workforce.remove_team_member",
    "workforce.request_leave",
    "workforce.decide_leave",
    "workforce.withdraw_leave",
    "workforce.log_supervision",
    names={
        "workforce.add_staff": "Added a person to the register",
        "workforce.update_staff": "Changed a staff record",
        "workforce.draft_from_nhs": "Drafted a staff record from the NHS workforce file",
        "workforce.import_register": "Imported the staff register",
        "workforce.set_usual_week": "Set a usual week",
        "workforce.add_team": "Added a team",
        "workforce.update_team": "Changed a team",
        "workforce.add_team_member": "Added a person to a team",
        "workforce.remove_team_member": "Took a person out of a team",
        "workforce.request_leave": "Asked for leave",
        "workforce.withdraw_leave": "Withdrew leave",
        "workforce.decide_leave": _leave_decision,
        "workforce.log_supervision": "Logged a supervision session",
    },
    labels={"wte": "WTE", "nhs_fte": "NHS FTE", "nhs_role": "NHS role", "teams": "Teams"},
)
audit.shown_to(
    "workforce.view_catalogue",
    "workforce.set_role_figure",
    names={"workforce.set_role_figure": "Set a figure in the role catalogue"},
)
audit.shown_to(
    "workforce.view_census",
    "workforce.explain_census_difference",
    "workforce.reopen_census_difference",
    names={
        "workforce.explain_census_difference": "Explained a difference from the NHS census",
        "workforce.reopen_census_difference": "Reopened a difference from the NHS census",
    },
    labels={"census_date": "Census date", "difference": "Difference", "reason": "Reason"},
)
# A pulse answer is recorded without the person or the moment (decision 5) and shown to no one.
audit.shown_to_no_one("workforce.answer_pulse")

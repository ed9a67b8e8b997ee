"""Who may see and change the network's money.

Pay (salary lines, claims and their lines, the cash flow of claims, the recruitment what-if):
the PCN manager and the clinical director only; the PCN manager makes the changes. Practice
managers see the network totals (entitlements, the forecast's monthly totals, income by stream)
and their own practice's statement; never another practice's ledger, never anyone's pay.
Observers (e.g. the ICB) see the network totals. Staff see none of it.
"""

import rules

from pcn.core import audit
from pcn.core.models import Role
from pcn.core.roles import has_network_role
from pcn.core.rules import (
    is_clinical_director,
    is_observer,
    is_pcn_manager,
    manages_this_practice,
    network_id_of,
)


@rules.predicate
def is_a_practice_manager(user, obj):
    return has_network_role(user, network_id_of(obj), Role.PRACTICE_MANAGER)


leadership = is_pcn_manager | is_clinical_director

rules.add_perm("money.view_totals", leadership | is_a_practice_manager | is_observer)
rules.add_perm("money.view_pay", leadership)
rules.add_perm("money.edit_pay", is_pcn_manager)
rules.add_perm("money.edit_rates", is_pcn_manager)
rules.add_perm("money.edit_income", is_pcn_manager)
rules.add_perm("money.view_ledger", leadership)
# The recruitment planner's posts on the forecast: the PCN manager adds and removes them.
rules.add_perm("money.plan_posts", is_pcn_manager)
# On a practice: leadership, or that practice's own manager.
rules.add_perm("money.view_statement", leadership | manages_this_practice)
# The statements' index: anyone who may open at least one practice's statement.
rules.add_perm("money.view_statements", leadership | is_a_practice_manager)

# History: who may read the entries of each action (pcn.core.audit).
audit.shown_to(
    "money.view_pay",
    "money.enter_salary_line",
    "money.start_claim",
    "money.submit_claim",
    "money.mark_claim_paid",
    "money.correct_claim_dates",
    "money.add_planned_post",
    "money.remove_planned_post",
    names={
        "money.enter_salary_line": "Entered a month's pay",
        "money.start_claim": "Started an ARRS claim",
        "money.submit_claim": "Submitted an ARRS claim",
        "money.mark_claim_paid": "Marked an ARRS claim paid",
        "money.correct_claim_dates": "Corrected an ARRS claim's dates",
        "money.add_planned_post": "Added a planned post to the forecast",
        "money.remove_planned_post": "Removed a planned post from the forecast",
    },
    labels={"on": "Date"},
    formats={
        "amount": "money",
        "month": "month",
        "start": "date",
        "cost this year": "money",
        "cost a full year": "money",
    },
)
# Arrears name each month's pay line: every value is an amount of money.
audit.shown_to(
    "money.view_pay",
    "money.add_arrears",
    names={"money.add_arrears": "Added arrears to an ARRS claim"},
    formats={"*": "money"},
)
audit.shown_to(
    "money.view_totals",
    "money.set_rate",
    "money.set_maximum",
    "money.update_profile",
    "money.record_income",
    names={
        "money.set_rate": "Set a payment rate",
        "money.set_maximum": "Set a maximum reimbursable amount",
        "money.update_profile": "Changed the network's money settings",
        "money.record_income": "Recorded money received",
    },
    labels={"shares": "Practices' shares", "passed on": "Passed on"},
    formats={"amount": "money", "shares": "money", "passed on": "money", "month": "month"},
)
audit.shown_to(
    "money.view_ledger",
    "money.set_distribution_rule",
    "money.add_first_call",
    "money.remove_first_call",
    names={
        "money.set_distribution_rule": "Set how a payment is shared",
        "money.add_first_call": "Added a first call on income",
        "money.remove_first_call": "Removed a first call on income",
    },
    labels={"percentages": "Percentages", "agreed in": "Agreed in"},
    formats={"amount a year": "money"},
)

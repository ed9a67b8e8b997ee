"""Who may see and change services, answers, fairness settings and scenarios.

Every member of the network sees every practice's allocation and why: fairness has to be seen.
The PCN manager keeps the services and the settings; each practice manager answers for their
own practice only; the clinical director agrees the allocation.
"""

import rules

from pcn.core import audit
from pcn.core.rules import (
    is_clinical_director,
    is_network_member,
    is_pcn_manager,
    manages_this_practice,
)

rules.add_perm("allocation.view_allocation", is_network_member)
rules.add_perm("allocation.edit_services", is_pcn_manager)
rules.add_perm("allocation.edit_fairness", is_pcn_manager)
rules.add_perm("allocation.save_scenario", is_pcn_manager)
rules.add_perm("allocation.agree_scenario", is_clinical_director)
# On a practice: its manager, or the PCN manager entering answers given at a meeting.
rules.add_perm("allocation.answer_for_practice", is_pcn_manager | manages_this_practice)
rules.add_perm("allocation.respond_for_practice", manages_this_practice)

# History: who may read the entries of each action (pcn.core.audit).
audit.shown_to(
    "allocation.view_allocation",
    "allocation.add_service",
    "allocation.update_service",
    "allocation.remove_service",
    "allocation.answer",
    "allocation.respond",
    "allocation.set_policy",
    "allocation.use_network_default",
    "allocation.save_scenario",
    "allocation.agree_scenario",
    "allocation.supersede_scenario",
    names={
        "allocation.add_service": "Added a service",
        "allocation.update_service": "Changed a service",
        "allocation.remove_service": "Removed a service",
        "allocation.answer": "Answered for a practice about a service",
        "allocation.respond": "Responded to a scenario",
        "allocation.set_policy": "Set a fairness policy",
        "allocation.use_network_default": "Chose the network's default fairness policy",
        "allocation.save_scenario": "Saved a scenario",
        "allocation.agree_scenario": "Agreed a scenario",
        "allocation.supersede_scenario": "Replaced an agreed scenario",
    },
    labels={"role_codes": "Roles", "by": "Replaced by"},
)

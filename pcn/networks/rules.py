"""Permissions on networks and practices."""

import rules

from pcn.core import audit
from pcn.core.rules import is_network_member, is_pcn_manager, manages_this_practice

rules.add_perm("networks.view_network", is_network_member)
rules.add_perm("networks.view_practice", is_network_member)
rules.add_perm("networks.edit_practice", is_pcn_manager | manages_this_practice)
rules.add_perm("networks.enter_official_population", is_pcn_manager)
rules.add_perm("networks.edit_membership", is_pcn_manager)
rules.add_perm("networks.upload_official_populations", is_pcn_manager)

# History: who may read the entries of each action (pcn.core.audit).
audit.shown_to(
    "networks.view_network",
    "networks.set_up",
    "networks.add_practice",
    "networks.update_practice",
    "networks.set_rooms",
    "networks.enter_official_population",
    "networks.remove_official_population",
    "networks.import_official_populations",
)

"""Who has a home of things to do. Staff land on My work and observers on the overview; the
PCN manager, the clinical director and practice managers land on their home."""

import rules

from pcn.core.models import Role
from pcn.core.roles import has_network_role
from pcn.core.rules import network_id_of


@rules.predicate
def has_a_home(user, network):
    return has_network_role(
        user,
        network_id_of(network),
        Role.PCN_MANAGER,
        Role.CLINICAL_DIRECTOR,
        Role.PRACTICE_MANAGER,
    )


rules.add_perm("home.view_home", has_a_home)

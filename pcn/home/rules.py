"""Who has a home of things to do, and who reads an ICB's page. Staff land on My work and
observers on the overview; the PCN manager, the clinical director and practice managers land on
their home; ICB users on their ICB's page (decision 31)."""

import rules

from pcn.core.models import Role
from pcn.core.roles import has_network_role, icb_codes
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


@rules.predicate
def is_icb_user_of(user, icb_code):
    """An ICB user of this ICB (IcbMembership). A role in one of its networks is not enough:
    the ICB page compares networks, which no one network's people may see of the others."""
    return bool(icb_code) and icb_code in icb_codes(user)


@rules.predicate
def is_icb_user_of_its_icb(user, network):
    return network is not None and bool(network.icb_code) and network.icb_code in icb_codes(user)


rules.add_perm("home.view_home", has_a_home)
rules.add_perm("home.view_icb", is_icb_user_of)
# The ICB user reads a network of their ICB through its overview only, and changes nothing.
rules.add_perm("home.view_icb_network", is_icb_user_of_its_icb)

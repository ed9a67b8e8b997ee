"""A network's rule that its PCN manager, its clinical director and anyone who can see pay sign
in with two factors (decision 32): who it applies to, the People page's picture of it, turning
it on or off, and the session's mark at a password sign-in that confines them until they set
two-factor up (pcn/core/two_factor_confinement.py).

Who can see pay is asked of the permission (`money.view_pay`), never a list of roles, so the
rule follows the permission when it changes.
"""

from dataclasses import dataclass

from django.db import transaction

from . import audit
from .models import Role
from .refusals import ActionRefused
from .roles import has_network_role
from .two_factor import has_two_factor

SESSION_KEY = "two_factor_required"  # [network names] whose rule this session must meet
ALWAYS = (Role.PCN_MANAGER, Role.CLINICAL_DIRECTOR)
SEES_PAY = "money.view_pay"

SET_UP, SIGNS_IN_WITH_NHS, NOT_SET_UP = "set up", "nhs identity", "not set up"


def applies_to(user, network):
    return has_network_role(user, network.pk, *ALWAYS) or user.has_perm(SEES_PAY, network)


def requiring_networks(user):
    """The networks whose rule applies to `user`, by name: any one of them is enough."""
    memberships = user.memberships.filter(network__require_two_factor=True)
    networks = {m.network for m in memberships.select_related("network")}
    return sorted(n.name for n in networks if applies_to(user, n))


def refuse_if_required(user):
    """Refuses to leave `user` with no second factor while a network's rule applies to them."""
    networks = requiring_networks(user)
    if networks:
        one = len(networks) == 1
        raise ActionRefused(
            f"{' and '.join(networks)} {'requires' if one else 'require'} two-factor sign-in of "
            "you, so it stays on. You can set up a new app or add another key, and then remove "
            "the old one."
        )


@dataclass(frozen=True)
class Person:
    user: object
    roles: list  # the person's memberships in the network, for the page to name
    status: str  # SET_UP, SIGNS_IN_WITH_NHS or NOT_SET_UP


def people_it_applies_to(network, people):
    """[Person] of `people` ([(user, [memberships])], as queries.people_of gives) the rule
    applies to, with whether each has two-factor set up."""
    found = []
    for user, memberships in people:
        if not applies_to(user, network):
            continue
        if has_two_factor(user):
            status = SET_UP
        elif user.nhs_identities.exists():
            status = SIGNS_IN_WITH_NHS
        else:
            status = NOT_SET_UP
        found.append(Person(user, memberships, status))
    return found


@transaction.atomic
def set_required(*, network, required, by):
    """Turn the rule on or off. Nobody already signed in is interrupted: each is asked at their
    next sign-in with a password."""
    if network.require_two_factor == required:
        return False
    before = {"require_two_factor": network.require_two_factor}
    network.require_two_factor = required
    network.save(update_fields=["require_two_factor"])
    audit.record(
        by=by,
        action="core.require_two_factor" if required else "core.stop_requiring_two_factor",
        target=network,
        network=network,
        label=network.name,
        before=before,
        after={"require_two_factor": required},
    )
    return True


def mark_at_sign_in(request, user):
    """At a sign-in with a password: the session notes the networks whose rule the person has
    not met, so each request afterwards reads the session and not the networks."""
    networks = [] if has_two_factor(user) else requiring_networks(user)
    if networks:
        request.session[SESSION_KEY] = networks
    else:
        request.session.pop(SESSION_KEY, None)

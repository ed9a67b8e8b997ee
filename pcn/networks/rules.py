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


# Approving a new network (decision 18): a site administrator, or an ICB user of the PCN's ICB
# (an ICB user of that ICB, decision 31, or an observer of a network in it). Nobody decides
# their own request but a superuser.
def icb_codes_observed(user):
    """The ICBs `user` is an ICB user of, or observes a network in: the ICBs they may approve
    networks in."""
    from pcn.core.models import Membership, Role
    from pcn.core.roles import icb_codes

    if not user.is_authenticated:
        return set()
    return set(icb_codes(user)) | set(
        Membership.objects.filter(user=user, role=Role.OBSERVER)
        .exclude(network__icb_code="")
        .values_list("network__icb_code", flat=True)
    )


@rules.predicate
def is_site_administrator(user):
    return user.is_authenticated and (user.is_staff or user.is_superuser)


@rules.predicate
def is_an_icb_user(user):
    return bool(icb_codes_observed(user))


@rules.predicate
def may_decide_this_application(user, application):
    if application is None or not user.is_authenticated:
        return False
    if application.applicant_id == user.pk and not user.is_superuser:
        return False
    return is_site_administrator(user) or application.icb_code in icb_codes_observed(user)


rules.add_perm("networks.see_applications", is_site_administrator | is_an_icb_user)
# Making someone an ICB user (decision 31): site administrators only.
rules.add_perm("networks.add_icb_user", is_site_administrator)
rules.add_perm("networks.decide_application", may_decide_this_application)


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
    names={
        "networks.set_up": "Set up the network",
        "networks.add_practice": "Added a practice",
        "networks.update_practice": "Changed a practice's details",
        "networks.set_rooms": "Changed rooms",
        "networks.enter_official_population": "Entered an official population",
        "networks.remove_official_population": "Removed an official population",
        "networks.import_official_populations": "Uploaded the ICB's official populations",
    },
    labels={"ods_code": "ODS code", "pcn_code": "PCN code", "icb_name": "ICB"},
)
# Asking and being refused belong to no network yet: the approvals page shows them.
audit.shown_to(
    "networks.view_network",
    "networks.approve_application",
    names={"networks.approve_application": "Approved the network's application"},
)
audit.shown_to_no_one("networks.apply", "networks.refuse_application")
# Making someone an ICB user belongs to no network: site administrators do it from the command
# line (manage.py add_icb_user).
audit.shown_to_no_one("networks.add_icb_user")

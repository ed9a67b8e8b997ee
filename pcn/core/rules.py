"""Permissions on people, invitations and history. Each object names its network."""

import rules

from . import audit
from .models import Role
from .roles import has_network_role, is_member, managed_practice_ids


def network_id_of(obj):
    """The network a permission is asked about: a Network, or anything with a network."""
    if obj is None:
        return None
    if obj._meta.label == "networks.Network":
        return obj.pk
    if hasattr(obj, "network_id"):
        return obj.network_id
    if hasattr(obj, "staff_id"):  # leave, supervision, pulse: through the person
        return obj.staff.network_id
    if hasattr(obj, "practice"):
        return obj.practice.network_id
    return None


def practice_id_of(obj):
    if obj is None:
        return None
    if obj._meta.label == "networks.Practice":
        return obj.pk
    return getattr(obj, "practice_id", None)


@rules.predicate
def is_network_member(user, obj):
    return is_member(user, network_id_of(obj))


def _role_predicate(*roles):
    @rules.predicate(name=f"has_role_{'_or_'.join(roles)}")
    def predicate(user, obj):
        return has_network_role(user, network_id_of(obj), *roles)

    return predicate


is_pcn_manager = _role_predicate(Role.PCN_MANAGER)
is_clinical_director = _role_predicate(Role.CLINICAL_DIRECTOR)
is_observer = _role_predicate(Role.OBSERVER)


@rules.predicate
def manages_this_practice(user, obj):
    practice_id = practice_id_of(obj)
    return practice_id is not None and practice_id in managed_practice_ids(user, network_id_of(obj))


rules.add_perm("core.view_members", is_pcn_manager | is_clinical_director)
rules.add_perm("core.manage_members", is_pcn_manager)
# The network-wide history: leadership and observers (e.g. the ICB) oversee the network.
rules.add_perm("core.view_history", is_pcn_manager | is_clinical_director | is_observer)
# One record's history: the same people, plus a practice manager for their own practice.
rules.add_perm(
    "core.view_record_history",
    is_pcn_manager | is_clinical_director | is_observer | manages_this_practice,
)

# History: who may read the entries of each action (pcn.core.audit).
audit.shown_to(
    "core.view_members",
    "core.invite",
    "core.revoke_invitation",
    "core.accept_invitation",
    "core.sign_up",
    "core.add_member",
    "core.remove_member",
    "core.require_two_factor",
    "core.stop_requiring_two_factor",
    names={
        "core.require_two_factor": "Required two-factor sign-in",
        "core.stop_requiring_two_factor": "Stopped requiring two-factor sign-in",
        "core.invite": "Invited someone",
        "core.revoke_invitation": "Withdrew an invitation",
        "core.accept_invitation": "Accepted an invitation",
        "core.sign_up": "Made an account",
        "core.add_member": "Gave someone a role",
        "core.remove_member": "Took away someone's role",
    },
)
audit.shown_to(
    "core.manage_members",
    "core.create_api_token",
    "core.revoke_api_token",
    names={
        "core.create_api_token": "Made an API token",
        "core.revoke_api_token": "Revoked an API token",
    },
)
# Signing in and out, NHS identities and a new password are the person's own: their account
# page shows them, and no network's History does (they are about no network).
audit.shown_to(
    None,
    "core.sign_in",
    "core.sign_out",
    "core.sign_in_failed",
    "core.change_password",
    "core.link_identity",
    "core.unlink_identity",
    "core.add_two_factor",
    "core.remove_two_factor",
    "core.add_security_key",
    "core.remove_security_key",
    "core.new_recovery_codes",
    "core.end_session",
    names={
        "core.sign_in": "Signed in",
        "core.sign_out": "Signed out",
        "core.sign_in_failed": "Sign-in refused",
        "core.change_password": "Changed their password",
        "core.link_identity": "Linked an NHS identity",
        "core.unlink_identity": "Unlinked an NHS identity",
        "core.add_two_factor": "Turned on two-factor sign-in",
        "core.remove_two_factor": "Turned off two-factor sign-in",
        "core.add_security_key": "Added a security key",
        "core.remove_security_key": "Removed a security key",
        "core.new_recovery_codes": "Made new recovery codes",
        "core.end_session": "Signed another session out",
    },
)

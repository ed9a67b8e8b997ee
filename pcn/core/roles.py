"""Who holds which role where. Cached per user object so a page asks the database once."""

from .models import Membership, Role


def roles_in(user, network_id):
    """{(role, practice_id)} the user holds in the network (practice_id None for network roles)."""
    if not user.is_authenticated or network_id is None:
        return frozenset()
    cache = getattr(user, "_pcn_roles", None)
    if cache is None:
        cache = {}
        for network, role, practice in Membership.objects.filter(user=user).values_list(
            "network_id", "role", "practice_id"
        ):
            cache.setdefault(network, set()).add((role, practice))
        user._pcn_roles = cache
    return frozenset(cache.get(network_id, ()))


def forget_roles(user):
    """After a membership changes, the next check reads them again."""
    if hasattr(user, "_pcn_roles"):
        del user._pcn_roles


def has_network_role(user, network_id, *roles):
    return any(role in roles for role, _ in roles_in(user, network_id))


def managed_practice_ids(user, network_id):
    return {
        practice for role, practice in roles_in(user, network_id) if role == Role.PRACTICE_MANAGER
    }


def is_member(user, network_id):
    return bool(roles_in(user, network_id))

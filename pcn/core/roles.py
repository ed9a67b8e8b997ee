"""Who holds which role where. Cached per user object so a page asks the database once."""

from .models import IcbMembership, Membership, Role


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
    for cached in ("_pcn_roles", "_pcn_icb_codes"):
        if hasattr(user, cached):
            delattr(user, cached)


def icb_codes(user):
    """The ICBs the user is an ICB user of (IcbMembership), asked once per user object."""
    if not user.is_authenticated:
        return frozenset()
    cache = getattr(user, "_pcn_icb_codes", None)
    if cache is None:
        cache = frozenset(
            IcbMembership.objects.filter(user=user).values_list("icb_code", flat=True)
        )
        user._pcn_icb_codes = cache
    return cache


def has_network_role(user, network_id, *roles):
    return any(role in roles for role, _ in roles_in(user, network_id))


def managed_practice_ids(user, network_id):
    return {
        practice for role, practice in roles_in(user, network_id) if role == Role.PRACTICE_MANAGER
    }


def is_member(user, network_id):
    return bool(roles_in(user, network_id))

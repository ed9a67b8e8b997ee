"""Which register record is the signed-in person, and whom they supervise. Cached per user
object, like their roles, so a page asks once."""

from django.db.models import Q

from .models import StaffMember


def _load(user, network_id):
    cache = getattr(user, "_pcn_staff", None)
    if cache is None:
        cache = user._pcn_staff = {}
    if network_id not in cache:
        # Linked explicitly, or recognised by the email address the register holds.
        me = (
            StaffMember.objects.filter(network_id=network_id)
            .filter(Q(user=user) | Q(user__isnull=True, email__iexact=user.email))
            .order_by("user_id")
            .first()
        )
        supervisees = set()
        if me is not None:
            supervisees = set(
                StaffMember.objects.filter(supervisor=me).values_list("pk", flat=True)
            )
        cache[network_id] = (me, frozenset(supervisees))
    return cache[network_id]


def my_record(user, network_id):
    if not user.is_authenticated or network_id is None:
        return None
    return _load(user, network_id)[0]


def my_supervisees(user, network_id):
    if not user.is_authenticated or network_id is None:
        return frozenset()
    return _load(user, network_id)[1]

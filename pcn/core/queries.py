"""Reads about people and history, shaped for pages."""

from itertools import groupby

from django.apps import apps

from .actions import SIGN_IN_EVENTS
from .models import AuditEntry, Membership
from .rules import network_id_of


def memberships_of(user):
    return (
        Membership.objects.filter(user=user)
        .select_related("network", "practice")
        .order_by("network__name", "role")
    )


def sign_ins_of(user, limit=10):
    """The account's latest sign-ins, sign-outs and refused sign-ins, newest first: shown to
    its owner, so they can see an attempt that was not theirs."""
    return AuditEntry.objects.filter(
        target_type="core.user",
        target_id=str(user.pk),
        action__in=list(SIGN_IN_EVENTS),
    )[:limit]


def people_of(network):
    """[(user, [memberships])] for everyone in the network, by name."""
    memberships = network.memberships.select_related("user", "practice").order_by(
        "user__full_name", "user__email", "role"
    )
    return [(user, list(group)) for user, group in groupby(memberships, key=lambda m: m.user)]


def network_history(network):
    return AuditEntry.objects.filter(network=network).select_related("actor")


def audited_record(network, target_type, target_id):
    """The live record an audit entry is about, if it still exists in this network."""
    try:
        model = apps.get_model(target_type)
    except (LookupError, ValueError):
        return None
    record = model.objects.filter(pk=target_id).first()
    if record is None:
        return None
    return record if network_id_of(record) == network.pk else None

"""The two ICB figures that only a network's own presenters can give: people at high risk of
isolation (workforce.belonging, which reads where everyone works this week, their teams and
supervision) and the ARRS money forecast to go unspent (money.queries.forecast_for, through
every claim rule). Re-deriving them in bulk would be a second copy of those rules, free to
disagree with the network's own pages; so each is computed by the network's presenter and kept
until the network changes (decision 31).

A network changes only through actions, and every action writes an audit entry for its network
in its transaction, so a network's latest audit entry stamps its state; the NHS files loaded
(ImportLog) and the day stamp the rest. One query reads every network's stamp; a network whose
stamp is unchanged costs no query at all, so the page costs the same for forty networks as for
two once they are computed, and a changed network is computed again on the next view."""

import hashlib

from django.core.cache import cache
from django.db.models import Count, Max

from pcn.core.models import AuditEntry
from pcn.money.queries import forecast_for
from pcn.reference.models import ImportLog
from pcn.workforce import belonging

PREFIX = "pcn.home.icb"
KEEP_SECONDS = 24 * 60 * 60  # the day is in the stamp; this only clears the cache of old days


def stamps(ids):
    """{network pk: its stamp}, and the reference files' stamp: two queries."""
    found = {
        network_id: (last, count, str(at))
        for network_id, last, count, at in AuditEntry.objects.filter(network_id__in=ids)
        .values("network_id")
        .annotate(last=Max("pk"), n=Count("pk"), at=Max("at"))
        .values_list("network_id", "last", "n", "at")
    }
    reference = ImportLog.objects.aggregate(last=Max("pk"))["last"]
    return {pk: found.get(pk, (0, 0, "")) for pk in ids}, reference


def compute(network, today):
    """The figures of one network, from its own presenters: plain values, kept in the cache."""
    high = sum(1 for p in belonging.profiles(network, today=today) if p.severity == "High")
    forecast, _, _ = forecast_for(network, today=today)
    return {
        "high_risk": high,
        "year": forecast.year,
        "entitlement": forecast.entitlement,
        "unspent": forecast.unspent,
        "overspent": forecast.overspent,
        "left_out": len(forecast.left_out),
        "estimated_months": sum(1 for m in forecast.months if not m.actual),
    }


def figures(networks, today):
    """{network pk: compute(...)} for every network, from the cache where its stamp holds."""
    by_pk = {n.pk: n for n in networks}
    network_stamps, reference = stamps(list(by_pk))
    keys = {
        pk: f"{PREFIX}.{pk}."
        + hashlib.sha256(f"{today.isoformat()} {reference} {stamp}".encode()).hexdigest()
        for pk, stamp in network_stamps.items()
    }
    held = cache.get_many(list(keys.values()))
    result, fresh = {}, {}
    for pk, key in keys.items():
        if key in held:
            result[pk] = held[key]
        else:
            result[pk] = fresh[key] = compute(by_pk[pk], today)
    if fresh:
        cache.set_many(fresh, KEEP_SECONDS)
    return result

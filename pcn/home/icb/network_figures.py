"""Each network's row of the ICB page, kept until the network changes (decision 31).

A network changes only through actions, and every action writes an audit entry for its network
in its transaction, so a network's latest audit entry stamps its state; the NHS files loaded
(ImportLog) and the day stamp the rest. One query reads every network's stamp; a network whose
stamp is unchanged costs no query at all, and the rows of those that changed are read together
(figures.py, one query per figure for all of them).

Two figures only a network's own presenters give: people at high risk of isolation
(workforce.belonging, which reads where everyone works this week, their teams and supervision)
and the ARRS money forecast to go unspent (money.queries.forecast_for, through every claim
rule). Re-deriving them in bulk would be a second copy of those rules, free to disagree with
the network's own pages, so `compute` asks the network's presenters, once per change."""

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
    # The latest entry and how many there are: both read from the network's index alone.
    found = {
        network_id: (last, count)
        for network_id, last, count in AuditEntry.objects.filter(network_id__in=ids)
        .values("network_id")
        .annotate(last=Max("pk"), n=Count("pk"))
        .values_list("network_id", "last", "n")
    }
    reference = ImportLog.objects.aggregate(last=Max("pk"))["last"]
    return {pk: found.get(pk, (0, 0)) for pk in ids}, reference


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


def key(pk, stamp, reference, today):
    """The cache key of a network's row: the network and what its row was computed from."""
    return (
        f"{PREFIX}.{pk}."
        + hashlib.sha256(f"{today.isoformat()} {reference} {stamp}".encode()).hexdigest()
    )


def forget(network, today):
    """Drop a network's kept row, as a change to it would (the benchmark's "one changed")."""
    network_stamps, reference = stamps([network.pk])
    cache.delete(key(network.pk, network_stamps[network.pk], reference, today))


def rows(networks, today, build):
    """{network pk: its row} for every network: from the cache where the network's stamp holds,
    else from `build(stale networks)`, which reads them all at once, and kept."""
    by_pk = {n.pk: n for n in networks}
    network_stamps, reference = stamps(list(by_pk))
    keys = {pk: key(pk, stamp, reference, today) for pk, stamp in network_stamps.items()}
    held = cache.get_many(list(keys.values()))
    stale = [by_pk[pk] for pk, key in keys.items() if key not in held]
    built = build(stale) if stale else {}
    if built:
        cache.set_many({keys[pk]: row for pk, row in built.items()}, KEEP_SECONDS)
    return {pk: held[key] if key in held else built[pk] for pk, key in keys.items()}

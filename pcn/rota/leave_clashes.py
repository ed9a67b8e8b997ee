"""The published rota sessions a leave would take someone out of, for the leave approval page.
Registered with the register at start-up (`apps.py`): the register stands below the rota and
cannot read it itself (docs/DEVELOPING.md, the floors)."""

from django.db.models import Q

from pcn.networks.models import AnySession
from pcn.networks.week import session_name
from pcn.workforce.leave import RotaSession

from .models import Assignment, RotaPlan


def published_sessions(leaves):
    """{leave id: [RotaSession]} in day and session order; the newest published plan wins
    where published plans overlap, as in a person's week."""
    leaves = list(leaves)
    if not leaves:
        return {}
    within = Q()
    for leave in leaves:
        within |= Q(staff_id=leave.staff_id, day__gte=leave.start, day__lte=leave.end)
    rows = (
        Assignment.objects.filter(within, plan__status=RotaPlan.Status.PUBLISHED)
        .select_related("practice")
        .order_by("day", "session", "-plan__published_at")
    )
    seen, found = set(), {leave.pk: [] for leave in leaves}
    for a in rows:
        if (a.staff_id, a.day, a.session) in seen:
            continue
        seen.add((a.staff_id, a.day, a.session))
        place = a.practice.name if a.practice else "Hub or remote"
        for leave in leaves:
            if leave.staff_id == a.staff_id and leave.start <= a.day <= leave.end:
                found[leave.pk].append(
                    RotaSession(a.day, session_name(a.session), place, a.service, a.session)
                )
    order = {session: n for n, session in enumerate(AnySession.values)}
    return {
        pk: sorted(sessions, key=lambda s: (s.day, order[s.code])) for pk, sessions in found.items()
    }

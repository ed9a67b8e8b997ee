"""The published rota as the register reads it: who is where, session by session, in some days.
The register's one answer to where someone works (pcn.workforce.where_they_work) reads this."""

from datetime import timedelta

from .models import Assignment, RotaPlan


def published_sessions(network, staff_ids, first, last):
    """(whether a published plan covers any day from `first` to `last`, [(staff id, day,
    session, practice id or None)] of those people's (everyone's, if None) published sessions in those days): where
    published plans overlap, the newest published wins, as in queries.my_published_week. Two
    queries."""
    plans = [
        pk
        for pk, start, weeks in network.rota_plans.filter(
            status=RotaPlan.Status.PUBLISHED, start__lte=last
        )
        .order_by("-published_at", "-pk")
        .values_list("pk", "start", "weeks")
        if start + timedelta(weeks=weeks) > first
    ]
    if not plans:
        return False, []
    newest = {pk: rank for rank, pk in enumerate(plans)}
    found = {}
    assignments = Assignment.objects.filter(plan_id__in=plans, day__range=(first, last))
    if staff_ids is not None:
        assignments = assignments.filter(staff_id__in=staff_ids)
    for plan_id, staff_id, day, session, practice_id in assignments.values_list(
        "plan_id", "staff_id", "day", "session", "practice_id"
    ):
        key = (staff_id, day, session)
        if key not in found or newest[plan_id] < found[key][0]:
            found[key] = (newest[plan_id], practice_id)
    return True, [(*key, practice_id) for key, (_, practice_id) in sorted(found.items())]

"""The problem the bound works on: core hours only.

The column generation prices a person's week day by day, a morning and an afternoon at a time;
evenings and Saturdays (the enhanced access hours) do not fit it. Leaving them out keeps the
bound proven, because the problem without them is a relaxation of the problem with them:

- every rota, with its evening and Saturday sessions dropped, is a rota of the smaller problem
  (each hard rule holds on fewer sessions: a person's practices a week can only fall, rooms and
  locked sessions in those hours go with them, and no core-hours service is delivered in them);
- no soft rule's penalty rises when sessions are dropped: away_from_home, change_from_published
  and extra_site count fewer, split_day pairs only mornings and afternoons, the teams meet in
  core hours, and the enhanced access duty, never negative, is left out with its hours;
- enhanced access services are delivered in those hours only, so their targets (if any) and the
  skills go too.

So the least penalty of the smaller problem is at most that of any rota of the whole one.
"""

import dataclasses

from ..problem import Problem


def core_hours(problem: Problem) -> Problem:
    """`problem` without its evening and Saturday sessions, or itself when it has none."""
    enhanced = {s.name for s in problem.services if s.enhanced}
    if not enhanced and not any(
        slot.enhanced for person in problem.people for slot in person.available
    ):
        return problem
    return dataclasses.replace(
        problem,
        people=tuple(
            dataclasses.replace(
                person,
                services=tuple(s for s in person.services if s not in enhanced),
                available=tuple(slot for slot in person.available if not slot.enhanced),
                leave=tuple(slot for slot in person.leave if not slot.enhanced),
            )
            for person in problem.people
        ),
        targets=tuple(t for t in problem.targets if t.service not in enhanced),
        locked=in_core_hours(problem.locked, enhanced),
        published=in_core_hours(problem.published, enhanced),
        enhanced_access=None,
    )


def in_core_hours(rota, enhanced=frozenset()):
    """The assignments of a rota in core hours, for a core-hours service."""
    return tuple(a for a in rota if not a.slot.enhanced and a.service not in enhanced)

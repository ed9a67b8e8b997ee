"""How the soft rules read a rota: where each working session is placed.

Soft rules score the sessions people work. An assignment on a session the person does not work,
a second assignment of a session, or one for somebody not in the problem is a hard rule's
business (working_sessions); the soft rules read the first assignment of each working session
and ignore the rest, so a broken rota is still scored without double counting.
"""

from collections.abc import Iterable

from .problem import Assignment, Problem, Slot

# validate() asks once per rule for the same rota. The last tuple read is remembered together
# with the problem and the rota themselves, so their ids cannot be reused while remembered.
_last: tuple | None = None


def placements(problem: Problem, rota: Iterable[Assignment]) -> dict[tuple[str, Slot], Assignment]:
    last = _last
    if last is not None and last[0] is problem and last[1] is rota:
        return last[2]
    working = {(person.id, slot) for person in problem.people for slot in person.available}
    placed: dict[tuple[str, Slot], Assignment] = {}
    for a in sorted(rota):
        key = (a.person, a.slot)
        if key in working and key not in placed:
            placed[key] = a
    if isinstance(rota, tuple):
        _remember(problem, rota, placed)
    return placed


def _remember(problem, rota, placed):
    global _last
    _last = (problem, rota, placed)

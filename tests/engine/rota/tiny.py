"""Tiny networks for the rota tests, small enough to know the best rota by hand: practices A, B
and C and the hub; a service that needs a room (medication reviews) and one that doesn't (home
visits)."""

from datetime import date, timedelta

from engine.rota.problem import (
    DEFAULT_WEIGHTS,
    HUB,
    NETWORK_WORK,
    Assignment,
    Person,
    Problem,
    Service,
    Site,
    Slot,
    Target,
)
from engine.rota.solve import solve

MONDAY = date(2026, 11, 30)
SMR = "Structured medication reviews"
VISITS = "Home visits"
A, B, C = "A81001", "A81002", "A81003"
NAMES = {A: "Practice A", B: "Practice B", C: "Practice C"}


def on(week: int, weekday: int, session: str) -> Slot:
    """A session by week (0 first), weekday (0 Monday) and "AM"/"PM"."""
    return Slot(MONDAY + timedelta(weeks=week, days=weekday), session)


def every(weeks: int = 1, weekdays=range(5), sessions=("AM", "PM")) -> tuple[Slot, ...]:
    return tuple(on(w, d, s) for w in range(weeks) for d in weekdays for s in sessions)


def person(pid: str, *, services=(SMR,), works=None, **fields) -> Person:
    return Person(
        id=pid,
        name=pid.capitalize(),
        services=tuple(services),
        available=every() if works is None else tuple(works),
        **fields,
    )


def practice(site: str, rooms=2) -> Site:
    grid = rooms if isinstance(rooms, dict) else {
        (d, s): rooms for d in range(5) for s in ("AM", "PM")
    }  # fmt: skip
    return Site(site, NAMES[site], grid)


def network(
    *people: Person,
    weeks: int = 1,
    practices=(A, B),
    rooms=2,
    targets: dict | None = None,
    only: str | None = None,
    **fields,
) -> Problem:
    """`targets`: {(site, service): sessions a week}. `only`: keep that soft rule's default
    weight and switch the others off, to see one rule alone; "none" switches every one off.
    Strict allocation unless asked otherwise: the small cases test the floor as a hard rule."""
    fields.setdefault("strict_allocation", True)
    by_site = rooms if isinstance(rooms, dict) else {}
    sites = tuple(practice(site, by_site.get(site, 2) if by_site else rooms) for site in practices)
    if only is not None:
        fields["weights"] = {rule: w if rule == only else 0 for rule, w in DEFAULT_WEIGHTS.items()}
    return Problem(
        network="U00000",
        start=MONDAY,
        weeks=weeks,
        people=tuple(people),
        sites=(*sites, Site(HUB, "Network hub")),
        services=(Service(SMR), Service(VISITS, needs_rooms=False)),
        targets=tuple(Target(site, service, n) for (site, service), n in (targets or {}).items()),
        **fields,
    )


def at(pid: str, slot: Slot, site: str, service: str | None = None) -> Assignment:
    if service is None:
        service = NETWORK_WORK if site == HUB else SMR
    return Assignment(pid, slot.day, slot.session, site, service)


def everywhere(pid: str, slots, site: str, service: str | None = None) -> list[Assignment]:
    return [at(pid, slot, site, service) for slot in slots]


def solved(problem: Problem, seconds: float = 5.0):
    """Solved on one worker with a fixed seed, so a failing test fails the same way again."""
    return solve(problem, seconds=seconds, workers=1, seed=0)


def total(result, rule: str) -> int:
    return next(r.total for r in result.explanation.rules if r.rule == rule)

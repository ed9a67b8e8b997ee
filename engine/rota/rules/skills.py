"""People only deliver services they can deliver, in the hours the service runs; the hub is for
network work, and network work is only at the hub.

A person may deliver any of their services at any practice: what each practice gets is the
allocation rule's business, not this one's. A service in core hours is delivered in mornings and
afternoons; an enhanced access service on weekday evenings and Saturdays, at a practice that
offers that session; on a bank holiday only the services the network works it for (and no
network work). The model offers no other choice (see `options` and `allowed`), so build() adds
nothing.
"""

from collections.abc import Callable

from .. import horizon
from ..findings import Violation
from ..problem import HUB, NETWORK_WORK, Person, Problem, Slot

NAME = "skills"
TITLE = "Skills"
WHY = "A practice is only given the services the person placed there is able to deliver."
KIND = "hard"


def options(problem: Problem, person: Person) -> list[tuple[str, str]]:
    """Every (site, service) the person may be placed at: the hub for network work, and each
    practice for each of their services."""
    practices = [site.id for site in problem.sites if site.id != HUB]
    services = [s for s in dict.fromkeys(person.services) if s != NETWORK_WORK]
    return [(HUB, NETWORK_WORK)] + [(site, s) for site in practices for s in services]


def allowed(problem: Problem) -> Callable[[Slot, str, str], bool]:
    """allowed(slot, site, service): may the service be delivered at the site in that session,
    whoever delivers it? Worked out once per problem: the model asks for every choice."""
    enhanced, offered = _hours(problem)
    holidays = {day: set(problem.holidays_worked.get(day, ())) for day in problem.holidays}

    def allow(slot: Slot, site: str, service: str) -> bool:
        # The same tests as _refusal, without the words: the model asks for every choice.
        if slot.day in holidays and service not in holidays[slot.day]:
            return False
        if site == HUB:
            return True
        if service in enhanced:
            return slot.enhanced and (site, slot.day.weekday(), slot.session) in offered
        return not slot.enhanced

    return allow


def _hours(problem: Problem) -> tuple[set[str], set[tuple[str, int, str]]]:
    """(the enhanced access services, the (site, weekday, session) sessions offered for them)."""
    access = problem.enhanced_access
    return (
        {s.name for s in problem.services if s.enhanced},
        {(o.site, o.weekday, o.session) for o in (access.sessions if access else ())},
    )


def _refusal(problem, slot, site, service, enhanced, offered) -> str | None:
    """Why the service may not be delivered at the site in the session, in words; None when it
    may."""
    worked = problem.services_on(slot.day)
    label = horizon.slot_label(slot)
    if worked is not None and service not in worked:
        only = f" worked only for {horizon.names(worked)}" if worked else ""
        return f"{label} is a bank holiday{only}"
    if site == HUB:
        return None
    if service in enhanced:
        if not slot.enhanced:
            return f"{service} runs on weekday evenings and Saturdays, and {label} is in core hours"
        if (site, slot.day.weekday(), slot.session) not in offered:
            return f"{horizon.site_name(problem, site)} does not offer {service} on {label}"
        return None
    if slot.enhanced:
        return f"{service} runs in core hours, and {label} is in the enhanced access hours"
    return None


def build(model):
    """Nothing to add: the model only has choices from `options`."""


def check(problem: Problem, rota) -> list[Violation]:
    people = {person.id: person for person in problem.people}
    sites = {site.id for site in problem.sites} | {HUB}
    allowed = {person.id: set(options(problem, person)) for person in problem.people}
    enhanced, offered = _hours(problem)
    working = {(person.id, slot) for person in problem.people for slot in person.available}
    violations = []
    for a in sorted(rota):
        person = people.get(a.person)
        if person is None:
            continue
        if (a.site, a.service) in allowed[a.person]:
            # A session the person doesn't work (a bank holiday among them) is working_sessions'
            # to name.
            refusal = (
                _refusal(problem, a.slot, a.site, a.service, enhanced, offered)
                if (a.person, a.slot) in working
                else None
            )
            if refusal is not None:
                violations.append(
                    Violation(
                        NAME,
                        f"{person.name} is placed for {a.service} at "
                        f"{horizon.site_name(problem, a.site)}: {refusal}.",
                        who=(a.person,),
                        where=a.site,
                        when=horizon.slot_stamp(a.slot),
                    )
                )
            continue
        label = horizon.slot_label(a.slot)
        if a.site not in sites:
            message = f"{person.name} is placed at {a.site}, which is not a site of this network, on {label}."
        elif a.site == HUB:
            message = f"{person.name} is at the hub on {label} for {a.service}: the hub is for network work only."
        elif a.service == NETWORK_WORK:
            message = f"{person.name} is doing network work at {horizon.site_name(problem, a.site)} on {label}: network work is at the hub."
        else:
            message = f"{person.name} is placed to deliver {a.service} at {horizon.site_name(problem, a.site)} on {label}, which they do not deliver."
        violations.append(
            Violation(NAME, message, who=(a.person,), where=a.site, when=horizon.slot_stamp(a.slot))
        )
    return violations

"""People only deliver services they can deliver; the hub is for network work, and network work
is only at the hub.

A person may deliver any of their services at any practice: what each practice gets is the
allocation rule's business, not this one's. The model offers no other choice (see `options`),
so build() adds nothing.
"""

from .. import horizon
from ..findings import Violation
from ..problem import HUB, NETWORK_WORK, Person, Problem

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


def build(model):
    """Nothing to add: the model only has choices from `options`."""


def check(problem: Problem, rota) -> list[Violation]:
    people = {person.id: person for person in problem.people}
    sites = {site.id for site in problem.sites} | {HUB}
    allowed = {person.id: set(options(problem, person)) for person in problem.people}
    violations = []
    for a in sorted(rota):
        person = people.get(a.person)
        if person is None or (a.site, a.service) in allowed[a.person]:
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

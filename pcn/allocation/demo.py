"""The demo network's services: the usual ones its staff can deliver, each practice's answers
(not every practice in every service, one practice yet to answer), declared demand, and two
agreed allocations in turn, so the ledger has weeks to show. Deterministic for a PCN code."""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from pcn.core import demo_dates as dates

from . import actions
from .models import Basis
from .queries import next_week

CONSTRAINTS = [
    "No room on Friday afternoons.",
    "Car park works until spring: visits from the practice are hard.",
    "Would prefer the same person every week.",
    "",
]


def build(network, *, manager, director, practice_managers, today):
    """`practice_managers`: {practice id: user}."""
    rng = random.Random(f"allocation-{network.pcn_code}")
    roles = set(network.staff.exclude(role_code="").values_list("role_code", flat=True))
    services = actions.add_starter_services(network=network, by=manager, role_codes_present=roles)
    practices = list(network.practices.all())
    # The last practice has not answered yet (the PCN manager sees who), unless it is the only one.
    answering = practices[:-1] if len(practices) > 2 else practices
    answers = {}
    for practice in answering:
        for service in services:
            # Home visiting is the service some practices need and others don't.
            opted_in = rng.random() < (0.55 if service.name == "Home visiting" else 0.85)
            demand = Decimal(rng.randint(2, 12)) / 2 if opted_in and rng.random() < 0.6 else None
            answers[practice, service] = (
                opted_in,
                demand,
                rng.choice(CONSTRAINTS) if opted_in else "",
            )
    for service in services:
        # Every service has someone taking part, or the demo would show only refusals.
        if answering and not any(answers[p, service][0] for p in answering):
            answers[answering[0], service] = (True, None, "")
    for index, practice in enumerate(answering):
        saved = actions.answer(
            practice=practice,
            answers=[(service, *answers[practice, service]) for service in services],
            by=practice_managers.get(practice.pk, manager),
        )
        # Practices answered over a fortnight, the first thirteen weeks ago (before the equal
        # split was agreed); pcn.core.demo_dates.
        for answer in saved:
            dates.move(answer, dates.moment(today, 90 - 3 * index, 11), answered_at=None)
    actions.set_policy(network=network, basis=Basis.WEIGHTED, by=manager)
    if not services:
        return
    _agreed_history(network, manager, director, practice_managers, practices, rng, today)


WEIGHTED_REASON = (
    "The January rota had to be planned from this week. The board will look at home visiting "
    "again at its next meeting."
)


def _agreed_history(network, manager, director, practice_managers, practices, rng, today):
    """The equal split agreed ten weeks ago, then weighted need three weeks ago."""
    now = timezone.make_aware(datetime.combine(today, time(9)))
    week = next_week(today)
    try:
        equal = actions.save_scenario(
            network=network, name="Equal split", equal=True, week=week, by=manager
        )
        weighted = actions.save_scenario(
            network=network, name="Weighted need", week=week, by=manager
        )
    except actions.ActionRefused:
        return  # a network whose services can't all be allocated keeps no history
    # Every practice agreed the equal split; weighted need was agreed without the last
    # practice's answer and over any objection, with the clinical director's reason.
    for practice in practices:
        actions.respond(
            scenario=equal,
            practice=practice,
            agrees=True,
            by=practice_managers.get(practice.pk, manager),
        )
    for practice in practices[:-1]:
        objects = rng.random() < 0.25
        actions.respond(
            scenario=weighted,
            practice=practice,
            agrees=not objects,
            comment="We have more over-75s than our list suggests; please look at home visiting again."
            if objects
            else "",
            by=practice_managers.get(practice.pk, manager),
        )
    actions.agree_scenario(scenario=equal, by=director)
    actions.agree_scenario(
        scenario=weighted,
        by=director,
        confirmed=[h.ods_code for h in actions.scenario_holdouts(weighted)],
        reason=WEIGHTED_REASON,
    )
    for scenario, weeks_ago in ((equal, 10), (weighted, 3)):
        when = now - timedelta(weeks=weeks_ago)
        dates.move(scenario, when - timedelta(days=7), actions=["allocation.save_scenario"])
        dates.move(
            scenario,
            when,
            actions=["allocation.agree_scenario"],
            created_at=when - timedelta(days=7),
            agreed_at=when,
        )
        for index, response in enumerate(scenario.responses.order_by("practice__name")):
            dates.move(response, when - timedelta(days=6 - index % 5), at=None)
    dates.move(
        equal,
        now - timedelta(weeks=3),
        actions=["allocation.supersede_scenario"],
        superseded_at=None,
    )
    comparison = actions.save_scenario(
        network=network, name="Equal split, for comparison", equal=True, week=week, by=manager
    )
    dates.move(comparison, dates.moment(today, 1, 16), created_at=None)

"""The demo network's services: the usual ones its staff can deliver, each practice's answers
(not every practice in every service, one practice yet to answer), declared demand, and two
agreed allocations in turn, so the ledger has weeks to show. Deterministic for a PCN code."""

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from . import actions
from .models import Basis, Scenario
from .queries import next_week

CONSTRAINTS = [
    "No room on Friday afternoons.",
    "Car park works until spring: visits from the practice are hard.",
    "Would prefer the same person every week.",
    "",
]


def build(network, *, manager, director, practice_managers):
    """`practice_managers`: {practice id: user}."""
    rng = random.Random(f"allocation-{network.pcn_code}")
    roles = set(network.staff.exclude(role_code="").values_list("role_code", flat=True))
    services = actions.add_starter_services(network=network, by=manager, role_codes_present=roles)
    practices = list(network.practices.all())
    for index, practice in enumerate(practices):
        if index == len(practices) - 1 and len(practices) > 2:
            continue  # the last practice has not answered yet: the PCN manager sees who
        answers = []
        for service in services:
            # Home visiting is the service some practices need and others don't.
            opted_in = rng.random() < (0.55 if service.name == "Home visiting" else 0.85)
            demand = Decimal(rng.randint(2, 12)) / 2 if opted_in and rng.random() < 0.6 else None
            constraints = rng.choice(CONSTRAINTS) if opted_in else ""
            answers.append((service, opted_in, demand, constraints))
        if not any(opted for _, opted, _, _ in answers) and answers:
            service, _, demand, constraints = answers[0]
            answers[0] = (service, True, demand, constraints)
        actions.answer(
            practice=practice, answers=answers, by=practice_managers.get(practice.pk, manager)
        )
    actions.set_policy(network=network, basis=Basis.WEIGHTED, by=manager)
    if not services:
        return
    _agreed_history(network, manager, director, practice_managers, practices, rng)


def _agreed_history(network, manager, director, practice_managers, practices, rng):
    """The equal split agreed ten weeks ago, then weighted need three weeks ago."""
    now = timezone.now()
    week = next_week()
    try:
        equal = actions.save_scenario(
            network=network, name="Equal split", equal=True, week=week, by=manager
        )
        weighted = actions.save_scenario(
            network=network, name="Weighted need", week=week, by=manager
        )
    except actions.ActionRefused:
        return  # a network whose services can't all be allocated keeps no history
    for scenario, weeks_ago in ((equal, 10), (weighted, 3)):
        actions.agree_scenario(scenario=scenario, by=director)
        when = now - timedelta(weeks=weeks_ago)
        Scenario.objects.filter(pk=scenario.pk).update(
            created_at=when - timedelta(days=7), agreed_at=when
        )
    Scenario.objects.filter(pk=equal.pk).update(superseded_at=now - timedelta(weeks=3))
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
    actions.save_scenario(
        network=network, name="Equal split, for comparison", equal=True, week=week, by=manager
    )

"""The rota's rules, one module each.

A rule module has NAME, TITLE, WHY (one sentence a manager would accept), KIND ("hard" or
"soft"), and for soft rules DEFAULT_WEIGHT; `build(model)` adds it to the CP-SAT model (hard
rules as constraints; soft rules return named penalty terms) and `check(problem, rota)` scores
any rota without a solver (hard rules return Violations, soft rules Penalties). The two must
agree exactly: tests assert that check() adds up to the solver's objective.

Rule modules import no solver: the model they are given carries it.
"""

from . import (
    allocation,
    away_from_home,
    change_from_published,
    enhanced_access_shortfall,
    extra_site,
    fair_share_shortfall,
    irregular_week,
    locked,
    rooms,
    site_limit,
    skills,
    split_day,
    supervision_missed,
    team_apart,
    working_sessions,
)

HARD_RULES = (working_sessions, skills, rooms, allocation, site_limit, locked)
SOFT_RULES = (
    fair_share_shortfall,
    enhanced_access_shortfall,
    away_from_home,
    extra_site,
    split_day,
    irregular_week,
    team_apart,
    supervision_missed,
    change_from_published,
)
RULES = {rule.NAME: rule for rule in (*HARD_RULES, *SOFT_RULES)}

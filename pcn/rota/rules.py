"""Who may see and change rotas.

The PCN manager builds, adjusts and publishes the rota; with the clinical director, who answers
for it, they see how good a rota is (its plain summary, its score and the optimiser's runs) and
the plans not yet published. Observers and practice managers see published rotas only
(practice managers: who works at their practice and when), with no scores. Staff see their own published week in My
work and in their calendar feed.
"""

import rules

from pcn.core import audit
from pcn.core.models import Role
from pcn.core.roles import has_network_role
from pcn.core.rules import is_clinical_director, is_observer, is_pcn_manager, network_id_of


@rules.predicate
def is_a_practice_manager(user, obj):
    return has_network_role(user, network_id_of(obj), Role.PRACTICE_MANAGER)


@rules.predicate
def is_published(user, plan):
    return plan is not None and getattr(plan, "status", None) == "published"


leadership = is_pcn_manager | is_clinical_director | is_observer

rules.add_perm("rota.view_rotas", leadership | is_a_practice_manager)
# A rota's quality (summary, score, runs, why) and the plans not yet published: for whoever
# solves and publishes rotas, and the clinical director who answers for them.
makes_rotas = is_pcn_manager | is_clinical_director
rules.add_perm("rota.see_quality", makes_rotas)
rules.add_perm(
    "rota.view_plan", makes_rotas | ((is_observer | is_a_practice_manager) & is_published)
)
rules.add_perm("rota.edit_rota", is_pcn_manager)
# Every plan, drafts included, in the history: those who lead the network.
rules.add_perm("rota.view_all_plans", leadership)

# History: who may read the entries of each action (pcn.core.audit). Plans before publishing
# are for those who see every plan, not practice managers.
audit.shown_to(
    "rota.view_all_plans",
    "rota.create_plan",
    "rota.start_run",
    "rota.save_solution",
    "rota.move",
    "rota.lock",
    "rota.publish",
    "rota.work_holiday",
    "rota.stop_working_holiday",
    "rota.unlock",
    names={
        "rota.create_plan": "Created a rota plan",
        "rota.start_run": "Started working out a rota",
        "rota.save_solution": "Worked out a rota",
        "rota.move": "Moved a session in the rota",
        "rota.lock": "Locked a session in the rota",
        "rota.unlock": "Unlocked a session in the rota",
        "rota.publish": "Published a rota",
        "rota.work_holiday": "Chose to work a bank holiday",
        "rota.stop_working_holiday": "Stopped working a bank holiday",
    },
    labels={"objective": "Score", "max_sites": "Most sites a week"},
    automatic=("rota.save_solution",),
)
# Renewing someone's calendar feed is about the person: the register's readers.
audit.shown_to(
    "workforce.view_register",
    "rota.renew_feed",
    "rota.stop_feed",
    names={
        "rota.renew_feed": "Renewed a calendar address",
        "rota.stop_feed": "Stopped a calendar address",
    },
)

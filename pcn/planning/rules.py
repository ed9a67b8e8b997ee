"""Who may plan recruitment.

The planner reads pay (what each role costs, the network's own pay where lower than the
maximum) and proposes how to spend the network's ARRS money: the PCN manager and the clinical
director see it and may re-plan (re-planning saves nothing); only the PCN manager adds a plan's
posts to the forecast (money.plan_posts). Practice managers, staff and observers do not see it,
as they do not see pay.
"""

import rules

from pcn.core.rules import is_clinical_director, is_pcn_manager

rules.add_perm("planning.view_plan", is_pcn_manager | is_clinical_director)
rules.add_perm("planning.add_to_forecast", is_pcn_manager)

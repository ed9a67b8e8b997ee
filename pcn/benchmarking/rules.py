"""Who may see the benchmark against England.

Every member of a network reads its benchmark, observers included: the figures are the NHS's
own, published for every PCN, and the register column shows FTE by role, never names. The
benchmark of a PCN by code (before it is set up) shows NHS figures only; anyone signed in may
read it, like the set-up page that links to it.
"""

import rules

from pcn.core.rules import is_network_member

rules.add_perm("benchmarking.view_benchmark", is_network_member)

"""Who may see and do what with the shared purpose.

Everyone in the network reads it, observers included. The PCN manager and the clinical director
draft a version and agree it; a practice manager answers a draft for their own practice. Progress
on a priority is added by its owner (as the version in force names them) or by the leadership.
"""

import rules

from pcn.core import audit
from pcn.core.rules import (
    is_clinical_director,
    is_network_member,
    is_pcn_manager,
    manages_this_practice,
)


@rules.predicate
def owns_this_priority(user, priority):
    from .queries import agreed

    version = agreed(priority.network)
    return (
        version is not None
        and version.priorities.filter(priority=priority, owner_id=user.pk).exists()
    )


leadership = is_pcn_manager | is_clinical_director

rules.add_perm("purpose.view_purpose", is_network_member)
rules.add_perm("purpose.draft_purpose", leadership)
rules.add_perm("purpose.agree_purpose", leadership)
rules.add_perm("purpose.answer_purpose", manages_this_practice)  # on a practice
rules.add_perm("purpose.add_progress", leadership | (is_network_member & owns_this_priority))

# History: everyone who reads the purpose reads how it was drafted, answered and agreed.
audit.shown_to(
    "purpose.view_purpose",
    "purpose.draft_purpose",
    "purpose.withdraw_purpose",
    "purpose.answer_purpose",
    "purpose.agree_purpose",
    "purpose.add_progress",
    names={
        "purpose.draft_purpose": "Drafted the shared purpose",
        "purpose.withdraw_purpose": "Withdrew a draft of the shared purpose",
        "purpose.answer_purpose": "Answered the shared purpose for a practice",
        "purpose.agree_purpose": "Agreed the shared purpose",
        "purpose.add_progress": "Recorded progress on a priority",
    },
)

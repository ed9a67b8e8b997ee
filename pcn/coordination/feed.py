"""The activity feed on the overview: recent entries of the audit log, worded for people, and
only of kinds the viewer may see. A kind not listed here is never shown: the feed says what the
network did together, not every edit (the History page has those, for those who may see it)."""

from dataclasses import dataclass

from pcn.core.models import AuditEntry

# action -> (the permission on the network that may see it, how it reads)
KINDS = {
    "coordination.propose_matrix": ("coordination.view_matrix", "proposed {label}"),
    "coordination.matrix_agreed": ("coordination.view_matrix", "saw every practice agree {label}"),
    "coordination.answer_matrix": ("coordination.view_matrix", "recorded: {label}"),
    "coordination.send_request": ("coordination.see_request_titles", "asked practices: {label}"),
    "coordination.create_meeting": ("coordination.view_meetings", "set up the meeting {label}"),
    "coordination.record_decision": ("coordination.view_meetings", "recorded a decision: {label}"),
    "coordination.add_action": ("coordination.view_meetings", "added an action: {label}"),
    "coordination.announce": ("coordination.view_coordination", "announced: {label}"),
    "coordination.raise_concern": ("coordination.view_all_concerns", "raised a concern: {label}"),
    "coordination.respond_concern": (
        "coordination.view_all_concerns",
        "responded to the concern: {label}",
    ),
    "rota.publish": ("rota.view_rotas", "published {label}"),
}
# Entries recorded with no one: an anonymous concern (decision 25).
NO_ACTOR = {"coordination.raise_concern": "Someone, anonymously,"}


@dataclass(frozen=True)
class FeedItem:
    at: object
    who: str
    text: str


def recent(network, user, limit=8):
    kinds = [kind for kind, (perm, _) in KINDS.items() if user.has_perm(perm, network)]
    entries = (
        AuditEntry.objects.filter(network=network, action__in=kinds)
        .select_related("actor")
        .order_by("-at", "-id")[:limit]
    )
    return [
        FeedItem(
            at=entry.at,
            who=str(entry.actor) if entry.actor else NO_ACTOR.get(entry.action, "PCN Commons"),
            text=KINDS[entry.action][1].format(label=entry.target_label),
        )
        for entry in entries
    ]

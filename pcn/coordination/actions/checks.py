"""What every coordination action checks: text given, people who are members, a practice manager acting for their own practice."""

from pcn.core.refusals import ActionRefused
from pcn.core.roles import managed_practice_ids


def require_text(value, message, field):
    value = (value or "").strip()
    if not value:
        raise ActionRefused(message, field=field)
    return value


def members_only(network, users, field):
    member_ids = set(network.memberships.values_list("user_id", flat=True))
    strangers = [u for u in users if u.pk not in member_ids]
    if strangers:
        raise ActionRefused(
            f"{', '.join(str(u) for u in strangers)} is not a member of {network.name}.",
            field=field,
        )


def own_practice(by, practice, what):
    """A practice manager acts for their own practice only."""
    if practice.pk not in managed_practice_ids(by, practice.network_id):
        raise ActionRefused(
            f"You can only {what} for the practice you manage, not for {practice.name}.",
            field="practice",
        )

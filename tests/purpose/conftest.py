from decimal import Decimal

import pytest

from pcn.purpose import actions, queries

DINGLE = "N82033"


@pytest.fixture
def practice_managers(demo):
    """{practice: its manager} for every demo practice, by name."""
    return {
        m.practice: m.user
        for m in demo.network.memberships.filter(role="practice_manager")
        .select_related("practice", "user")
        .order_by("practice__name")
    }


def priority(title, owner, **extra):
    return actions.PriorityDraft(
        title=title, owner=owner, measure=extra.pop("measure", "Something counted"), **extra
    )


def carried(version):
    """The version's priorities as drafts that carry them on, unchanged."""
    return [
        actions.PriorityDraft(
            title=t.title,
            owner=t.owner,
            measure=t.measure,
            target=t.target,
            unit=t.unit,
            services=list(t.services.all()),
            priority=t.priority,
        )
        for t in version.priorities.all()
    ]


@pytest.fixture
def new_draft(demo):
    """A second version: the agreed one with a fourth priority, owned by the staff member."""

    def make(**changes):
        network = demo.network
        agreed = queries.agreed(network)
        fields = {
            "network": network,
            "statement": agreed.statement,
            "values": agreed.values,
            "year": agreed.year,
            "priorities": carried(agreed)
            + [
                priority(
                    "Flu vaccination uptake in the over-65s",
                    demo.user("Staff member"),
                    target=Decimal(75),
                    unit="%",
                )
            ],
            "note": "Adds flu.",
            "by": demo.user("PCN manager"),
        }
        fields.update(changes)
        return actions.draft(**fields)

    return make

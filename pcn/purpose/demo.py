"""The shared purpose in the demo network: an agreed purpose, values and three priorities for
this financial year, each with an owner and a measure, two of them with progress recorded over
the past weeks."""

from datetime import timedelta
from decimal import Decimal

from pcn.core.models import Role
from pcn.core.years import this_year

from . import actions

STATEMENT = (
    "Our practices work as one network, so that everyone we serve gets joined-up care close to "
    "home from a team its members are proud to belong to."
)
VALUES = [
    "Network and practice are one team",
    "We decide in the open and share what we know",
    "Everyone belongs somewhere: no one works alone",
    "We put our people where patients need them most",
]


def build(network, *, manager, director, today):
    staff_user = network.memberships.filter(role=Role.STAFF).select_related("user").first()
    services = {s.name: s for s in network.services.all()}

    def chosen(*names):
        return [services[n] for n in names if n in services]

    owner = staff_user.user if staff_user else manager
    priorities = [
        actions.PriorityDraft(
            title="Medicines reviewed for every care home resident",
            owner=owner,
            measure="Care home residents with a structured medication review this year",
            target=Decimal(400),
            unit="residents",
            services=chosen("Structured medication reviews", "Care home rounds"),
        ),
        actions.PriorityDraft(
            title="Every ARRS colleague has a home base and a team",
            owner=manager,
            measure="ARRS staff with a home base, a team and a named supervisor",
            services=[],
        ),
        actions.PriorityDraft(
            title="Home visiting where the practices need it",
            owner=director,
            measure="Practices taking part in the shared home visiting service",
            target=Decimal(3),
            unit="practices",
            services=chosen("Home visiting"),
        ),
    ]
    version = actions.draft(
        network=network,
        statement=STATEMENT,
        values=VALUES,
        year=this_year(today),
        priorities=priorities,
        note="From the board's away day: what we want the network to be known for.",
        by=manager,
    )
    for membership in network.memberships.filter(role=Role.PRACTICE_MANAGER).select_related(
        "practice", "user"
    ):
        actions.answer(
            version=version, practice=membership.practice, agrees=True, by=membership.user
        )
    actions.agree(version=version, by=director)

    reviews, base = (t.priority for t in version.priorities.all()[:2])
    actions.add_progress(
        priority=reviews,
        on=today - timedelta(days=47),
        note="Rounds started at all the aligned care homes; the pharmacists share one list.",
        figure=Decimal(96),
        by=owner,
    )
    actions.add_progress(
        priority=reviews,
        on=today - timedelta(days=9),
        note="Past the half-way mark at two homes; the last two homes are booked for December.",
        figure=Decimal(183),
        by=owner,
    )
    actions.add_progress(
        priority=base,
        on=today - timedelta(days=23),
        note="Care coordinators now based with the network team, with a weekly team meeting.",
        by=manager,
    )
    return version

"""Mental health practitioners in the register: nothing without the network's written agreement
with the mental health provider; with it, 50% for the first in each band and 100% for later ones."""

from datetime import date
from decimal import Decimal

from pcn.core.actions import ActionRefused
from pcn.money import actions
from pcn.money.claims import RoleTerms, lines_for
from pcn.workforce.actions import staff

OCTOBER = date(2026, 10, 1)


def _practitioner(network, manager, name, started):
    return staff.add(
        network=network,
        by=manager,
        full_name=name,
        wte=Decimal("1.0"),
        role_code="mental-health-practitioner-adult",
        band="7",
        start_date=started,
        additionality_confirmed=True,
    )


def test_the_agreement_is_needed_then_the_first_in_band_is_half_and_later_ones_full(demo):
    network, manager = demo.network, demo.user("PCN manager")
    actions.set_network_maximum(
        network=network,
        role_code="mental-health-practitioner-adult",
        band="Band 7",
        pay_area="national",
        valid_from=date(2026, 4, 1),
        value="64907",
        source="ICB letter",
        by=manager,
    )
    first = _practitioner(network, manager, "First Practitioner", date(2024, 1, 1))
    later = _practitioner(network, manager, "Later Practitioner", date(2025, 6, 1))
    for person in (first, later):
        actions.enter_salary_line(
            network=network,
            staff=person,
            month=OCTOBER,
            salary="3000",
            employer_ni="400",
            employer_pension="600",
            by=manager,
        )

    def reimbursed():
        return {
            c.staff.pk: c.result.amount for c in lines_for(network, [OCTOBER], RoleTerms(network))
        }

    profile = network.money
    actions.update_profile(
        network=network, version=profile.version, by=manager, mental_health_agreement=False
    )
    assert reimbursed() == {
        **reimbursed(),
        first.pk: Decimal("0.00"),
        later.pk: Decimal("0.00"),
    }
    profile.refresh_from_db()
    actions.update_profile(
        network=network, version=profile.version, by=manager, mental_health_agreement=True
    )
    assert reimbursed()[first.pk] == Decimal("2000.00")
    assert reimbursed()[later.pk] == Decimal("4000.00")


def test_beds_without_a_source_are_refused(demo):

    profile = demo.network.money
    try:
        actions.update_profile(
            network=demo.network,
            version=profile.version,
            by=demo.user("PCN manager"),
            care_home_beds=50,
            care_home_beds_source="",
        )
    except ActionRefused as refusal:
        assert refusal.field == "care_home_beds_source"
    else:
        raise AssertionError("saved beds with no source")

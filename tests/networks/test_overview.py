from datetime import date
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pcn.demo import network as demo_network
from pcn.networks import actions
from pcn.networks.models import Basis
from pcn.networks.queries import overview
from tests import clock
from tests.conftest import SECOND_PCN, SMALL_PCN, signed_in, text


def test_overview_totals_are_the_sum_of_the_practices_and_shares_add_to_100(demo):
    result = overview(demo.network)
    rows = result.populations.rows
    assert len(rows) == 6
    for basis in Basis.values:
        assert result.populations.totals[basis] == sum(r.figures[basis].value for r in rows)
        assert abs(sum(r.shares[basis] for r in rows) - Decimal(100)) <= Decimal("0.3")
    # The NHS file's own PCN row for U35980 at 1 July 2026 says 45,778.
    assert result.registered_total == 45_778
    assert not result.below_minimum_size


def test_overview_page_shows_each_basis_side_by_side_and_labels_estimates(demo, as_role):
    response = as_role("Practice manager").get(reverse("home:overview"))
    page = text(response)
    assert response.status_code == 200
    assert "Dingle Park Practice" in page
    assert (
        "Registered patients" in page
        and "Adjusted population" in page
        and "Weighted population" in page
    )
    assert "Estimate" in page
    assert "Meets the minimum network size of 30,000" in page
    total = overview(demo.network).registered_total
    assert f"{total:,}" in page


def test_a_network_below_30000_patients_is_flagged(db):
    small = demo_network.build(SMALL_PCN, today=clock.TODAY)
    response = signed_in(small.user("PCN manager")).get(reverse("home:overview"))
    page = text(response)
    assert "Below the minimum network size" in page
    assert "&lt;p&gt;" not in response.content.decode()
    assert (
        "The network has 21,642 registered patients. The Network Contract DES asks for at least "
        "30,000" in page
    )


def test_an_official_figure_takes_precedence_over_the_estimate(demo):
    practice = demo.network.practices.get(ods_code="N82033")
    manager = demo.user("PCN manager")
    actions.enter_official_population(
        practice=practice,
        version=practice.version,
        basis=Basis.WEIGHTED,
        value=12345,
        as_at=date(2026, 1, 1),
        source="ICB letter",
        by=manager,
    )
    row = next(r for r in overview(demo.network).populations.rows if r.practice == practice)
    assert row.figures[Basis.WEIGHTED].value == 12345
    assert row.figures[Basis.WEIGHTED].kind == "official"
    page = text(signed_in(manager).get(reverse("home:overview")))
    assert "12,345" in page and "Official" in page


def _queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_page_queries_do_not_grow_with_the_number_of_practices(demo, other_demo):
    big = signed_in(demo.user("PCN manager"))  # six practices
    small = signed_in(other_demo.user("PCN manager"))  # three practices
    assert other_demo.network.pcn_code == SECOND_PCN
    for name in ["home:overview", "networks:practices"]:
        assert _queries_for(big, reverse(name)) == _queries_for(small, reverse(name))
    big_practice = demo.network.practices.first().ods_code
    small_practice = other_demo.network.practices.first().ods_code
    assert _queries_for(big, reverse("networks:practice", args=[big_practice])) == _queries_for(
        small, reverse("networks:practice", args=[small_practice])
    )


def test_the_overview_warns_of_unspent_arrs_money_to_those_who_see_the_networks_money(
    demo, as_role
):
    from pcn.money.queries import unspent_money_warning

    warning = unspent_money_warning(demo.network)
    assert warning  # the demo's forecast leaves money unclaimed
    for role in ("PCN manager", "Clinical director", "Practice manager", "Observer"):
        response = as_role(role).get(reverse("home:overview"))
        page = text(response)
        assert "Money will go unspent" in page and warning in page
        assert "&lt;p&gt;" not in response.content.decode()  # the callout's text, not its markup
        assert f'href="{reverse("money:forecast")}"' in response.content.decode()
    staff = text(as_role("Staff member").get(reverse("home:overview")))
    assert "Money will go unspent" not in staff and "unclaimed" not in staff

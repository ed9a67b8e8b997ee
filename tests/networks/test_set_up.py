import pytest
from django.urls import reverse

from pcn.core.models import AuditEntry, Membership, Role, User
from pcn.networks import actions
from pcn.networks.models import Basis, Network, PopulationKind
from tests.conftest import signed_in, text

CENTRAL_LIVERPOOL = ["N82033", "N82054", "N82070", "N82082", "N82095", "N82115"]


@pytest.fixture
def newcomer(db):
    return User.objects.create_user(
        email="new.manager@example.nhs.uk", full_name="New Manager", password="x"
    )


@pytest.fixture
def unclaimed(db):
    """Central Liverpool with no network yet: the shared world's demo of it is removed for
    this test (and comes back after it)."""
    Network.objects.filter(pcn_code="U35980").delete()


def test_finding_a_pcn_by_code_lists_its_practices_with_list_sizes(unclaimed, newcomer):
    response = signed_in(newcomer).get(reverse("networks:set_up"), {"q": "u35980"})
    page = text(response)
    assert response.status_code == 200
    assert "Central Liverpool PCN (U35980)" in page
    for code in CENTRAL_LIVERPOOL:
        assert code in page
    assert "Dingle Park Practice" in page
    # The NHS file gives every practice a list size, so none shows as unknown.
    registered = response.context["list_sizes"]
    assert set(registered) == set(CENTRAL_LIVERPOOL)
    assert all(patients > 1000 for patients, _ in registered.values())


def test_an_approved_request_creates_the_network_with_practices_populations_and_its_pcn_manager(
    unclaimed, newcomer
):
    client = signed_in(newcomer)
    response = client.post(reverse("networks:create", args=["U35980"]))
    assert response.status_code == 302
    assert not Network.objects.filter(pcn_code="U35980").exists()  # waiting for approval
    administrator = User.objects.create_user(
        email="admin@example.nhs.uk", full_name="Admin", password="x", is_staff=True
    )
    actions.approve(application=newcomer.network_applications.get(), by=administrator)

    network = Network.objects.get(pcn_code="U35980")
    assert network.name == "Central Liverpool PCN"
    assert sorted(network.practices.values_list("ods_code", flat=True)) == CENTRAL_LIVERPOOL
    assert Membership.objects.filter(user=newcomer, network=network, role=Role.PCN_MANAGER).exists()
    dingle = network.practices.get(ods_code="N82033")
    # Every dated figure the reference data holds: the NHS published list (1 July 2026) and
    # the estimates at 1 January 2024 (all three bases) and 1 January 2025 (registered and
    # adjusted), so each year's money can use the figures at 1 January before it.
    held = {(p.basis, p.kind, p.as_at.isoformat()) for p in dingle.populations.all()}
    assert held == {
        (Basis.REGISTERED, PopulationKind.NHS, "2026-07-01"),
        (Basis.REGISTERED, PopulationKind.ESTIMATE, "2024-01-01"),
        (Basis.REGISTERED, PopulationKind.ESTIMATE, "2025-01-01"),
        (Basis.ADJUSTED, PopulationKind.ESTIMATE, "2024-01-01"),
        (Basis.ADJUSTED, PopulationKind.ESTIMATE, "2025-01-01"),
        (Basis.WEIGHTED, PopulationKind.ESTIMATE, "2024-01-01"),
    }
    registered = dingle.populations.get(basis=Basis.REGISTERED, kind=PopulationKind.NHS)
    assert registered.value > 1000
    assert AuditEntry.objects.filter(
        network=network, action="networks.set_up", actor=administrator
    ).exists()
    assert AuditEntry.objects.filter(network=network, action="networks.add_practice").count() == 6

    overview = client.get(reverse("home:overview"))
    assert overview.status_code == 200
    assert "Central Liverpool PCN" in text(overview)


def test_an_unknown_code_is_refused_with_the_nearest_matches(newcomer):
    networks = Network.objects.count()
    response = signed_in(newcomer).get(reverse("networks:set_up"), {"q": "U35981"})
    page = text(response)
    assert "No PCN has the code U35981 in the NHS files" in page
    nearest = [pcn.code for pcn in response.context["nearest"]]
    assert "U35980" in nearest
    assert Network.objects.count() == networks


def test_searching_by_practice_name_finds_its_pcn(newcomer):
    response = signed_in(newcomer).get(reverse("networks:set_up"), {"q": "dingle park"})
    codes = [result.pcn.code for result in response.context["results"]]
    assert codes == ["U35980"]
    assert "Dingle Park Practice" in text(response)


def test_searching_by_pcn_name_finds_it(newcomer):
    response = signed_in(newcomer).get(reverse("networks:set_up"), {"q": "central liverpool"})
    assert "U35980" in [result.pcn.code for result in response.context["results"]]


def test_a_network_that_already_exists_is_refused_with_a_link_to_it(demo, newcomer):
    client = signed_in(newcomer)
    page = text(client.get(reverse("networks:set_up"), {"q": "U35980"}))
    assert "This network is already set up" in page
    assert reverse("networks:create", args=["U35980"]) not in page  # no button to set it up again

    response = client.post(reverse("networks:create", args=["U35980"]), follow=True)
    assert "already set up in PCN Commons" in text(response)
    assert Network.objects.filter(pcn_code="U35980").count() == 1
    assert not Membership.objects.filter(user=newcomer).exists()

    # The PCN manager gets a button straight to it.
    manager_page = signed_in(demo.user("PCN manager")).get(
        reverse("networks:set_up"), {"q": "U35980"}
    )
    assert reverse("home:choose_network", args=["U35980"]) in text(manager_page)


def test_set_up_refuses_a_code_the_files_do_not_have(newcomer):
    networks = Network.objects.count()
    with pytest.raises(actions.ActionRefused):
        actions.set_up(pcn_code="U00001", by=newcomer)
    assert Network.objects.count() == networks


def test_setting_up_needs_a_signed_in_user(db):
    from django.test import Client

    response = Client().get(reverse("networks:set_up"), {"q": "U35980"})
    assert response.status_code == 302
    assert reverse("core:sign_in") in response.url

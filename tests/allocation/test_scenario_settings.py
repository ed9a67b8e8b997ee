"""A scenario carries its own fairness settings: set when it is saved, starting from the live
ones, used for its allocation, and shown beside the settings in force now."""

import re

import pytest
from django.urls import reverse

from pcn.allocation import actions, queries
from pcn.allocation.models import Basis
from pcn.core.actions import ActionRefused
from pcn.core.models import AuditEntry
from tests.conftest import text as html_text


def text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html_text(response)))


def _sessions(scenario):
    return {ods: t["allocated"] for ods, t in queries.practice_totals(scenario.result).items()}


def test_different_settings_give_a_different_allocation_and_the_live_ones_are_untouched(demo):
    manager, week = demo.user("PCN manager"), queries.next_week()
    live = actions.save_scenario(network=demo.network, name="Live", week=week, by=manager)
    registered = actions.save_scenario(
        network=demo.network,
        name="By registered list",
        week=week,
        by=manager,
        settings={"basis": Basis.REGISTERED, "weights": {}, "floor": None, "cap": None},
    )
    equal_own = actions.save_scenario(
        network=demo.network,
        name="Equal, floor 2",
        week=week,
        by=manager,
        settings={"basis": Basis.EQUAL, "weights": {}, "floor": 2, "cap": None},
    )
    assert _sessions(registered) != _sessions(live)
    assert _sessions(equal_own) != _sessions(registered)
    assert all(p["basis"] == Basis.REGISTERED for p in registered.policies.values())
    assert registered.own_settings == {
        "basis": "registered",
        "weights": {},
        "floor": None,
        "cap": None,
    }
    assert live.own_settings is None
    assert demo.network.policies.get(service__isnull=True).basis == Basis.WEIGHTED
    entry = AuditEntry.objects.get(action="allocation.save_scenario", target_id=str(registered.pk))
    assert entry.after["settings"]["basis"] == "registered"


def test_a_scenarios_own_settings_are_checked_like_the_live_ones(demo):
    before = demo.network.scenarios.count()
    with pytest.raises(ActionRefused) as refused:
        actions.save_scenario(
            network=demo.network,
            name="Impossible",
            week=queries.next_week(),
            by=demo.user("PCN manager"),
            settings={"basis": Basis.WEIGHTED, "weights": {}, "floor": 5, "cap": 2},
        )
    assert refused.value.field == "floor"
    assert demo.network.scenarios.count() == before


def test_the_form_starts_from_the_live_settings_and_saves_its_own(demo, as_role):
    client = as_role("PCN manager")
    url = reverse("allocation:scenarios")
    form = client.get(url).context["form"]
    assert form["basis"].value() == Basis.WEIGHTED  # the network's default now
    no_basis = client.post(url, {"name": "Mine", "kind": "own", "basis": ""})
    assert "Choose how this scenario shares staff time." in text(no_basis)
    refused = client.post(url, {"name": "Mine", "kind": "own", "basis": "blend"})
    assert "A blend needs at least one weight above zero" in text(refused)
    saved = client.post(
        url,
        {
            "name": "Need and demand",
            "kind": "own",
            "basis": "blend",
            "weight_weighted": "3",
            "weight_demand": "1",
            "floor": "1",
        },
    )
    assert saved.status_code == 302
    scenario = demo.network.scenarios.get(name="Need and demand")
    assert scenario.own_settings["weights"] == {"weighted": 3.0, "demand": 1.0}
    page = text(client.get(saved.url))
    assert (
        "This scenario has its own settings, used for every service: A blend, with weights "
        "(weighted population × 3, declared demand × 1), floor 1." in page
    )
    services = len(scenario.policies)
    assert f"{services} services differ from the settings in force now." in page
    assert "Weighted population Differs" in page


def test_a_scenario_from_the_live_settings_says_so_and_shows_when_they_change(demo, as_role):
    weighted = demo.network.scenarios.get(name="Weighted need")
    client = as_role("Observer")
    page = text(client.get(reverse("allocation:scenario", args=[weighted.pk])))
    assert "used the network's settings as they were when it was saved" in page
    assert "They are the same as the settings in force now." in page
    actions.set_policy(network=demo.network, basis=Basis.REGISTERED, by=demo.user("PCN manager"))
    page = text(client.get(reverse("allocation:scenario", args=[weighted.pk])))
    assert "differ from the settings in force now" in page
    assert "Weighted populationRegistered list Differs" in page  # the two cells
    equal = demo.network.scenarios.get(name="Equal split")
    assert "This scenario is the equal split." in text(
        client.get(reverse("allocation:scenario", args=[equal.pk]))
    )


def test_only_the_pcn_manager_saves_a_scenario_with_its_own_settings(demo, as_role):
    before = demo.network.scenarios.count()
    response = as_role("Clinical director").post(
        reverse("allocation:scenarios"), {"name": "Mine", "kind": "own", "basis": "equal"}
    )
    assert response.status_code == 403
    assert demo.network.scenarios.count() == before

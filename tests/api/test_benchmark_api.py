"""GET /api/networks/{pcn_code}/benchmark: the network against England and similar PCNs, the
same figures as `manage.py benchmark_network CODE --json`, for the network's members."""

import pytest

from pcn.benchmarking.england import ALL_ARRS, UnknownPcn, benchmark_json
from tests.test_permissions import ROLES

from .calls import api_get

URL = "networks/U35980/benchmark"


def test_the_benchmark_is_the_england_figures_for_the_network(demo):
    body = api_get(demo.user("PCN manager"), URL).json()
    expected = benchmark_json("U35980")
    assert body == expected
    assert body["pcn"] == "U35980" and len(body["similar"]) == 30
    assert set(body["roles"][0]) >= {
        "role",
        "fte",
        "per_10k",
        "percentile_england",
        "percentile_similar",
    }
    assert body["roles"][-1]["role"] == ALL_ARRS
    # Every figure with its date and source, and what "similar" means.
    assert body["census_date"] in body["sources"]["census"]
    assert body["patients_date"] in body["sources"]["patients"]
    assert "ICB" in body["method"]["similar"]


@pytest.mark.parametrize("role", ROLES)
def test_every_member_reads_it(demo, role):
    assert api_get(demo.user(role), URL).status_code == 200


def test_another_network_and_no_token(demo, other_demo):
    assert api_get(demo.user("PCN manager"), "networks/U07032/benchmark").status_code == 404
    assert api_get(None, URL).status_code == 401
    assert api_get(other_demo.user("PCN manager"), "networks/U07032/benchmark").status_code == 200


def test_a_network_the_files_have_no_figures_for_is_a_404_saying_why(demo, monkeypatch):
    from pcn.api.routers import networks

    def no_figures(code):
        raise UnknownPcn(f"{code} has no registered patients in the loaded files.")

    monkeypatch.setattr(networks, "benchmark_json", no_figures)
    response = api_get(demo.user("PCN manager"), URL)
    assert response.status_code == 404
    assert response.json()["detail"] == "U35980 has no registered patients in the loaded files."

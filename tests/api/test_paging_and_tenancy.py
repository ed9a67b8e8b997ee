"""Every endpoint, walked from the OpenAPI document: another network's code is a 404 exactly
like a code that doesn't exist, no token is a 401, and every paged list refuses a page size
above its limit with a 422 that names the parameter."""

from datetime import date

import pytest

from tests.conftest import signed_in

from .calls import api_get


def _paths(demo):
    """The network endpoints (the ICB's are in test_icb_api.py)."""
    document = signed_in(demo.user("PCN manager")).get("/api/openapi.json").json()
    for path, operations in document["paths"].items():
        if "{pcn_code}" not in path:
            continue
        names = {p["name"] for p in operations["get"].get("parameters", [])}
        yield path.removeprefix("/api/"), "page_size" in names


def test_every_endpoint_answers_another_networks_code_with_a_404(demo, other_demo):
    manager = demo.user("PCN manager")
    walked = 0
    for path, _ in _paths(demo):
        theirs = path.replace("{pcn_code}", other_demo.network.pcn_code)
        assert api_get(manager, theirs).status_code == 404, theirs
        assert api_get(manager, path.replace("{pcn_code}", "U99999")).status_code == 404
        ours = path.replace("{pcn_code}", demo.network.pcn_code)
        assert api_get(None, ours).status_code == 401, ours
        walked += 1
    assert walked >= 10


def test_their_own_manager_reads_what_ours_may_not(demo, other_demo):
    """The 404s above are about whose network it is, not about the endpoints failing."""
    theirs = other_demo.user("PCN manager")
    for path, _ in _paths(demo):
        if "allocation" in path:
            continue  # North Stockton has agreed no allocation (a 404 that says so)
        url = path.replace("{pcn_code}", other_demo.network.pcn_code)
        assert api_get(theirs, url).status_code == 200, url


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ({"page_size": 501}, "page_size"),
        ({"page_size": 0}, "page_size"),
        ({"page": 0}, "page"),
        ({"page_size": "all"}, "page_size"),
    ],
)
def test_every_paged_list_refuses_a_page_out_of_range_naming_it(demo, query, named):
    manager = demo.user("PCN manager")
    paged = [path for path, is_paged in _paths(demo) if is_paged]
    assert len(paged) >= 4
    for path in paged:
        response = api_get(manager, path.replace("{pcn_code}", "U35980"), **query)
        assert response.status_code == 422, path
        assert response.json()["detail"].startswith(f"{named}: "), response.json()


def test_a_page_past_the_last_is_empty_and_says_how_many_there_are(demo):
    body = api_get(demo.user("PCN manager"), "networks/U35980/claims", page=99).json()
    assert body["items"] == [] and body["page"] == 99
    assert body["count"] == demo.network.claims.count() and body["pages"] == 1


def test_pages_follow_on_from_each_other(demo):
    manager = demo.user("PCN manager")
    whole = api_get(manager, "networks/U35980/allocation", page_size=500).json()
    assert whole["count"] == len(whole["items"]) > 7
    pages = [
        api_get(manager, "networks/U35980/allocation", page=n, page_size=7).json()
        for n in range(1, whole["count"] // 7 + 2)
    ]
    assert all(p["pages"] == -(-whole["count"] // 7) for p in pages)
    assert [item for p in pages for item in p["items"]] == whole["items"]


def test_dates_in_the_rota_must_be_a_monday(demo):
    manager = demo.user("PCN manager")
    wednesday = api_get(manager, "networks/U35980/rota/people", week="2026-11-18")
    assert wednesday.status_code == 422
    assert wednesday.json()["detail"] == (
        "week: 2026-11-18 is a Wednesday; give the Monday the week starts on, 2026-11-16."
    )
    for bad in ("next week", "2026-13-01", "1999-11-15", "9" * 300):
        response = api_get(manager, "networks/U35980/rota/practices", week=bad)
        assert response.status_code == 422 and response.json()["detail"].startswith("week: ")
    assert date(2026, 11, 16).weekday() == 0
    assert api_get(manager, "networks/U35980/rota/people", week="2026-11-16").status_code == 200

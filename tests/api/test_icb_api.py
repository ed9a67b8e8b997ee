"""GET /api/icbs/{icb_code}: the ICB's view for its ICB users, the same figures as the ICB page
(pcn.home.icb.icb_view); a 404 for everyone else; nothing personal in it."""

import pytest
from django.core.cache import cache

from pcn.home.icb import icb_view

from .calls import api_get

ICB = "QYG"  # NHS Cheshire and Merseyside: the demo network's ICB


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_the_icb_user_reads_the_icb_pages_figures(demo):
    body = api_get(demo.user("ICB user"), f"icbs/{ICB}").json()
    view = icb_view(ICB)
    assert body["icb_code"] == ICB and body["icb_name"] == view.icb_name
    assert [n["pcn_code"] for n in body["networks"]] == [r.pcn_code for r in view.networks]
    assert demo.network.pcn_code in {n["pcn_code"] for n in body["networks"]}
    for network, row in zip(body["networks"], view.networks, strict=True):
        assert network["registered_patients"] == row.registered
        assert network["total_fte"] == float(row.total_fte)
        assert {r["role"]: r["fte"] for r in network["roles"]} == {
            code: float(value) for code, value in row.fte.items()
        }
        assert network["high_isolation_risk"] == row.high_isolation_risk
        assert network["supervision_overdue"] == row.supervision_overdue
        assert network["forecast_unspent"] == (None if row.unspent is None else str(row.unspent))
        assert [c["published"] for c in network["rota_coverage"]] == [
            c.published for c in row.coverage
        ]
        assert network["answers_outstanding"] == row.answers
    assert [p["pcn_code"] for p in body["census_pcns"]] == [r.pcn_code for r in view.census.rows]
    assert body["census_missing"] == view.census.missing
    assert body["census_pcns"], "the ICB's other PCNs, from the census"
    for pcn, row in zip(body["census_pcns"], view.census.rows, strict=True):
        assert pcn["total_fte"] == float(row.total_fte)
        assert pcn["registered_patients"] == row.patients
    assert body["census_date"] == view.census.census_date.isoformat()
    assert [p["pcn_code"] for p in body["census_left_out"]] == [
        code for code, _, _ in view.census.left_out
    ]
    assert {s["figure"] for s in body["sources"]} == {figure for figure, _ in view.sources}
    assert set(body["answer_kinds"]) == set(body["networks"][0]["answers_outstanding"])


def test_nothing_personal_is_in_it(demo):
    raw = api_get(demo.user("ICB user"), f"icbs/{ICB}").content.decode()
    for person in demo.network.staff.exclude(full_name=""):
        assert person.full_name not in raw
    assert "salary" not in raw.lower() and "comment" not in raw.lower()


def test_everyone_but_its_icb_users_gets_a_404(demo, other_demo):
    for role in ("PCN manager", "Clinical director", "Observer", "Staff member"):
        response = api_get(demo.user(role), f"icbs/{ICB}")
        assert response.status_code == 404, role
    # Another ICB's user, and an ICB code that is no one's.
    assert api_get(other_demo.user("ICB user"), f"icbs/{ICB}").status_code == 404
    assert api_get(demo.user("ICB user"), "icbs/QZZ").status_code == 404
    assert api_get(None, f"icbs/{ICB}").status_code == 401
    assert api_get(demo.user("ICB user"), "icbs/qyg").status_code == 200  # codes are not fussy

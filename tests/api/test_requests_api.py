from django.test import Client

from pcn.core import actions

DINGLE = "N82033"


def _get(user, pcn_code="U35980"):
    _, raw = actions.create_api_token(user=user, name="sheet", by=user)
    return Client().get(f"/api/networks/{pcn_code}/requests", HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_the_requests_endpoint_lists_each_practices_status_with_overdue_marked(demo):
    response = _get(demo.user("PCN manager"))
    assert response.status_code == 200
    requests = {r["title"]: r for r in response.json()}
    overdue = requests["Confirm your practice's enhanced access hours for December"]
    statuses = {p["ods_code"]: p for p in overdue["practices"]}
    assert len(statuses) == demo.network.practices.count()
    by_status = {}
    for practice in statuses.values():
        by_status.setdefault(practice["status"], []).append(practice["overdue"])
    # Done is finished; acknowledged or waiting past the date stands out as overdue.
    assert by_status["done"] == [False, False]
    assert by_status["acknowledged"] == [True]
    assert by_status["waiting"] and all(by_status["waiting"])
    cannot = [
        p
        for p in requests["Send your Q3 workforce figures"]["practices"]
        if p["status"] == "cannot"
    ]
    assert cannot and "vacant" in cannot[0]["note"]


def test_a_practice_manager_reads_only_requests_sent_to_their_practice(demo):
    from pcn.coordination import actions as coordination

    manager = demo.user("PCN manager")
    other = demo.network.practices.exclude(ods_code=DINGLE).first()
    coordination.practice_requests.send_request(
        network=demo.network,
        title="Only for another practice",
        reason="Testing who sees it",
        due=demo.network.created_at.date().replace(year=2099),
        practices=[other],
        by=manager,
    )
    titles = {r["title"] for r in _get(demo.user("Practice manager of Dingle Park")).json()}
    assert "Send your Q3 workforce figures" in titles
    assert "Only for another practice" not in titles
    assert "Only for another practice" in {r["title"] for r in _get(manager).json()}


def test_staff_are_refused_and_another_network_is_a_404(demo, other_demo):
    assert _get(demo.user("Staff member")).status_code == 403
    assert _get(demo.user("PCN manager"), other_demo.network.pcn_code).status_code == 404
    assert Client().get("/api/networks/U35980/requests").status_code == 401

"""The OpenAPI document says which refusals each endpoint can give, so a client knows to expect
them: 401 without a valid token, 403 where the caller's role may not read it, 404 for a network
the caller is not in (or an ICB they are not an ICB user of), 422 for a parameter out of range (every paged list), 400 for a year that
is not one."""

from tests.conftest import signed_in

ENDPOINTS = {
    "/api/networks/{pcn_code}/practices",
    "/api/networks/{pcn_code}/staff",
    "/api/networks/{pcn_code}/requests",
    "/api/networks/{pcn_code}/entitlements",
    "/api/networks/{pcn_code}/forecast",
    "/api/networks/{pcn_code}/claims",
    "/api/networks/{pcn_code}/allocation",
    "/api/networks/{pcn_code}/rota/people",
    "/api/networks/{pcn_code}/rota/practices",
    "/api/networks/{pcn_code}/benchmark",
    "/api/icbs/{icb_code}",
}
WITH_A_YEAR = {"entitlements", "forecast"}


def _document(demo):
    # The document is for people signed in, like the API's pages.
    return signed_in(demo.user("PCN manager")).get("/api/openapi.json").json()


def test_every_endpoint_documents_the_refusals_it_can_give(demo):
    document = _document(demo)
    paths = document["paths"]
    assert set(paths) >= ENDPOINTS
    for path, operations in paths.items():
        assert set(operations) == {"get"}, path  # the API only reads
        operation = operations["get"]
        codes = set(operation["responses"])
        # An ICB's view is a 404 for everyone but its ICB users: it never says "not allowed".
        expected = (
            {"200", "401", "404"} if path.startswith("/api/icbs/") else {"200", "401", "403", "404"}
        )
        assert codes >= expected, path
        parameters = {p["name"] for p in operation.get("parameters", [])}
        if "page_size" in parameters:
            assert "422" in codes, path
        if path.rsplit("/", 1)[-1] in WITH_A_YEAR:
            assert "400" in codes, path
        for code, response in operation["responses"].items():
            assert response.get("description"), (path, code)
            if code != "200":  # every refusal is {"detail": "..."}
                schema = response["content"]["application/json"]["schema"]["$ref"]
                assert schema.endswith("/ErrorOut"), (path, code)


def test_every_list_is_paged_the_same_way_with_a_limit(demo):
    document = _document(demo)
    paged = []
    for path, operations in document["paths"].items():
        parameters = {p["name"]: p for p in operations["get"].get("parameters", [])}
        if "page_size" not in parameters:
            continue
        paged.append(path.split("{pcn_code}/")[1])
        assert parameters["page_size"]["schema"]["maximum"] == 500, path
        assert parameters["page"]["schema"]["minimum"] == 1, path
        ok = operations["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        shape = document["components"]["schemas"][ok["$ref"].rsplit("/", 1)[1]]
        assert set(shape["properties"]) == {"items", "count", "page", "page_size", "pages"}
    assert set(paged) == {"allocation", "rota/people", "rota/practices", "claims"}

"""The OpenAPI document says which refusals each endpoint can give, so a client knows to expect
them: 401 without a valid token, 404 for a network the caller is not in, 403 where the caller's
role may not read it, 400 for a year that is not one."""

from tests.conftest import signed_in


def test_every_endpoint_documents_the_refusals_it_can_give(demo):
    # The document is for people signed in, like the API's pages.
    paths = signed_in(demo.user("PCN manager")).get("/api/openapi.json").json()["paths"]
    codes = {path.split("/")[-1]: set(ops["get"]["responses"]) for path, ops in paths.items()}
    assert codes == {
        "practices": {"200", "401", "404"},
        "staff": {"200", "401", "403", "404"},
        "requests": {"200", "401", "403", "404"},
        "entitlements": {"200", "400", "401", "403", "404"},
        "forecast": {"200", "400", "401", "403", "404"},
    }
    for ops in paths.values():
        for code, response in ops["get"]["responses"].items():
            assert response.get("description"), code

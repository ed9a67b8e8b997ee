"""The JSON API fuzzed from its own OpenAPI document (/api/openapi.json) with schemathesis:
random network codes, years and headers, with a valid token, none, or a made-up one. No call
fails (500), and every status an endpoint gives is one its schema documents."""

import traceback

import schemathesis
from django.db import transaction
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from pcn.core import actions
from tests.conftest import signed_in
from tests.fuzz import figures


def test_no_api_call_fails_and_every_status_is_documented(demo):
    manager = demo.user("PCN manager")
    _, raw = actions.create_api_token(user=manager, name="fuzz", by=manager)
    document = signed_in(manager).get("/api/openapi.json")
    assert document.status_code == 200
    schema = schemathesis.openapi.from_dict(document.json())
    client = Client()
    counts, failures, covered = {"api_examples": 0, "server_errors": 0}, [], []

    def fuzzer(operation, documented):
        @settings(settings.get_profile("fuzz"), max_examples=12)
        @given(
            case=operation.as_strategy(),
            token=st.sampled_from([raw, raw, "", "pcn_made-up"]),
            ours=st.booleans(),
        )
        def fuzz(case, token, ours):
            counts["api_examples"] += 1
            if ours and "pcn_code" in (case.path_parameters or {}):
                case.path_parameters["pcn_code"] = demo.network.pcn_code
            headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
            with transaction.atomic():
                response = client.get(case.formatted_path, case.query or {}, **headers)
                transaction.set_rollback(True)
            assert response.status_code < 500, response.status_code
            assert response.status_code in documented, (response.status_code, documented)

        return fuzz

    for result in schema.get_all_operations():
        operation = result.ok()
        covered.append(f"{operation.method.upper()} {operation.path}")
        documented = {int(code) for code in operation.definition.raw["responses"]}
        try:
            fuzzer(operation, documented)()
        except Exception as error:  # noqa: BLE001 - every operation's failure is reported together
            counts["server_errors"] += 1
            failures.append(f"{covered[-1]}: {''.join(traceback.format_exception(error))}")
    figures.record(endpoints=covered, **counts)
    assert len(covered) >= 5
    assert not failures, "\n\n".join(failures)

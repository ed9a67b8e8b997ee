"""Allocations as plain JSON, problems to and from JSON, and `python -m engine.allocation`."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from engine.allocation import (
    AllocationError,
    NetworkProblem,
    Policy,
    Practice,
    ServiceProblem,
    allocate_network,
    problem_from_json,
    problem_to_json,
    to_json,
)

ROOT = Path(__file__).resolve().parents[2]


def network():
    practices = (
        Practice("A81001", True, populations={"weighted": 12_400.5, "registered": 11_000}),
        Practice("A81002", True, populations={"weighted": 8_100.0, "registered": 9_000}, demand=2),
        Practice("A81003", False, populations={"weighted": 3_000.0, "registered": 2_900}),
    )
    return NetworkProblem(
        network="U35980",
        services=(
            ServiceProblem("Structured medication reviews", 7, practices, Policy(cap=5)),
            ServiceProblem("Mental health support", 0, practices),
            ServiceProblem(
                "Care home rounds", 3, practices, Policy(basis="registered"), needs_rooms=False
            ),
        ),
        rooms={"A81001": 3, "A81002": 10},
    )


def test_a_network_allocation_is_plain_json_with_errors_in_their_place():
    data = to_json(allocate_network(network()))
    assert json.loads(json.dumps(data)) == data
    assert data["network"] == "U35980"
    smr, mental_health, care_homes = data["services"]
    assert set(smr) == {
        "service", "basis", "method", "sessions_available", "sessions_allocated", "unplaced",
        "reach", "warnings", "practices",
    }  # fmt: skip
    assert (smr["sessions_available"], smr["sessions_allocated"], smr["unplaced"]) == (7, 7, 0)
    first = smr["practices"][0]
    assert set(first) == {
        "ods_code", "opted_in", "basis_value", "share", "fair_share", "allocated", "cause",
        "reason",
    }  # fmt: skip
    assert first == {
        "ods_code": "A81001",
        "opted_in": True,
        "basis_value": 12400.5,
        "share": 0.6049,
        "fair_share": 4.23,
        "allocated": 3,
        "cause": "rooms",
        "reason": "Held at 3 because the practice has 3 free room-sessions a week left for this service; its fair "
        "share is 4.23 and the other 1.2 went to practices with room.",
    }
    assert smr["practices"][2]["reason"] == "Opted out of this service."
    assert mental_health == {
        "service": "Mental health support",
        "error": "No staff time is available for Mental health support: nobody in post can "
        "deliver it. Add staff whose role can deliver it, or pause the service.",
    }
    assert [p["allocated"] for p in care_homes["practices"]] == [2, 1, 0]


def test_a_problem_survives_the_round_trip_through_json():
    problem = network()
    assert problem_from_json(json.loads(json.dumps(problem_to_json(problem)))) == problem


def test_a_problem_file_may_leave_out_what_has_a_default():
    problem = problem_from_json(
        {
            "network": "U1",
            "services": [
                {
                    "service": "Social prescribing",
                    "sessions_available": 4,
                    "practices": [{"ods_code": "A1", "populations": {"weighted": 10}}],
                }
            ],
        }
    )
    service = problem.services[0]
    assert service.policy == Policy() and service.needs_rooms
    assert service.practices[0].opted_in and service.practices[0].rooms is None
    assert problem.rooms == {}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "The problem must be a JSON object."),
        ({"services": []}, "The problem has no 'network'."),
        (
            {
                "network": "U1",
                "services": [{"service": "SMR", "sessions_available": "4", "practices": []}],
            },
            "services[0] (SMR): 'sessions_available' must be a whole number, not \"4\".",
        ),
        (
            {
                "network": "U1",
                "services": [{"service": "SMR", "sessions_available": True, "practices": []}],
            },
            "services[0] (SMR): 'sessions_available' must be a whole number, not true.",
        ),
        (
            {
                "network": "U1",
                "services": [
                    {"service": "SMR", "sessions_available": 4, "practices": [{"opted_in": 1}]}
                ],
            },
            "services[0] (SMR) practices[0] has no 'ods_code'.",
        ),
        ({"network": "U1", "services": [], "rooms": {"A1": 2.5}}, "'A1' must be a whole number"),
    ],
)
def test_a_malformed_problem_says_where(data, message):
    with pytest.raises(AllocationError) as refused:
        problem_from_json(data)
    assert message in str(refused.value)


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "engine.allocation", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_command_prints_the_allocation_of_a_problem_file(tmp_path):
    path = tmp_path / "network.json"
    path.write_text(json.dumps(problem_to_json(network())))
    done = run_cli(path)
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    assert printed == to_json(allocate_network(network()))
    assert [s["service"] for s in printed["services"]] == [
        "Structured medication reviews",
        "Mental health support",
        "Care home rounds",
    ]


def test_the_command_refuses_a_file_that_is_not_json_with_exit_status_2(tmp_path):
    path = tmp_path / "network.json"
    path.write_text('{"network": "U1", ')
    done = run_cli(path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert "is not valid JSON" in done.stderr and "line 1" in done.stderr


def test_the_command_refuses_a_problem_it_cannot_read_with_exit_status_2(tmp_path):
    path = tmp_path / "network.json"
    path.write_text(json.dumps({"network": "U1"}))
    done = run_cli(path)
    assert done.returncode == 2
    assert "The problem has no 'services'." in done.stderr
    missing = run_cli(tmp_path / "absent.json")
    assert missing.returncode == 2 and "Cannot read" in missing.stderr

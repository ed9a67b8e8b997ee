"""`python -m engine.rota solve|validate FILE.json`, as a script or CI would run it."""

import json
import subprocess
import sys
from pathlib import Path

from engine.rota.generate import generated_problem
from engine.rota.json_io import problem_to_json, rota_to_json
from engine.rota.problem import HUB
from tests.engine.rota.tiny import SMR, A, at, every, network, person

ROOT = Path(__file__).resolve().parents[3]


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "engine.rota", *map(str, args)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def problem():
    return network(person("ann", home_base=A), targets={(A, SMR): 6})


def test_solve_prints_the_result_as_json(tmp_path):
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(problem_to_json(problem())))
    done = run("solve", path, "--seconds", 2, "--seed", 3, "--workers", 1)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert (result["status"], result["objective"]) == ("optimal", 12)
    assert len(result["rota"]) == 10


def test_validate_scores_a_result_file_and_exits_1_when_a_hard_rule_is_broken(tmp_path):
    good = [at("ann", slot, A) for slot in every()[:6]] + [at("ann", s, HUB) for s in every()[6:]]
    path = tmp_path / "result.json"
    path.write_text(json.dumps({"problem": problem_to_json(problem()), "rota": rota_to_json(good)}))
    done = run("validate", path)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert (report["ok"], report["total"], report["violations"]) == (True, 12, [])

    path.write_text(
        json.dumps({"problem": problem_to_json(problem()), "rota": rota_to_json(good[:9])})
    )
    done = run("validate", path)
    assert done.returncode == 1
    [violation] = json.loads(done.stdout)["violations"]
    assert violation["rule"] == "working_sessions"
    assert violation["message"] == "Ann works on Friday 4 December PM but is not placed."


def test_a_file_that_is_not_json_exits_2_saying_where(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"network": "U1",\n  "start": }')
    done = run("solve", path)
    assert done.returncode == 2
    assert done.stderr == f"{path} is not valid JSON: Expecting value at line 2, column 12\n"


def test_a_wrong_problem_exits_2_with_the_path_to_the_mistake(tmp_path):
    data = problem_to_json(problem())
    data["people"][0]["available"][2]["session"] = "NIGHT"
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(data))
    done = run("solve", path)
    assert done.returncode == 2
    assert done.stderr == (
        f"{path}: people[0].available[2].session: "
        'must be one of AM, PM, EVE, SAT_AM, SAT_PM, not "NIGHT"\n'
    )


def test_a_missing_file_or_a_bad_command_exits_2(tmp_path):
    done = run("solve", tmp_path / "nowhere.json")
    assert done.returncode == 2 and "Cannot read" in done.stderr
    done = run("publish", tmp_path / "nowhere.json")
    assert done.returncode == 2 and "invalid choice: 'publish'" in done.stderr


def test_the_same_seed_on_one_worker_gives_the_same_rota_in_any_process(tmp_path):
    path = tmp_path / "problem.json"
    path.write_text(
        json.dumps(problem_to_json(generated_problem(5, people=8, practices=2, weeks=2)))
    )
    rotas = []
    for hash_seed in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-m", "engine.rota", "solve", str(path), "--seconds", "0.5",
             "--seed", "7", "--workers", "1"],
            cwd=ROOT, capture_output=True, text=True, timeout=120,
            env={"PYTHONHASHSEED": hash_seed, "PATH": "/usr/bin:/bin"},
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        result = json.loads(done.stdout)
        rotas.append((result["rota"], result["objective"], result["bound"]))
    assert rotas[0] == rotas[1]

"""`python -m engine.rota solve FILE.json [--seconds S] [--seed N] [--workers W]`: solve a
problem file (the shape `problem_to_json` writes, or a result file, whose problem is solved
afresh) and print the result as JSON.

`python -m engine.rota validate FILE.json`: score the rota in a result-shaped file ({"problem":
..., "rota": [...]}) and print its violations and scores as JSON.

Exit status 2, with the reason on stderr, when the file cannot be read; validate exits 1 when
the rota breaks a hard rule, so scripts can rely on the status alone.
"""

import argparse
import json
import sys

from .explain import explain
from .json_io import (
    explanation_to_json,
    problem_from_json,
    report_to_json,
    result_to_json,
    rota_from_json,
)
from .problem import RotaInputError
from .validate import validate


class _Usage(argparse.ArgumentParser):
    def error(self, message):
        self.print_usage(sys.stderr)
        print(f"{self.prog}: {message}", file=sys.stderr)
        sys.exit(2)


def _parser():
    parser = _Usage(prog="python -m engine.rota", description="Solve or check a PCN rota.")
    commands = parser.add_subparsers(dest="command", required=True)
    solve = commands.add_parser("solve", help="solve a problem file and print the result")
    solve.add_argument("file")
    solve.add_argument("--seconds", type=float, default=10.0)
    solve.add_argument("--seed", type=int, default=0)
    solve.add_argument("--workers", type=int, default=None, help="default: every core")
    check = commands.add_parser("validate", help="score the rota in a result file")
    check.add_argument("file")
    return parser


def _read(path):
    with open(path, encoding="utf-8") as file:
        return json.load(file)


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    try:
        data = _read(args.file)
        if args.command == "validate":
            if not isinstance(data, dict) or "problem" not in data or "rota" not in data:
                raise RotaInputError(
                    'The file must be an object with "problem" and "rota", as solve prints.'
                )
            problem = problem_from_json(data["problem"])
            rota = rota_from_json(data["rota"])
        else:
            problem = problem_from_json(data["problem"] if _is_result(data) else data)
    except OSError as error:
        print(f"Cannot read {args.file}: {error.strerror or error}", file=sys.stderr)
        return 2
    except json.JSONDecodeError as error:
        print(
            f"{args.file} is not valid JSON: {error.msg} at line {error.lineno}, "
            f"column {error.colno}",
            file=sys.stderr,
        )
        return 2
    except RotaInputError as error:
        print(f"{args.file}: {error}", file=sys.stderr)
        return 2

    if args.command == "validate":
        report = validate(problem, rota)
        out = {**report_to_json(report), "explanation": explanation_to_json(
            explain(problem, rota, report)
        )}  # fmt: skip
        status = 0 if report.ok else 1
    else:
        from .solve import solve  # only solving needs the solver

        result = solve(problem, seconds=args.seconds, seed=args.seed, workers=args.workers)
        out = result_to_json(result, problem)
        status = 0
    json.dump(out, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return status


def _is_result(data) -> bool:
    return isinstance(data, dict) and "problem" in data


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

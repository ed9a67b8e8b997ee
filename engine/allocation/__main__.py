"""`python -m engine.allocation FILE.json`: allocate a network's services from a problem file
(the shape `problem_to_json` writes) and print the allocation as JSON.

Exit status 2, with the reason on stderr, when the file cannot be read or allocated.
"""

import json
import sys

from . import AllocationError, allocate_network, problem_from_json, to_json

USAGE = "usage: python -m engine.allocation FILE.json"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(USAGE, file=sys.stderr)
        return 2
    path = argv[0]
    try:
        with open(path, encoding="utf-8") as file:
            data = json.load(file)
        problem = problem_from_json(data)
    except OSError as error:
        print(f"Cannot read {path}: {error.strerror or error}", file=sys.stderr)
        return 2
    except json.JSONDecodeError as error:
        print(
            f"{path} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}",
            file=sys.stderr,
        )
        return 2
    except AllocationError as error:
        print(f"{path}: {error}", file=sys.stderr)
        return 2
    json.dump(to_json(allocate_network(problem)), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

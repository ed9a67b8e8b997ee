"""The fuzz suite's figures: each fuzz test adds what it covered to the file named by
PCN_FUZZ_FIGURES (one JSON object a line), and `python -m tests.fuzz.figures FILE` sums them
into the section of docs/benchmarks.md (see `make fuzz-figures`)."""

import json
import os
import sys
from collections import Counter
from pathlib import Path

HEADING = "## Fuzzing: every form, import and API endpoint"


def record(**figures):
    path = os.environ.get("PCN_FUZZ_FIGURES")
    if path:
        with open(path, "a") as out:
            out.write(json.dumps(figures) + "\n")


def section(path):
    totals, forms, imports, endpoints = Counter(), set(), set(), set()
    for line in Path(path).read_text().splitlines():
        row = json.loads(line)
        forms |= set(row.pop("forms", []))
        imports |= set(row.pop("imports", []))
        endpoints |= set(row.pop("endpoints", []))
        totals.update(row)
    return "\n".join(
        [
            HEADING,
            "",
            "`make fuzz-figures` runs `tests/fuzz` (hypothesis, derandomised, so every run posts the "
            "same values) and writes this section. The fuzz tests run in `make test` too.",
            "",
            "| Measure | Figure |",
            "|---|---|",
            f"| Pages opened as the PCN manager to find forms | {totals['pages']} |",
            f"| POST forms covered (distinct by where they post and their fields) | {len(forms)} |",
            f"| Examples posted to forms | {totals['form_examples']} |",
            f"| Refusals checked to have saved nothing | {totals['refusals_checked']} |",
            f"| Imports covered | {len(imports)} |",
            f"| Files posted to imports | {totals['import_examples']} |",
            f"| API operations covered (schemathesis) | {len(endpoints)} |",
            f"| API calls made | {totals['api_examples']} |",
            f"| Server errors (500s) in this run | {totals['server_errors']} |",
            "",
        ]
    )


def write(path, doc="docs/benchmarks.md"):
    text = Path(doc).read_text()
    new = section(path)
    if HEADING in text:
        start = text.index(HEADING)
        rest = text.find("\n## ", start + len(HEADING))
        text = text[:start] + new + (text[rest + 1 :] if rest != -1 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + new
    Path(doc).write_text(text)
    print(new)


if __name__ == "__main__":
    write(sys.argv[1])

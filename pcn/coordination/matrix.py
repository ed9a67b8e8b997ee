"""The responsibility matrix: recurring activities against who is responsible, accountable,
consulted and informed, checked and compared version with version. Plain data, no database."""

from dataclasses import dataclass

PARTIES = [
    ("pcn_manager", "PCN manager"),
    ("clinical_director", "Clinical director"),
    ("practice_managers", "Each practice manager"),
    ("lead_practice", "Lead practice"),
]
PARTY_LABELS = dict(PARTIES)

LETTERS = [
    ("", "Not involved"),
    ("R", "Responsible"),
    ("A", "Accountable"),
    ("RA", "Responsible and accountable"),
    ("C", "Consulted"),
    ("I", "Informed"),
]
LETTER_LABELS = dict(LETTERS)

# The activities every network does, and a starting point the PCN manager changes: the
# clinical director answers for the contract, the PCN manager does the running.
STARTING_MATRIX = [
    ("ARRS claims", {"pcn_manager": "R", "clinical_director": "A", "practice_managers": "I", "lead_practice": "C"}),
    ("Workforce returns", {"pcn_manager": "RA", "clinical_director": "I", "practice_managers": "C", "lead_practice": ""}),
    ("Recruitment", {"pcn_manager": "R", "clinical_director": "A", "practice_managers": "C", "lead_practice": "C"}),
    ("Rota", {"pcn_manager": "RA", "clinical_director": "I", "practice_managers": "C", "lead_practice": ""}),
    ("Supervision", {"pcn_manager": "R", "clinical_director": "A", "practice_managers": "I", "lead_practice": ""}),
    ("Enhanced access", {"pcn_manager": "R", "clinical_director": "A", "practice_managers": "C", "lead_practice": "I"}),
    ("Contract reporting", {"pcn_manager": "R", "clinical_director": "A", "practice_managers": "I", "lead_practice": "I"}),
    ("Estates", {"pcn_manager": "R", "clinical_director": "I", "practice_managers": "C", "lead_practice": "A"}),
    ("Communications", {"pcn_manager": "RA", "clinical_director": "C", "practice_managers": "I", "lead_practice": "I"}),
]  # fmt: skip


def starting_rows():
    return [{"activity": name, "cells": dict(cells)} for name, cells in STARTING_MATRIX]


def problems(rows):
    """What makes a matrix unusable, one message per problem: every activity needs a name, one
    accountable party and someone responsible; no activity twice."""
    found, seen = [], set()
    if not rows:
        found.append("Add at least one activity.")
    for row in rows:
        name = row["activity"].strip()
        if not name:
            found.append("Every activity needs a name.")
            continue
        if name.lower() in seen:
            found.append(f"{name} is listed twice.")
        seen.add(name.lower())
        letters = [row["cells"].get(party, "") for party, _ in PARTIES]
        accountable = sum(1 for letter in letters if "A" in letter)
        if accountable != 1:
            found.append(f"{name}: choose exactly one party as accountable (it has {accountable}).")
        if not any("R" in letter for letter in letters):
            found.append(f"{name}: choose who is responsible.")
    return found


@dataclass(frozen=True)
class Change:
    activity: str
    kind: str  # "added", "removed", "changed"
    cells: tuple = ()  # ((party label, before label, after label), ...) for "changed"


def diff(before_rows, after_rows):
    """What changed from one version to the next, in the later version's order."""
    before = {r["activity"]: r["cells"] for r in before_rows}
    after = {r["activity"]: r["cells"] for r in after_rows}
    changes = []
    for row in after_rows:
        name = row["activity"]
        if name not in before:
            changes.append(Change(name, "added"))
            continue
        cells = tuple(
            (label, LETTER_LABELS[before[name].get(p, "")], LETTER_LABELS[after[name].get(p, "")])
            for p, label in PARTIES
            if before[name].get(p, "") != after[name].get(p, "")
        )
        if cells:
            changes.append(Change(name, "changed", cells))
    changes += [Change(r["activity"], "removed") for r in before_rows if r["activity"] not in after]
    return changes

"""The register against the latest NHS PCN workforce census of its network.

The census is a snapshot at its date (30 Jun 2026 for the June file), so it is compared with the
people the register says were in post that day: started on or before it (or no start date) and
not left before it. Someone matched by identifier who was not in post then is a difference of
dates; anyone else not in post then is left out of the comparison, and counted.

Matching, in this order, one-to-one:

1. By the NHS unique identifier: a register person and a census record with the same one are the
   same person (certain). Someone with two roles has two records and two register entries: they
   are paired as in step 2.
2. By role and FTE, for what step 1 left: within the same role (the catalogue role the census's
   NHS role maps to, or the NHS role itself where it maps to none), the closest FTEs are paired
   first. Equally close pairs go to the person added to the register first and the record with
   the lowest identifier (then the file's order). Two different identifiers are never paired.
   These matches are not certain, and are labelled so.

A matched pair whose FTE (to 2 decimal places, as the register keeps it), role or dates disagree
is a difference. Everything here answers in a fixed number of queries, however many people.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from pcn.reference.census import latest_census_date
from pcn.reference.models import WorkforceRecord

from .actions.nhs_import import role_map
from .catalogue import role_names
from .models import CensusExplanation, day_text

CENT = Decimal("0.01")
BY_IDENTIFIER = "identifier"
BY_ROLE_AND_FTE = "role_and_fte"
HOW = {
    BY_IDENTIFIER: "Matched by identifier",
    BY_ROLE_AND_FTE: "Matched by role and FTE, not certain",
}
MATCHED, ONLY_IN_REGISTER, ONLY_IN_CENSUS, DIFFERENCE = (
    "matched",
    "only_in_register",
    "only_in_census",
    "differences",
)
KINDS = (MATCHED, ONLY_IN_REGISTER, ONLY_IN_CENSUS, DIFFERENCE)


@dataclass(frozen=True)
class CensusRow:
    """One record of the census, with the catalogue role its NHS role maps to (blank if none)."""

    pk: int
    identifier: str
    data_source: str
    staff_group: str
    staff_role: str
    detailed_role: str
    fte: Decimal
    role_code: str
    # Which of several records with no identifier and the same role and FTE this is (0, 1, ...),
    # so each keeps its own explanation.
    occurrence: int = 0

    @property
    def nhs_role(self):
        return self.detailed_role or self.staff_role

    @property
    def wte(self):
        """The FTE as the register keeps it: 2 decimal places."""
        return self.fte.quantize(CENT, rounding=ROUND_HALF_UP)

    @property
    def key(self):
        if self.identifier:
            return f"id:{self.identifier}"
        return f"nhs:{self.nhs_role}|{self.wte}|{self.occurrence}"


@dataclass
class Entry:
    kind: str
    person: object = None  # StaffMember
    record: CensusRow | None = None
    how: str = ""  # BY_IDENTIFIER or BY_ROLE_AND_FTE for a pair
    problems: list = field(default_factory=list)  # "fte", "role", "dates" for a difference
    todo: list = field(default_factory=list)  # what to do, in plain words
    explanation: CensusExplanation | None = None
    register_role: str = ""  # the register's role, named as in the catalogue

    @property
    def item(self):
        """Names this entry for its explanation: the same on every page load for one census."""
        person = f"p{self.person.pk}" if self.person else "-"
        record = self.record.key if self.record else "-"
        return f"{self.kind}/{person}/{record}"[:400]

    @property
    def explained(self):
        return self.explanation is not None

    @property
    def how_text(self):
        return HOW.get(self.how, "")

    @property
    def census_role(self):
        return self.record.nhs_role if self.record else ""

    @property
    def identifier(self):
        if self.record and self.record.identifier:
            return self.record.identifier
        return self.person.nhs_identifier if self.person else ""

    @property
    def name(self):
        if self.person is None:
            return ""
        return self.person.full_name or f"Draft {self.person.nhs_role or 'record'}".strip()

    @property
    def summary(self):
        """What the entry is, in one line, for History."""
        who = self.name or f"census record {self.identifier or self.census_role}"
        return {
            ONLY_IN_REGISTER: f"{who}: in the register, not in the census",
            ONLY_IN_CENSUS: f"{who} ({self.census_role}, {self.record.wte if self.record else ''}"
            " FTE): in the census, not in the register",
            DIFFERENCE: f"{who}: " + "; ".join(PROBLEM_WORDS[p] for p in self.problems),
            MATCHED: f"{who}: matched",
        }[self.kind][:300]


PROBLEM_WORDS = {
    "fte": "FTE differs",
    "role": "role differs",
    "dates": "not in post on the census date",
}


@dataclass
class Reconciliation:
    network: object
    census_date: dt.date | None  # None: no census is loaded
    today: dt.date
    matched: list = field(default_factory=list)
    only_in_register: list = field(default_factory=list)
    only_in_census: list = field(default_factory=list)
    differences: list = field(default_factory=list)
    not_in_post: list = field(default_factory=list)  # people left out: not in post that day
    census_records: int = 0
    register_people: int = 0  # in post on the census date

    def entries(self, kind):
        return getattr(self, kind)

    @property
    def to_explain(self):
        """Everything but the matches: what the page lists with something to do."""
        return self.only_in_register + self.only_in_census + self.differences

    def open(self, kind):
        return [e for e in self.entries(kind) if not e.explained]

    @property
    def explained(self):
        return [e for e in self.to_explain if e.explained]

    @property
    def unexplained(self):
        return len(self.to_explain) - len(self.explained)

    @property
    def uncertain(self):
        return sum(1 for e in self.matched + self.differences if e.how == BY_ROLE_AND_FTE)

    def find(self, item):
        return next((e for e in self.to_explain if e.item == item), None)


def in_post_on(person, day):
    return (person.start_date is None or person.start_date <= day) and (
        person.end_date is None or person.end_date >= day
    )


def census_rows(pcn_code, census_date):
    """The network's records at the census, each with its catalogue role (2 queries)."""
    mapping = role_map()
    records = WorkforceRecord.objects.filter(
        census_date=census_date, pcn_code=pcn_code.strip().upper()
    ).order_by("pk")
    seen = Counter()
    rows = []
    for r in records:
        row = CensusRow(
            pk=r.pk,
            identifier=r.unique_identifier.strip(),
            data_source=r.data_source,
            staff_group=r.staff_group,
            staff_role=r.staff_role,
            detailed_role=r.detailed_role,
            fte=r.fte,
            role_code=mapping.get((r.staff_role, r.detailed_role), ""),
        )
        if not row.identifier:
            same = (row.nhs_role, row.wte)
            row = replace(row, occurrence=seen[same])
            seen[same] += 1
        rows.append(row)
    return rows


def _role_key(role_code, nhs_role):
    if role_code:
        return ("role", role_code)
    if nhs_role:
        return ("nhs", nhs_role.strip().lower())
    return ("none",)


def _person_key(person):
    return _role_key(person.role_code, person.nhs_role)


def _record_key(row):
    return _role_key(row.role_code, row.nhs_role)


def _person_role(person, names):
    if person.role_code:
        return names.get(person.role_code, person.role_code)
    return person.nhs_role or "No role"


def _identifier_order(identifier):
    """Lowest first, as numbers (they are numbers in the file); a record with none comes last."""
    if identifier.isdigit():
        return (0, int(identifier), "")
    return (1 if identifier else 2, 0, identifier)


def _pair(people, rows):
    """One-to-one pairs within each role, closest FTE first: ([(person, row)], people left,
    rows left). Deterministic: ties go to the person added first and the lowest identifier."""
    by_role = defaultdict(lambda: ([], []))
    for p in people:
        by_role[_person_key(p)][0].append(p)
    for r in rows:
        by_role[_record_key(r)][1].append(r)
    pairs, used_people, used_rows = [], set(), set()
    for key in sorted(by_role, key=str):
        ps, rs = by_role[key]
        if key == ("none",):
            continue
        candidates = sorted(
            (
                (abs(p.wte - r.wte), p.pk, _identifier_order(r.identifier), r.pk, p, r)
                for p in ps
                for r in rs
                if not (p.nhs_identifier and r.identifier and p.nhs_identifier != r.identifier)
            ),
            key=lambda c: c[:4],
        )
        for *_, p, r in candidates:
            if p.pk in used_people or r.pk in used_rows:
                continue
            pairs.append((p, r))
            used_people.add(p.pk)
            used_rows.add(r.pk)
    return (
        pairs,
        [p for p in people if p.pk not in used_people],
        [r for r in rows if r.pk not in used_rows],
    )


def reconcile(network, today, census_date=None):
    """The register against the latest census (or `census_date`). 4 queries, whatever the size."""
    census_date = census_date or latest_census_date()
    result = Reconciliation(network=network, census_date=census_date, today=today)
    if census_date is None:
        return result
    rows = census_rows(network.pcn_code, census_date)
    people = list(network.staff.order_by("pk"))
    explanations = {
        e.item: e
        for e in CensusExplanation.objects.filter(
            network=network, census_date=census_date
        ).select_related("explained_by")
    }
    result.census_records = len(rows)
    names = role_names()

    # 1. By identifier, whatever the dates: the identifier says who they are.
    census_ids = {r.identifier for r in rows if r.identifier}
    register_ids = {p.nhs_identifier for p in people if p.nhs_identifier}
    shared = census_ids & register_ids
    pairs = []
    for identifier in sorted(shared):
        same_people = [p for p in people if p.nhs_identifier == identifier]
        same_rows = [r for r in rows if r.identifier == identifier]
        found, left_people, left_rows = _pair(same_people, same_rows)
        if not found:  # same person, no role in common: pair them anyway, as a role difference
            found = list(zip(same_people, same_rows, strict=False))
            left_people = same_people[len(found) :]
            left_rows = same_rows[len(found) :]
        pairs += [(p, r, BY_IDENTIFIER) for p, r in found]
        for p in left_people:
            if in_post_on(p, census_date):
                result.only_in_register.append(Entry(ONLY_IN_REGISTER, person=p))
            else:
                result.not_in_post.append(p)
        for r in left_rows:
            result.only_in_census.append(Entry(ONLY_IN_CENSUS, record=r))

    # 2. By role and FTE, among those in post that day and records nobody in the register holds.
    paired_people = {p.pk for p, _, _ in pairs} | {e.person.pk for e in result.only_in_register}
    paired_people |= {p.pk for p in result.not_in_post}
    rest_people = []
    for p in people:
        if p.pk in paired_people:
            continue
        if in_post_on(p, census_date):
            rest_people.append(p)
        else:
            result.not_in_post.append(p)
    rest_rows = [
        r
        for r in rows
        if not r.identifier or r.identifier not in register_ids
        if r.identifier not in shared
    ]
    found, left_people, left_rows = _pair(rest_people, rest_rows)
    pairs += [(p, r, BY_ROLE_AND_FTE) for p, r in found]
    result.only_in_register += [Entry(ONLY_IN_REGISTER, person=p) for p in left_people]
    result.only_in_census += [Entry(ONLY_IN_CENSUS, record=r) for r in left_rows]
    result.register_people = sum(1 for p in people if in_post_on(p, census_date))

    for person, row, how in pairs:
        problems = []
        if person.wte != row.wte:
            problems.append("fte")
        if _person_key(person) != _record_key(row):
            problems.append("role")
        if not in_post_on(person, census_date):
            problems.append("dates")
        entry = Entry(DIFFERENCE if problems else MATCHED, person=person, record=row, how=how)
        entry.problems = problems
        (result.differences if problems else result.matched).append(entry)

    for kind in KINDS:
        for entry in result.entries(kind):
            entry.register_role = _person_role(entry.person, names) if entry.person else ""
            entry.todo = _todo(entry, census_date)
            entry.explanation = explanations.get(entry.item) if kind != MATCHED else None
        result.entries(kind).sort(key=_order)
    result.not_in_post.sort(key=lambda p: (p.full_name, p.pk))
    return result


def _order(entry):
    return (entry.register_role or entry.census_role, entry.name, entry.identifier)


def _fte(value):
    """0.8, 1.0, 0.91: as people write an FTE."""
    text = f"{value.normalize():f}"
    return text if "." in text else f"{text}.0"


def _todo(entry, census_date):
    person, row = entry.person, entry.record
    on = day_text(census_date)
    if entry.kind == ONLY_IN_REGISTER:
        todo = [
            f"Check whether they were in post on {on}. If they were, they are missing from the "
            "return: make sure the next return has them with their role and FTE."
        ]
        if not person.nhs_identifier:
            todo.append("Add their NHS identifier to the register once the return has them.")
        return todo
    if entry.kind == ONLY_IN_CENSUS:
        said = f"The census has a {row.nhs_role} at {_fte(row.wte)} FTE"
        said += f" (identifier {row.identifier})" if row.identifier else " (no identifier)"
        return [
            f"{said} that nobody in the register matches. Add them to the register, or, if they "
            f"had left by {on}, make sure the next return shows them as left."
        ]
    todo = []
    if "fte" in entry.problems:
        todo.append(
            f"The census says {_fte(row.wte)} FTE, the register {_fte(person.wte)}: one of them "
            "needs correcting at the next return."
        )
    if "role" in entry.problems:
        todo.append(
            f"The census says {row.nhs_role}, the register {entry.register_role}: correct the "
            "register, or their role at the next return."
        )
    if "dates" in entry.problems:
        if person.start_date and person.start_date > census_date:
            todo.append(
                f"The census counts them on {on}, but the register says they started on "
                f"{day_text(person.start_date)}: check their start date."
            )
        else:
            todo.append(
                f"The census counts them on {on}, but the register says they left on "
                f"{day_text(person.end_date)}: check their leaving date. If it is right, make sure "
                "the next return shows them as left."
            )
    if entry.how == BY_ROLE_AND_FTE and row.identifier and not person.nhs_identifier:
        todo.append(
            f"Not certain it is them: if it is, add their NHS identifier ({row.identifier}) to "
            "the register."
        )
    return todo


def as_json(found):
    """{"matched", "only_in_register", "only_in_census", "differences"}: lists of plain objects,
    for `manage.py reconcile_census` and anything else that reads the comparison."""

    def number(value):
        return float(value) if value is not None else None

    def plain(entry):
        return {
            "name": entry.name,
            "identifier": entry.identifier,
            "role": entry.register_role or entry.census_role,
            "role_register": entry.register_role or None,
            "role_census": entry.census_role or None,
            "fte_register": number(entry.person.wte) if entry.person else None,
            "fte_census": number(entry.record.wte) if entry.record else None,
            "how_matched": entry.how or None,
            "problems": entry.problems,
            "what_to_do": entry.todo,
            "explained": entry.explained,
            "reason": entry.explanation.reason if entry.explanation else None,
        }

    return {kind: [plain(e) for e in found.entries(kind)] for kind in KINDS}

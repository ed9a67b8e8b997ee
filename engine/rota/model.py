"""The CP-SAT model of a rota: one Boolean per allowed (person, session, site, service), and the
indexes the rules build on.

Each rule in rules/ adds itself through `build(model)`: hard rules as constraints, soft rules as
named penalty terms. This module only offers the choices and the shared literals ("is Ann at
practice A on Tuesday PM?", "does Ann work at practice A in week 2?"), made once however many
rules use them.

Every shared literal is defined exactly (both directions), so in any solution the solver reports,
not only the optimum, the objective equals what the rules' `check()` recomputes from the rota.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from . import horizon
from .findings import weight_of
from .problem import HUB, SATURDAY, SESSIONS, Assignment, Problem, Slot, session_fits
from .rules import HARD_RULES, SOFT_RULES, allocation, rooms, skills


@dataclass(frozen=True)
class Term:
    """One named part of a soft rule's penalty: `count` instances, each costing the rule's
    weight. `count` is a linear expression over the model's variables, or a whole number when
    nothing the solver chooses can avoid it."""

    name: str
    count: object


@dataclass(frozen=True)
class Slack:
    """How far a relaxed hard rule had to give, while finding out why a problem is infeasible.
    `describe(amount)` is the plain-English conflict."""

    rule: str
    var: object
    describe: Callable[[int], str]
    topic: tuple = ()  # for a rule that sums its slack up (allocation: by service and week)


class Model:
    def __init__(self, problem: Problem, *, relax: frozenset[str] = frozenset()):
        self.problem = problem
        self.relax = relax
        self.cp = cp_model.CpModel()
        self.people = {person.id: person for person in problem.people}
        self.practices = tuple(site.id for site in problem.sites if site.id != HUB)
        self.x: dict[tuple[str, Slot, str, str], cp_model.IntVar] = {}
        self.terms: dict[str, list[Term]] = {}
        self.slacks: list[Slack] = []
        self._slots: dict[str, list[Slot]] = {}
        self._weeks: dict[tuple[str, int], list[Slot]] = {}  # (person, week) -> their sessions
        self._choices: dict[tuple[str, Slot], dict[tuple[str, str], cp_model.IntVar]] = {}
        self._at: dict[tuple[str, Slot, str], object] = {}
        self._used: dict[tuple[str, str, int], object] = {}
        self._at_site: dict[tuple[str, Slot], list[tuple[str, str, object]]] = defaultdict(list)
        self._delivering: dict[tuple[str, str, int], list[object]] = defaultdict(list)
        self._make_choices()

    # --- the choices -------------------------------------------------------------------------

    def _make_choices(self):
        problem = self.problem
        # Choices a hard rule forbids outright are never made, unless that rule is being relaxed
        # to find out why a problem is infeasible.
        allowed_by_allocation = {
            option: option[0] == HUB
            or self.relaxing(allocation.NAME)
            or allocation.most(problem, *option) > 0
            for person in problem.people
            for option in skills.options(problem, person)
        }
        # A session with no rooms shuts out the services that need one (rooms.capacity, once
        # per practice and weekly session rather than once per choice).
        no_room = {
            (site, weekday, session)
            for site in self.practices
            for weekday in range(SATURDAY + 1)
            for session in SESSIONS
            if session_fits(weekday, session)
            and not self.relaxing(rooms.NAME)
            and rooms.capacity(problem, site, horizon.slot_in_week(problem, 0, weekday, session))
            == 0
        }
        needs_room = {
            (site, service): rooms.needs_room(problem, site, service)
            for site in (*self.practices, HUB)
            for service in [s.name for s in problem.services]
        }
        allowed = skills.allowed(problem)  # services in their hours, bank holidays
        for person in problem.people:
            slots = horizon.working_slots(person)
            self._slots[person.id] = slots
            options = [o for o in skills.options(problem, person) if allowed_by_allocation[o]]
            for slot in slots:
                week = horizon.week_of(problem, slot.day)
                self._weeks.setdefault((person.id, week), []).append(slot)
                weekly = (slot.day.weekday(), slot.session)
                choices = {}
                for site, service in options:
                    if needs_room.get((site, service)) and (site, *weekly) in no_room:
                        continue
                    if not allowed(slot, site, service):
                        continue
                    var = self.cp.new_bool_var(
                        f"{person.id}|{slot.day}|{slot.session}|{site}|{service}"
                    )
                    self.x[person.id, slot, site, service] = var
                    choices[site, service] = var
                    self._at_site[site, slot].append((person.id, service, var))
                    self._delivering[site, service, week].append(var)
                self._choices[person.id, slot] = choices

    def slots(self, person: str) -> list[Slot]:
        """The sessions the person works, in time order."""
        return self._slots[person]

    def choices(self, person: str, slot: Slot) -> dict[tuple[str, str], object]:
        """(site, service) -> the literal 'the person is there doing that in this session'."""
        return self._choices.get((person, slot), {})

    def at_site(self, site: str, slot: Slot) -> list[tuple[str, str, object]]:
        """(person, service, literal) for everyone who could be at the site in the session."""
        return self._at_site.get((site, slot), [])

    def sessions_at(self, site: str) -> list[Slot]:
        """The sessions in which anyone could be at the site, in time order."""
        return sorted({slot for s, slot in self._at_site if s == site})

    def delivering(self, site: str, service: str, week: int) -> list[object]:
        """The literals that count towards the site's sessions of the service in the week."""
        return self._delivering.get((site, service, week), [])

    def offered(self) -> list[tuple[str, str]]:
        """Every (practice, service) someone could deliver."""
        return sorted({(site, service) for site, service, _ in self._delivering if site != HUB})

    def sites(self, person: str, slot: Slot) -> list[str]:
        return list(dict.fromkeys(site for site, _ in self.choices(person, slot)))

    def at(self, person: str, slot: Slot, site: str):
        """The literal 'the person works at the site in the session' (any service), or None
        when they cannot be there."""
        key = (person, slot, site)
        if key not in self._at:
            here = [var for (s, _), var in self.choices(person, slot).items() if s == site]
            if not here:
                literal = None
            elif len(here) == 1:
                literal = here[0]
            else:
                literal = self.cp.new_bool_var(f"at|{person}|{slot.day}|{slot.session}|{site}")
                self.cp.add(literal == sum(here))
            self._at[key] = literal
        return self._at[key]

    def used(self, person: str, site: str, week: int):
        """The literal 'the person works at the site at least once in the week', or None."""
        key = (person, site, week)
        if key not in self._used:
            ats = [
                literal
                for slot in self._weeks.get((person, week), ())
                if (literal := self.at(person, slot, site)) is not None
            ]
            if not ats:
                literal = None
            elif len(ats) == 1:
                literal = ats[0]
            else:
                literal = self.cp.new_bool_var(f"used|{person}|{site}|{week}")
                for at in ats:
                    self.cp.add_implication(at, literal)
                self.cp.add_bool_or(ats).only_enforce_if(literal)
            self._used[key] = literal
        return self._used[key]

    def practices_in_week(self, person: str, week: int) -> list[tuple[str, object]]:
        """(practice, used literal) for each practice the person could work at in the week."""
        pairs = ((site, self.used(person, site, week)) for site in self.practices)
        return [(site, literal) for site, literal in pairs if literal is not None]

    # --- for the rules -----------------------------------------------------------------------

    def term(self, name: str, count) -> Term:
        return Term(name, count)

    def relaxing(self, rule: str) -> bool:
        return rule in self.relax

    def slack(self, rule: str, upper: int, describe: Callable[[int], str], name: str, topic=()):
        """A named amount by which a relaxed hard rule may give, minimised by the objective."""
        var = self.cp.new_int_var(0, max(0, upper), f"slack|{rule}|{name}")
        self.slacks.append(Slack(rule, var, describe, topic))
        return var

    def never(self):
        """A requirement nothing can meet: the problem is infeasible as it stands."""
        self.cp.add_bool_or([])

    # --- reading a solution ------------------------------------------------------------------

    def rota(self, solver: cp_model.CpSolver) -> tuple[Assignment, ...]:
        return tuple(
            sorted(
                Assignment(person, slot.day, slot.session, site, service)
                for (person, slot, site, service), var in self.x.items()
                if solver.boolean_value(var)
            )
        )

    def rota_of(self, values) -> tuple[Assignment, ...]:
        """The rota of a solution given as every variable's value (see completed())."""
        return tuple(
            sorted(
                Assignment(person, slot.day, slot.session, site, service)
                for (person, slot, site, service), var in self.x.items()
                if values[var.index]
            )
        )

    def objective(self):
        return sum(
            weight_of(self.problem, rule) * term.count
            for rule, terms in self.terms.items()
            for term in terms
        )

    def hint(self, assignments):
        """Suggest a rota (published, locked or a heuristic's) as the solver's first guess."""
        for a in assignments:
            choices = self.choices(a.person, a.slot)
            if (a.site, a.service) not in choices:
                continue
            for option, var in choices.items():
                self.cp.add_hint(var, option == (a.site, a.service))

    def hint_in_full(self, rota, *, seconds: float = 5.0) -> bool:
        """Hint every variable, not only the choices: fix the choices to `rota` in a copy of
        the model and let the solver work out the rest. A complete, feasible hint is the
        solver's first solution at once; given only the choices, it can take many seconds to
        find its way back to them. False (and only the choices hinted) when `rota` breaks a
        hard rule."""
        values = self.completed(rota, seconds=seconds)
        self.cp.clear_hints()
        if values is None:
            self.hint(rota)
            return False
        self.hint_values(values)
        return True

    def hint_values(self, values) -> None:
        """Hint every variable with `values` (one per variable, as completed() gives them)."""
        self.cp.clear_hints()
        # Straight into the model's hint: 40,000 add_hint() calls would take longer than a
        # solve of the fixed model.
        hint = self.cp.proto.solution_hint
        hint.vars.extend(range(len(values)))
        hint.values.extend(values)

    def completed(self, rota, *, seconds: float = 5.0) -> list[int] | None:
        """The value of every variable of the model for `rota`: its choices fixed in a copy
        of the model, the rest worked out by the solver. None when `rota` breaks a hard rule."""
        chosen = {(a.person, a.slot, a.site, a.service) for a in rota}
        copy = self.cp.clone()
        copy.clear_hints()
        variables = copy.proto.variables
        for key, var in self.x.items():
            value = int(key in chosen)
            domain = variables[var.index].domain  # a Boolean's is [0, 1]
            domain[0], domain[1] = value, value
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        # Deterministic time, not the clock, so a busy machine completes the same rota.
        solver.parameters.max_deterministic_time = seconds
        if solver.solve(copy) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        return list(solver.response_proto.solution)


def build(problem: Problem, *, relax: frozenset[str] = frozenset(), soft: bool = True) -> Model:
    """The model of `problem`: every hard rule, and (when `soft`) every soft rule's penalty
    terms as the objective. With `relax`, those hard rules give by named slack variables and the
    objective is the total slack: how the problem is found infeasible, and where."""
    model = Model(problem, relax=relax)
    for rule in HARD_RULES:
        rule.build(model)
    if soft:
        for rule in SOFT_RULES:
            if weight_of(problem, rule.NAME) > 0:
                model.terms[rule.NAME] = list(rule.build(model))
    if relax:
        model.cp.minimize(sum(slack.var for slack in model.slacks))
    else:
        model.cp.minimize(model.objective())
    return model
